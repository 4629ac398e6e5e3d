"""The printed questionnaire: one HTML preview and one PDF per language."""

from __future__ import annotations

from generator.instrument.names import untranslated
from generator.render.context import RenderContext
from generator.render.paper.plan import plan
from generator.render.paper.view import paper_view
from generator.render.templating import pdf_bytes, render_template


def render_paper(ctx: RenderContext, *, pdf: bool = True) -> dict[str, bytes]:
    """`<form_id>.questionnaire.<lang>.html` and `.pdf` for every language of the build."""
    inst = ctx.instrument
    paper = plan(inst)
    ctx.issues.extend(untranslated(inst.bank.choices, inst.choices,
                                   [lang.code for lang in inst.languages]))
    out: dict[str, bytes] = {}
    for lang in inst.languages:
        view = paper_view(paper, lang.code, inst.options.paper_size)
        html, found = render_template("questionnaire.html.j2", v=view)
        ctx.issues.extend(found)
        if html is None:
            return {}
        stem = f"{inst.form_id}.questionnaire.{lang.code}"
        out[f"{stem}.html"] = html.encode("utf-8")
        if pdf:
            out[f"{stem}.pdf"] = pdf_bytes(html, ctx.timestamp)
    return out
