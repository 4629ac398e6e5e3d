"""RENDERERS lists every back end explicitly; `api.build` runs the requested ones into
memory and writes nothing unless all of them succeed. Back ends are imported when used."""

from __future__ import annotations

from generator.render.context import RenderContext, Renderer


def render_xlsform(ctx: RenderContext) -> dict[str, bytes]:
    return {f"{ctx.instrument.form_id}.xlsx": ctx.xlsx}


def render_xform(ctx: RenderContext) -> dict[str, bytes]:
    from generator.render.xform import xform_text

    xml, found = xform_text(ctx.xlsx, ctx.sheets, ctx.locate, ctx.instrument.form_id)
    ctx.issues.extend(found)
    return {} if xml is None else {f"{ctx.instrument.form_id}.xml": xml.encode("utf-8")}


def render_pdf(ctx: RenderContext) -> dict[str, bytes]:
    from generator.render.paper.render import render_paper

    return render_paper(ctx)


def _codebook(name: str) -> Renderer:
    """A codebook back end, imported when first used."""
    def run(ctx: RenderContext) -> dict[str, bytes]:
        from generator.render.codebook import render as codebook

        found: dict[str, bytes] = getattr(codebook, name)(ctx)
        return found

    return run


def render_codebook_pdf(ctx: RenderContext) -> dict[str, bytes]:
    """The codebook's HTML typeset by WeasyPrint (the same templates and print CSS)."""
    from generator.render.codebook import render as codebook
    from generator.render.templating import pdf_bytes

    html = codebook.render_codebook_html(ctx)
    return {name.removesuffix(".html") + ".pdf": pdf_bytes(data.decode("utf-8"), ctx.timestamp)
            for name, data in html.items()}


RENDERERS: dict[str, Renderer] = {
    "xlsform": render_xlsform,
    "xform": render_xform,
    "pdf": render_pdf,
    "codebook_html": _codebook("render_codebook_html"),
    "codebook_pdf": render_codebook_pdf,
    "codebook_csv": _codebook("render_codebook_csv"),
    "codebook_json": _codebook("render_codebook_json"),
    "ddi": _codebook("render_codebook_ddi"),
    "coverage": _codebook("render_coverage"),
    "scripts": _codebook("render_scripts"),
}
