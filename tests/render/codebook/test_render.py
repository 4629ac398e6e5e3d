"""Renderer entry points: file names from the form id, deterministic bytes, no local paths."""

from __future__ import annotations

from generator.instrument.compile import Instrument
from generator.render.codebook.render import (
    render_codebook_csv,
    render_codebook_ddi,
    render_codebook_html,
    render_codebook_json,
    render_coverage,
    render_scripts,
)
from tests.render.codebook.conftest import context

RENDERERS = (render_codebook_html, render_codebook_csv, render_codebook_json,
             render_codebook_ddi, render_coverage, render_scripts)


def test_output_names_and_determinism(inst_en: Instrument) -> None:
    first, second = context(inst_en), context(inst_en)
    names: list[str] = []
    for fn in RENDERERS:
        out = fn(first)
        assert out == fn(second), fn.__name__
        names += out
        for name, data in out.items():
            assert b"/work/" not in data and b"/tmp/" not in data, name
    stem = inst_en.form_id
    assert sorted(names) == sorted(f"{stem}{suffix}" for suffix in (
        ".codebook.html", ".codebook.csv", ".codebook.values.csv", ".codebook.json",
        ".ddi.xml", ".coverage.html", ".coverage.csv", ".do", ".sps", ".R"))
    assert not first.issues


def test_timestamp_comes_from_the_context(inst_en: Instrument) -> None:
    ctx = context(inst_en)
    ctx.timestamp = 0
    out = render_codebook_json(ctx)
    assert b'"generated": "1970-01-01T00:00:00Z"' in next(iter(out.values()))
