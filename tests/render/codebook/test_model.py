"""The codebook view model built from compiled instruments of the standard bank."""

from __future__ import annotations

from generator.instrument.compile import Instrument
from generator.render.codebook.build import build_codebook
from generator.render.codebook.model import Codebook
from tests.render.codebook.conftest import TIMESTAMP


def test_one_variable_per_item_in_document_order(inst_en: Instrument, cb_en: Codebook) -> None:
    expected = [it.name for it in inst_en.items()
                if it.question.kind not in ("group", "repeat", "note")]
    assert [v.name for v in cb_en.variables()] == expected
    assert [s.id for s in cb_en.sections] == [b.id for b in inst_en.blocks]


def test_records_and_paths_follow_the_form(cb_en: Codebook) -> None:
    assert [(r.name, r.path, r.parent) for r in cb_en.records] == [
        ("household", "", None), ("hh_members", "hh_members", "household"),
        ("emigrant_roster", "emigrants/emigrant_roster", "household")]
    born = cb_en.variable("born_here")
    assert born is not None
    assert (born.record, born.path, born.number) == ("hh_members",
                                                     "hh_members/person_core/born_here", "P01")
    em = cb_en.variable("em_name")
    assert em is not None and em.record == "emigrant_roster"
    region = cb_en.variable("hh_region")
    assert region is not None and region.record == "household"


def test_derived_variables_carry_their_exact_definition(cb_all: Codebook) -> None:
    derived = [v for v in cb_all.variables() if v.derivation is not None]
    assert {"foreign_born", "foreign_citizen", "intl_migrant", "recent_migrant", "generation",
            "return_migrant", "rc_cost_months"} <= {v.name for v in derived}
    for v in derived:
        d = v.derivation
        assert d is not None
        assert set(d.definition) == set(d.plain) == {"en", "fr", "es", "ar"}
        assert all(d.definition.values()) and all(d.plain.values()), v.name
        assert d.calculation == v.calculation
    fb = cb_all.variable("foreign_born")
    assert fb is not None and fb.derivation is not None
    assert fb.derivation.calculation == "if(${born_here} = '2', 1, if(${born_here} = '1', 0, ''))"
    assert fb.derivation.plain["en"] == ("1 if BORN HERE (P01) is 'No'; 0 if BORN HERE (P01) is "
                                         "'Yes'; otherwise unknown (empty)")
    assert fb.derivation.inputs == ("born_here",)
    generation = cb_all.variable("generation")
    assert generation is not None and generation.derivation is not None
    assert "mother_born_here" in generation.derivation.inputs  # through mother_foreign_born
    assert "hh_members" not in generation.derivation.inputs
    born = cb_all.variable("born_here")
    assert born is not None and "foreign_born" in born.used_by and "generation" in born.used_by


def test_value_labels_reserved_and_special_codes(cb_en: Codebook) -> None:
    born = cb_en.variable("born_here")
    assert born is not None
    assert [(v.code, v.label["en"], v.missing) for v in cb_en.value_labels(born)] == [
        ("1", "Yes", None), ("2", "No", None), ("8", "Don't know", "dont_know")]
    grounds = cb_en.variable("discrimination_grounds")
    assert grounds is not None
    assert not any(v.missing for v in cb_en.value_labels(grounds))  # 8 = a ground, not DK
    year = cb_en.variable("arrival_year")
    assert year is not None
    assert [(c.code, c.missing) for c in year.special_codes] == [("9998", "dont_know")]
    years = cb_en.variable("years_in_locality")
    assert years is not None
    assert [c.code for c in years.special_codes] == ["95", "98"]


def test_universe_text_and_expression(cb_all: Codebook) -> None:
    cob = cb_all.variable("country_birth")
    assert cob is not None
    assert cob.relevant == "${born_here} = '2'"
    assert cob.universe_plain["en"] == "BORN HERE (P01) is 'No'"
    assert cob.universe_plain["fr"] and cob.universe_plain["ar"]
    em = cb_all.variable("em_name")  # asked inside the emigrant roster: the repeat's condition
    assert em is not None and "EMIGRANT COUNT (EM02)" in em.universe_plain["en"]


def test_indicators_link_variables(cb_en: Codebook) -> None:
    ids = [i.id for i in cb_en.indicators]
    assert "10.7.1" in ids and "10.7.2" not in ids  # only indicators the selection feeds
    rc = next(i for i in cb_en.indicators if i.id == "10.7.1")
    assert ("rc_cost_months", "input", "D") in {(f.variable, f.role, f.sdg_role)
                                                 for f in rc.variables}


def test_deterministic_and_dated_by_timestamp(inst_en: Instrument) -> None:
    assert build_codebook(inst_en, TIMESTAMP) == build_codebook(inst_en, TIMESTAMP)
    assert build_codebook(inst_en, TIMESTAMP).generated == "2026-01-01T00:00:00Z"
