"""Nothing in a host form, however odd, gives a traceback: random conditions, texts and
shapes go through the reader, the plan, the view and both interviewers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.hostform import PrintOptions, compile_form
from generator.hostform.source import Form
from generator.render.paper import plan
from generator.render.paper.view import paper_view
from generator.render.templating import render_template
from tests.hostform.literal import disagreements

TOKENS = ["${a}", "${b}", "${c-d}", "${rep}", "'x'", "'1'", "1", "15", " and ", " or ", "(",
          ")", "pulldata('f', 'c', 'k', ", "indexed-repeat(${a}, ${rep}, 1)", ",", " = ",
          " != ", " > ", "/data/a", "[", "]", "instance('l')/root/item", "position(..)", ".",
          "not(", "selected(${b}, 'x')", "count-selected(${b})", "jr:choice-name(", "\"",
          "$", "{", "}", "regex(${a}, '^a')", "today()", "if(", "<b>", "**", " div ", "-"]

conditions = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join)
texts = st.one_of(st.none(), st.text(max_size=30), st.integers(),
                  st.dictionaries(st.sampled_from(["English (en)", "fr", "default", "Klingon"]),
                                  st.one_of(st.text(max_size=20), st.none()), max_size=3))


def _q(kind: str, name: str, label: Any, relevant: str | None, **more: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"type": kind, "name": name, "label": label, **more}
    if relevant is not None:
        node["bind"] = {"relevant": relevant, "constraint": relevant}
    return node


def _tree(rel: list[str | None], labels: list[Any]) -> dict[str, Any]:
    yn = [{"name": "x", "label": {"English (en)": "X"}}, {"name": "1", "label": labels[0]}]
    return {"name": "data", "title": labels[1], "children": [
        _q("integer", "a", labels[2], rel[0]),
        _q("select one", "b", labels[3], rel[1], choices=yn, list_name="countries"),
        _q("text", "c-d", "CD", rel[2], choice_filter=rel[3] or ""),
        {"type": "group", "name": "g", "label": labels[4], "bind": {"relevant": rel[4] or "1"},
         "children": [
             _q("note", "n", labels[0], None),
             {"type": "repeat", "name": "rep", "label": labels[1],
              "control": {"jr:count": rel[5] or "2"}, "children": [
                  _q("select all that apply", "m", "M", rel[5], choices=yn, list_name="yn"),
                  _q("calculate", "k", None, None, bind={"calculate": rel[6] or "1"}),
                  _q("photo", "p", labels[2], rel[6])]},
             _q("weird type", "w", labels[3], rel[0])]},
        _q("deviceid", "dev", None, None)]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), conditions), min_size=7, max_size=7),
       st.lists(texts, min_size=5, max_size=5))
def test_odd_conditions_and_texts_never_crash(rel: list[str | None], labels: list[Any]) -> None:
    tree = _tree(rel, labels)
    from generator.hostform.source import language_codes

    form = Form(Path("odd.xlsx"), tree, {}, language_codes(tree))
    paper, found = compile_form(form, PrintOptions())
    assert paper is not None, found
    printed = plan(paper.instrument)
    for lang in paper.instrument.languages:
        html, bad = render_template("questionnaire.html.j2",
                                    v=paper_view(printed, lang.code))
        assert html is not None, bad
    _, disagree = disagreements(paper, 20, printed=printed)
    assert not disagree, disagree
