"""Inside a host's roster, the module routes each member exactly as the standalone form
does: played on ODK's own engine with two members who answer differently."""

from __future__ import annotations

from pathlib import Path

from generator import BuildOptions
from generator.api import DEFAULT_BANK, attach, check
from generator.attach import AttachOptions
from generator.bank.model import Tier
from generator.instrument.compile import compile_instrument
from generator.instrument.describe import simulate
from tests.attach.hosts import standard_host
from tests.engine_runner import case, play

CONTEXT = {"ref_year": "2026", "ref_month": "11"}
NATIVE = {"age": 40, "born_here": "1", "citizen_here": "1", "other_citizenship": "2",
          "lived_abroad": "2", "mother_line": 0, "mother_born_here": "1", "father_line": 0,
          "father_born_here": "1"}
MIGRANT = {"age": 30, "born_here": "2", "country_birth": "804", "citizen_here": "2",
           "citizenship": "804", "other_citizenship": "2", "arrival_year": 2023,
           "arrival_month": 5, "mother_line": 0, "mother_born_here": "2", "father_line": 0,
           "father_born_here": "8"}


def test_two_members_route_as_in_the_standalone_form(tmp_path: Path) -> None:
    host = standard_host(tmp_path)
    result = attach(host, tmp_path / "out.xlsx", AttachOptions(tier=Tier.CORE), DEFAULT_BANK)
    assert result.report.valid, result.report.to_text()
    assert result.xform is not None
    renamed = result.plan.renamed  # module name -> name in the attached form
    assert renamed.get("born_here") == "mig_born_here"  # the host has its own born_here

    def in_form(answers: dict[str, object]) -> dict[str, object]:
        out = {renamed.get(k, k): v for k, v in answers.items()}
        out["born_here"] = "2"  # the host's own question, answered differently on purpose
        return {**out, "first_name": "X", "gender": "1", "rel": "1"}

    played = play(result.xform, [case("two-members", {"hh_size": 2, "hh_id": "A1"},
                                      {"members": [in_form(NATIVE), in_form(MIGRANT)]})])
    members = played["two-members"].instances("members")
    assert len(members) == 2

    checked = check(DEFAULT_BANK)
    assert checked.bank is not None
    inst, _ = compile_instrument(checked.bank, BuildOptions(tier=Tier.CORE))
    assert inst is not None
    module_of = {it.name: it.module for it in inst.items()}
    in_attached = {renamed.get(n, n): n for n, m in module_of.items() if m == "person_core"}
    for scope, answers in zip(members, (NATIVE, MIGRANT), strict=True):
        expected = [n for n in simulate(inst, answers, level="person", context=CONTEXT).asked
                    if module_of[n] == "person_core"]
        got = [in_attached[n] for n in scope.relevant if n in in_attached]
        assert got == expected
        assert scope.invalid == []
    assert "country_birth" not in members[0].relevant
    assert "arrival_year" in members[1].relevant
