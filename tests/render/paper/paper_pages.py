"""Printed pages read back as a reader sees them: text with positions and rendered pixels
(pypdfium2), for structural checks of the questionnaire's layout."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MM = 72 / 25.4
"""PDF points per millimetre."""
SIDE = 14 * MM
"""The questionnaire's left and right page margins."""
FOOT = 16 * MM
INK = 140
"""Grey level below which a pixel is ink."""


def flat(text: str) -> str:
    """Text compared without spacing, presentation forms (Arabic shapes, ligatures) or
    combining marks (which PDF text puts out of order)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", "".join(ch for ch in text if not unicodedata.combining(ch)))


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    width: float
    height: float
    text: str
    boxes: list[tuple[str, float, float, float, float]]
    """(character, left, bottom, right, top) in points from the bottom-left corner."""
    ink_rows: list[int]
    """Pixel rows (top = 0, one pixel a point) that hold ink."""
    side_ink: int
    """Ink pixels in the outer 12 mm of either side, where nothing may be printed."""
    image: Any = field(repr=False, compare=False, default=None)
    """The page rendered in grey, one pixel a point."""

    def ink(self, x: float, y: float) -> bool:
        """Whether the point (PDF coordinates, from the bottom-left) is printed dark."""
        px, py = int(x), int(self.height - y)
        w, h = self.image.size
        return 0 <= px < w and 0 <= py < h and self.image.getpixel((px, py)) < INK

    def across(self, x: float) -> str:
        """Characters that sit across the vertical rule at `x` (text spilling over a cell
        border), on white ground (not the white titles on black bars)."""
        out = []
        for ch, left, bottom, right, top in self.boxes:
            if not left + 0.2 < x < right - 0.2:
                continue
            ruled = self.ink(x, top + 2) and self.ink(x, bottom - 2)
            ground = any(self.ink(x + dx, y) for dx in (-5, 5) for y in (top + 2, bottom - 2))
            if ruled and not ground:
                out.append(ch)
        return "".join(out)

    @property
    def fill(self) -> float:
        """How far down the body the page's ink reaches (0 empty, 1 full)."""
        top, bottom = 18 * MM, self.height - FOOT
        body = [r for r in self.ink_rows if top <= r <= bottom - 2 * MM]
        return 0.0 if not body else (max(body) - top) / (bottom - top)


def read_pages(pdf: Path, scale: float = 1.0) -> list[Page]:
    """Every page with its text, character boxes and rendered ink."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    pages = []
    for i in range(len(doc)):
        page = doc[i]
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        count = textpage.count_chars()
        boxes = [(ch, *textpage.get_charbox(k)) for k, ch in enumerate(text[:count])
                 if ch.strip()]
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        w, h = image.size
        pixels = image.load()
        band = int(12 * MM * scale)
        rows = sorted({y for y in range(0, h, 2) for x in range(band, w - band, 3)
                       if pixels[x, y] < INK})
        side = sum(1 for y in range(0, h, 2) for x in [*range(band), *range(w - band, w)]
                   if pixels[x, y] < INK)
        pages.append(Page(i + 1, width, height, text, boxes,
                          [int(r / scale) for r in rows], side,
                          image if scale == 1.0 else None))
    return pages


def png(pdf: Path, number: int, out: Path, scale: float = 1.5) -> Path:
    """One page rendered to PNG (to look at, or to keep beside a failing test)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    doc[number - 1].render(scale=scale).to_pil().save(out)
    return out
