"""`migmod print` on real household-survey forms, alone and with the module attached:
every printed question's label is in its booklet, and the literal interviewer agrees with
the form's relevance on 500 random answer paths per form."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from generator.api import attach
from generator.attach import AttachOptions
from generator.bank.model import Tier
from generator.hostform import PrintOptions, PrintResult, print_form
from generator.hostform.tree import PRINTED, SELECTS, SIMPLE
from tests.attach.hosts import ROOT
from tests.hostform.literal import disagreements

pytestmark = pytest.mark.slow

_ATTACH = {"reach_msna2024_v11.xlsx": AttachOptions(roster="roster", validate=False),
           "isglobal_bohemia_census.xlsx": AttachOptions(
               tier=Tier.CORE, fill_language={"Swahili": "en", "Portuguese": "en"},
               validate=False)}
FORMS = [(name, attached) for name in _ATTACH for attached in (False, True)]
IDS = [f"{n.split('_')[0]}{'+module' if a else ''}" for n, a in FORMS]


def real_host(name: str) -> Path:
    """A real host form: vendored in tests/hosts, else in a `shared/hosts` folder beside the
    checkout (or beside the folder of worktrees)."""
    places = [ROOT / "tests" / "hosts"] + [up / "shared" / "hosts" for up in ROOT.parents]
    found = next((p / name for p in places if (p / name).is_file()), None)
    if found is None:
        pytest.skip(f"real host form {name} not available (tests/hosts or ../shared/hosts)")
    return found


def attached(name: str, folder: Path) -> Path:
    """The real host with the standard module attached (ODK Validate runs in the attach
    tests; here the attached form is only printed)."""
    path = folder / f"{Path(name).stem}_migration.xlsx"
    result = attach(real_host(name), path, _ATTACH[name])
    assert result.report.valid, result.report.to_text()
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], PrintResult]:
    """Each form printed as HTML in all its languages (what WeasyPrint is given)."""
    out = {}
    for name, with_module in FORMS:
        path = attached(name, tmp_path_factory.mktemp("attached")) if with_module \
            else real_host(name)
        result = print_form(path, None, PrintOptions(), ("html",))
        assert result.report.valid and result.paper is not None, result.report.to_text()
        out[(name, with_module)] = result
    return out


def labels_of(tree: dict[str, Any], lang: str) -> list[str]:
    """Every printed question's label in pyxform's own tree, independently of the reader."""
    kinds = {t for t, kind in {**SELECTS, **SIMPLE}.items() if kind in PRINTED}
    out: list[str] = []

    def visit(node: dict[str, Any]) -> None:
        for child in node.get("children", []) or []:
            if child.get("type") in kinds:
                label = child.get("label")
                out.append(label.get(lang, "") if isinstance(label, dict) else str(label or ""))
            visit(child)

    visit(tree)
    return out


def fragments(label: str) -> list[str]:
    """The label's words without spaces, cut at references and markup."""
    parts = re.split(r"\$\{[^}]*\}|<[^>]*>|[*#_]+|&\w+;", label)
    return ["".join(p.split()) for p in parts if len("".join(p.split())) >= 3]


@pytest.mark.parametrize(("name", "with_module"), FORMS, ids=IDS)
def test_every_label_is_in_every_booklet(printed: dict[tuple[str, bool], PrintResult],
                                         name: str, with_module: bool) -> None:
    result = printed[(name, with_module)]
    assert result.paper is not None
    form = result.paper.form
    for host_lang, code in form.languages.items():
        html = result.outputs[f"{form.path.stem}.questionnaire.{code}.html"]
        text = "".join(lxml_html.fromstring(html).text_content().split())
        labels = labels_of(form.tree, host_lang)
        assert len(labels) > 150
        missing = [f for label in labels for f in fragments(label) if f not in text]
        assert not missing, missing[:5]


@pytest.mark.parametrize(("name", "with_module"), FORMS, ids=IDS)
def test_the_literal_interviewer_agrees_on_500_paths(
        printed: dict[tuple[str, bool], PrintResult], name: str, with_module: bool) -> None:
    paper = printed[(name, with_module)].paper
    assert paper is not None
    asked, bad = disagreements(paper, 500)
    assert not bad, bad[:5]
    numbered = [it.name for it in paper.instrument.items() if it.number]
    assert len(set(asked)) > len(numbered) // 2, "most questions are asked on some path"
    assert sum(asked.values()) > 500 * 20


def test_reach_numbered_from_its_index_column() -> None:
    result = print_form(real_host("reach_msna2024_v11.xlsx"), None,
                        PrintOptions(number_column="index", languages=("en",)), ("html",))
    assert result.report.valid and result.paper is not None
    numbers = [it.number for it in result.paper.instrument.items() if it.number]
    assert numbers[:9] == [str(n) for n in range(1, 10)]
    assert len(set(numbers)) == len(numbers)
    twice = [(i.code, i.loc.line if i.loc else 0) for i in result.report.warnings]
    assert ("PRT006", 87) in twice, "the host's own repeated index is reported at its row"


def test_a_legacy_xls_that_pyxform_rejects_is_reported_at_its_row() -> None:
    result = print_form(real_host("ceat_nairobi_2021.xls"), None, PrintOptions())
    [err] = result.report.errors
    assert (err.code, err.loc.line if err.loc else 0) == ("PRT002", 62)
    assert "HandWashHabits1" in err.message and not result.outputs
