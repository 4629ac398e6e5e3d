"""Renderer entry points: each takes a RenderContext and returns file name → bytes.

The codebook is built once per context and shared by every format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.render.codebook.build import build_codebook
from generator.render.codebook.coverage import Coverage, compute_coverage, matrix_rows
from generator.render.codebook.ddi import ddi_xml
from generator.render.codebook.html import codebook_view, coverage_view
from generator.render.codebook.model import Codebook
from generator.render.codebook.scripts import r_script, spss_syntax, stata_do
from generator.render.codebook.tabular import codebook_json, csv_bytes, values_rows, variables_rows

if TYPE_CHECKING:
    from generator.render.context import RenderContext

_CACHE = "_migmod_codebook"


def codebook_of(ctx: RenderContext) -> Codebook:
    """The context's codebook, built on first use (dated by `ctx.timestamp`)."""
    found = ctx.__dict__.get(_CACHE)
    if not isinstance(found, Codebook):
        found = build_codebook(ctx.instrument, ctx.timestamp)
        ctx.__dict__[_CACHE] = found
    return found


def render_codebook_html(ctx: RenderContext) -> dict[str, bytes]:
    """`<form_id>.codebook.html`: one self-contained page with a search box."""
    from generator.render.templating import render_template

    html, found = render_template("codebook.html.j2", v=codebook_view(codebook_of(ctx)))
    ctx.issues.extend(found)
    return {} if html is None else {f"{ctx.instrument.form_id}.codebook.html":
                                    html.encode("utf-8")}


def render_codebook_csv(ctx: RenderContext) -> dict[str, bytes]:
    """`<form_id>.codebook.csv` (variables) and `.codebook.values.csv` (value labels)."""
    cb = codebook_of(ctx)
    stem = ctx.instrument.form_id
    return {f"{stem}.codebook.csv": csv_bytes(variables_rows(cb)),
            f"{stem}.codebook.values.csv": csv_bytes(values_rows(cb))}


def render_codebook_json(ctx: RenderContext) -> dict[str, bytes]:
    """`<form_id>.codebook.json`, valid against generator/codebook/codebook.schema.json."""
    return {f"{ctx.instrument.form_id}.codebook.json": codebook_json(codebook_of(ctx))}


def render_codebook_ddi(ctx: RenderContext) -> dict[str, bytes]:
    """`<form_id>.ddi.xml`: DDI-Codebook 2.5."""
    return {f"{ctx.instrument.form_id}.ddi.xml": ddi_xml(codebook_of(ctx))}


def coverage_of(ctx: RenderContext) -> Coverage:
    return compute_coverage(ctx.instrument)


def render_coverage(ctx: RenderContext) -> dict[str, bytes]:
    """`<form_id>.coverage.html` and `.coverage.csv`: indicators by variables."""
    from generator.render.templating import render_template

    cov = coverage_of(ctx)
    stem = ctx.instrument.form_id
    out = {f"{stem}.coverage.csv": csv_bytes(matrix_rows(cov))}
    html, found = render_template("coverage.html.j2", v=coverage_view(cov))
    ctx.issues.extend(found)
    if html is None:
        return {}
    out[f"{stem}.coverage.html"] = html.encode("utf-8")
    return out


def render_scripts(ctx: RenderContext) -> dict[str, bytes]:
    """`<form_id>.do`, `.sps` and `.R`: label scripts in the default language."""
    cb = codebook_of(ctx)
    stem = ctx.instrument.form_id
    return {f"{stem}.do": stata_do(cb).encode("utf-8"),
            f"{stem}.sps": spss_syntax(cb).encode("utf-8"),
            f"{stem}.R": r_script(cb).encode("utf-8")}
