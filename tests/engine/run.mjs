#!/usr/bin/env node
/*
 * Plays routing scenarios on ODK's own form engine, @getodk/xforms-engine (the engine of
 * ODK Web Forms), headless in Node. One process loads the XForm once and plays every case.
 *
 *   node tests/engine/run.mjs < request.json > response.json
 *
 * Request (JSON on stdin):
 *   {
 *     "xform": "<?xml ...>",           the XForm, as text
 *     "today": "2026-11-15",           optional: the date that today()/now() return (UTC noon)
 *     "cases": [{
 *       "id": "native-born-adult",
 *       "answers": {"hh_region": "KE-47", "emigrant_any": "1", "emigrant_count": 2},
 *                                       questions outside any repeat, by name
 *       "repeats": {                    repeat name -> one answer object per instance
 *         "hh_members": [{"age": 40, "born_here": "1"}, {"age": 8, "mother_line": 1}],
 *         "emigrant_roster": [{"em_name": "Amina"}, {"em_name": "Juma"}]
 *       }
 *     }]
 *   }
 *
 * Values: select_one by choice value ("2"), select_multiple space-separated ("1 3 4"),
 * integers and text as strings or numbers. A repeat without a jr:count (hh_members) gets
 * exactly as many instances as answer objects are given (none: the form's default is kept);
 * a repeat with a jr:count (emigrant_roster) gets the instances its count gives, and the
 * i-th answer object fills the i-th instance.
 *
 * Each case starts from a fresh instance of the form (the previous one is disposed). The
 * form is walked in document order;
 * a question is answered only when it is relevant at that moment and the case has an answer
 * for it in its scope (the top level, or the repeat instance it belongs to), as an
 * interviewer working through the form would.
 *
 * Response (JSON on stdout):
 *   {
 *     "engine": "@getodk/xforms-engine 0.22.0",
 *     "results": [{
 *       "id": "native-born-adult",
 *       "error": null,                  or the message of an exception that stopped the case
 *       "problems": [],                 answers the engine refused (e.g. a value not in the list)
 *       "scopes": [{
 *         "repeat": null, "index": 0,   the top level; then {"repeat": "hh_members", "index": 1} …
 *         "relevant": ["hh_region", …], questions (input/select/… controls) relevant at the end,
 *                                       in document order
 *         "values": {"foreign_born": "1", …},   every model-only value (calculate fields …)
 *         "invalid": ["mother_line"],   answered questions whose constraint is violated
 *         "unused": ["line_no"]         answers given but never set (not relevant, not a
 *                                       question, or no such name in this scope)
 *       }, …]
 *     }]
 *   }
 *
 * Exit status: 0 when the form loaded (per-case failures are reported in "error"), 1 when
 * the request or the form could not be read (message on stderr).
 *
 * The engine needs a DOM (DOMParser, document, Node): jsdom provides it. Its bundled
 * tree-sitter (emscripten) build takes the Node code path, which reads `__dirname` and
 * `module` as globals in an ES module: both are given harmless values before the import.
 */

import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const ENGINE = '@getodk/xforms-engine';

function installDom() {
  const { window } = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>');
  globalThis.window = window;
  globalThis.document = window.document;
  globalThis.DOMParser = window.DOMParser;
  globalThis.Node = window.Node;
  globalThis.__dirname ??= new URL('.', import.meta.url).pathname;
  globalThis.module ??= { exports: {} };
}

