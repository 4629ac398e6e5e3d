"""Renderers: each turns a compiled Instrument into named output files (bytes).

RENDERERS lists every back end explicitly; `api.build` runs the requested ones into
memory and writes nothing unless all of them succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from generator.compile import Instrument
from generator.issues import Issue, Location
from generator.render.xlsform import Sheets, xlsform_sheets, xlsx_bytes


@dataclass
class RenderContext:
    """What renderers share: the instrument, the workbook made once, found issues."""

    instrument: Instrument
    locate: Callable[[str], Location | None]
    timestamp: int
    issues: list[Issue] = field(default_factory=list)

    @cached_property
    def sheets(self) -> Sheets:
        return xlsform_sheets(self.instrument)

    @cached_property
    def xlsx(self) -> bytes:
        return xlsx_bytes(self.sheets, self.timestamp)


class Renderer(Protocol):
    def __call__(self, ctx: RenderContext) -> dict[str, bytes]: ...


def render_xlsform(ctx: RenderContext) -> dict[str, bytes]:
    return {f"{ctx.instrument.form_id}.xlsx": ctx.xlsx}


def render_xform(ctx: RenderContext) -> dict[str, bytes]:
    from generator.render.xform import xform_text

    xml, found = xform_text(ctx.xlsx, ctx.sheets, ctx.locate, ctx.instrument.form_id)
    ctx.issues.extend(found)
    return {} if xml is None else {f"{ctx.instrument.form_id}.xml": xml.encode("utf-8")}


def render_pdf(ctx: RenderContext) -> dict[str, bytes]:
    from generator.render.paper import render_paper

    return render_paper(ctx)


RENDERERS: dict[str, Renderer] = {
    "xlsform": render_xlsform,
    "xform": render_xform,
    "pdf": render_pdf,
}
