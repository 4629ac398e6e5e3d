"""How the printed questionnaire is laid out for people, as DHS lays out its booklets.

Per block: roster columns (one line per member, in the household schedule) when every
member block of the selection is short enough to sit there, else an individual questionnaire
(one copy per member, with the member's identification at the top of every page). Sections
of a part flow on without a forced page break; a CHECK and the question it guards stay in
one unbreakable unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.bank.model import Level
from generator.instrument.compile import Instrument
from generator.render.paper.plan import Section

COLUMNS_MAX = 16
"""Member questions (all member blocks together, roster aside) that fit the household
schedule as columns; more make an individual questionnaire."""
ROSTER_LINES = 10
"""Pre-printed member lines of the household schedule (more on the continuation sheet)."""
RESULT_CODES = 9
"""Result codes of a household visit (DHS-8: completed … other)."""
VISITS = 3


def member_blocks(sections: Sequence[Section]) -> list[Section]:
    """The member-level sections other than the roster itself."""
    return [s for s in sections if s.repeat == "hh_members" and not s.block.module.meta.roster]


def layout_of(section: Section, sections: Sequence[Section]) -> str:
    """'grid' (one line per member or emigrant) or 'pages' (one copy per member or household)."""
    meta = section.block.module.meta
    if meta.paper_layout:
        return meta.paper_layout
    if meta.roster or section.repeat not in (None, "hh_members"):
        return "grid"
    if section.repeat == "hh_members":
        asked = sum(len(s.entries) for s in member_blocks(sections)
                    if not s.block.module.meta.paper_layout)
        return "grid" if asked <= COLUMNS_MAX else "pages"
    return "pages"


def part_of(section: Section, layout: str) -> str:
    """'household' (the household questionnaire) or 'individual' (one copy per member)."""
    if section.block.level is Level.PERSON and layout == "pages":
        return "individual"
    return "household"


def language_codes(inst: Instrument, lang: str) -> list[tuple[str, str]]:
    """The cover's language codes: every language of the build, named in `lang`."""
    from babel import Locale, UnknownLocaleError

    out = []
    for n, language in enumerate(inst.bank.meta.languages, start=1):
        try:
            name = Locale.parse(language.code.replace("-", "_")).get_display_name(
                lang.replace("-", "_")) or language.name
        except (UnknownLocaleError, ValueError):
            name = language.name
        out.append((f"{n:02d}", name.upper() if lang != "ar" else name))
    return out
