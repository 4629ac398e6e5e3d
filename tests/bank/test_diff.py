"""`migmod diff`: what changed between two versions of a bank."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import api
from generator.bank.diff import diff_banks
from tests.cli.test_cli import run
from tests.conftest import BANKS


def test_diff_lists_questions_codes_and_routing(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(BANKS / "mini", new)
    person = new / "person.yaml"
    text = person.read_text(encoding="utf-8")
    text = text.replace("relevant: \"${born_here} = '2' and ${age} >= 15\"",
                        "relevant: \"${born_here} = '2' and ${age} >= 18\"")
    text = text.replace("    - {code: 2, label: {en: Family, fr: Famille}}",
                        "    - {code: 3, label: {en: Study, fr: Études}}")
    text = text.replace('version: "1.2"', 'version: "1.3"')
    person.write_text(text, encoding="utf-8")
    bank = (new / "bank.yaml").read_text(encoding="utf-8").replace('"1.2"', '"1.3"')
    (new / "bank.yaml").write_text(bank, encoding="utf-8")
    old_bank, new_bank = api.check(BANKS / "mini").bank, api.check(new).bank
    assert old_bank is not None and new_bank is not None
    diff = diff_banks(old_bank, new_bank)
    assert diff.lines == [
        "~ question person.reason: routing \"${born_here} = '2' and ${age} >= 15\" → "
        "\"${born_here} = '2' and ${age} >= 18\"",
        "+ code reason.3",
        "- code reason.2",
    ]
    assert diff.to_text().startswith("bank 1.2 → 1.3")


def test_diff_command_on_folders() -> None:
    proc = run("diff", str(BANKS / "mini"), str(BANKS / "mini"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["bank 1.2 → 1.2", "no changes"]