function fixToday(day) {
  if (!day) return;
  const ms = Date.parse(`${day}T12:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`bad "today": ${day}`);
  Date.now = () => ms;
}

const nameOf = (node) => {
  const nodeset = node.definition?.nodeset ?? '';
  return nodeset.slice(nodeset.lastIndexOf('/') + 1);
};

const QUESTION_TYPES = new Set(['input', 'select', 'range', 'rank', 'upload', 'trigger']);

function text(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

function newScope(repeat, index, answers) {
  return { repeat, index, answers: answers ?? {}, set: new Set(), nodes: [], problems: [] };
}

/** Pass 1: answer relevant questions in document order, creating repeat instances. */
function answerWalk(node, scope, scopes, repeats) {
  const state = node.currentState;
  const type = node.nodeType;
  if (type === 'repeat-range:uncontrolled' || type === 'repeat-range:controlled') {
    const name = nameOf(node);
    const wanted = repeats[name];
    if (type === 'repeat-range:uncontrolled' && Array.isArray(wanted)) {
      const have = state.children.length;
      if (have < wanted.length) node.addInstances(have - 1, wanted.length - have);
      else if (have > wanted.length) node.removeInstances(wanted.length, have - wanted.length);
    }
    const instances = node.currentState.children;
    instances.forEach((instance, k) => {
      const inner = newScope(name, k + 1, Array.isArray(wanted) ? wanted[k] : undefined);
      scopes.push(inner);
      answerWalk(instance, inner, scopes, repeats);
    });
    if (Array.isArray(wanted) && wanted.length > instances.length) {
      scope.problems.push(`${name}: ${wanted.length} instances answered, the form made ` +
                          `${instances.length}`);
    }
    return;
  }
  if (state.children) {
    for (const child of state.children) answerWalk(child, scope, scopes, repeats);
    return;
  }
  scope.nodes.push(node);
  const name = nameOf(node);
  if (!QUESTION_TYPES.has(type) || !(name in scope.answers) || !state.relevant) return;
  const value = text(scope.answers[name]);
  try {
    if (type === 'select') {
      const values = value === '' ? [] : value.split(/\s+/);
      const unknown = values.filter((v) => node.getValueOption(v) === null);
      if (unknown.length) {
        scope.problems.push(`${name}: ${unknown.join(' ')} is not a choice`);
        return;
      }
      if (node.selectType === 'select1') node.selectValue(values[0] ?? null);
      else node.selectValues(values);
    } else if (type === 'trigger') {  // acknowledge: "OK" is the interviewer's tick
      node.setValue(value.toLowerCase() === 'ok');
    } else {
      node.setValue(value);
    }
    scope.set.add(name);
  } catch (err) {
    scope.problems.push(`${name}: ${err?.message ?? err}`);
  }
}

/** Pass 2: read the final state of each scope. */
function report(scope) {
  const relevant = [];
  const values = {};
  const invalid = [];
  for (const node of scope.nodes) {
    const name = nameOf(node);
    const state = node.currentState;
    if (node.nodeType === 'model-value') {
      values[name] = text(state.value);
    } else if (QUESTION_TYPES.has(node.nodeType) && state.relevant) {
      relevant.push(name);
      if (scope.set.has(name) && node.validationState?.constraint?.valid === false) {
        invalid.push(name);
      }
    }
  }
  const unused = Object.keys(scope.answers).filter((n) => !scope.set.has(n));
  return { repeat: scope.repeat, index: scope.index, relevant, values, invalid, unused };
}

function playCase(form, spec) {
  const top = newScope(null, 0, spec.answers);
  const scopes = [top];
  const started = performance.now();
  try {
    // resetInstance disposes the reactive scope of the previous case's instance (which
    // createInstance would keep alive: memory would grow with every case) and creates anew.
    const { root } = form.resetInstance();
    answerWalk(root, top, scopes, spec.repeats ?? {});
    return {
      id: spec.id,
      ms: Math.round(performance.now() - started),
      error: null,
      problems: scopes.flatMap((s) => s.problems),
      scopes: scopes.map(report),
    };
  } catch (err) {
    return { id: spec.id, ms: Math.round(performance.now() - started),
             error: String(err?.stack ?? err), problems: [], scopes: [] };
  }
}

async function main() {
  const request = JSON.parse(readFileSync(0, 'utf8'));
  installDom();
  fixToday(request.today);
  const engine = await import(ENGINE);
  const version = JSON.parse(readFileSync(
    new URL('./node_modules/@getodk/xforms-engine/package.json', import.meta.url), 'utf8')).version;
  const form = await engine.loadForm(request.xform);
  if (form.status !== 'success') {
    throw new Error(`the engine could not load the form: ${form.error?.message ?? form.status}`);
  }
  const results = (request.cases ?? []).map((spec) => playCase(form, spec));
  process.stdout.write(JSON.stringify({ engine: `${ENGINE} ${version}`, results }));
  process.stdout.write('\n');
}

main().catch((err) => {
  process.stderr.write(`run.mjs: ${err?.stack ?? err}\n`);
  process.exit(1);
});
