"""What every renderer receives: the compiled instrument, the workbook made once, issues."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from generator.instrument.compile import Instrument
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
