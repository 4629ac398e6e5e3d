"""No raw placeholder reaches an output (OUT007), and the paper fills every one it prints."""

from __future__ import annotations

from generator import BuildOptions
from generator.api import DEFAULT_BANK, check
from generator.bank.model import Tier
from generator.instrument.compile import compile_instrument
from generator.render.context import RenderContext
from generator.render.leaks import placeholder_leaks
from generator.render.paper.render import render_paper


def test_a_leak_fails_with_its_place_in_the_output() -> None:
    html = b"<p>x</p>\n<td>Outside {country}</td>\n"
    found = placeholder_leaks({"f.questionnaire.en.html": html, "f.pdf": b"{country}"},
                              {"country", "currency"})
    assert [(i.code, i.loc.file, i.loc.line, i.loc.col) for i in found if i.loc] == \
        [("OUT007", "f.questionnaire.en.html", 2, 13)]
    assert found[0].severity.value == "error"
    assert placeholder_leaks({"a.html": b"${country} {other}"}, {"country"}) == []


def test_build_without_a_country_prints_no_placeholder() -> None:
    """The reserved codes under a region write-in ("Outside {country}", IM03) are filled."""
    result = check(DEFAULT_BANK)
    assert result.bank is not None
    inst, _ = compile_instrument(result.bank, BuildOptions(tier=Tier.EXTENDED))
    assert inst is not None
    out = render_paper(RenderContext(inst, lambda _: None, 0), pdf=False)
    assert len(out) == 4
    assert placeholder_leaks(out, set(result.bank.meta.placeholders)) == []
    english = out[f"{inst.form_id}.questionnaire.en.html"].decode()
    assert "Outside this country" in english
