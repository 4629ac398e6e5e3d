"""`migmod print` on small forms written here: every odd construct, every error."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from generator.cli import cli
from generator.hostform import PrintOptions, print_form
from tests.hostform.forms import odd_form, odd_survey, row
from tests.hostform.literal import disagreements


def _text(data: bytes) -> str:
    return " ".join(lxml_html.fromstring(data).text_content().split())


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return odd_form(tmp_path_factory.mktemp("odd"))


def test_unsupported_conditions_are_quoted_in_numbered_checks(odd: Path) -> None:
    result = print_form(odd, None, PrintOptions(), ("html",))
    assert result.report.valid, result.report.to_text()
    quoted = [(i.code, i.loc.line if i.loc else 0, i.path) for i in result.report.issues]
    assert quoted == [("PRT003", 8, "survey[q_pull].relevant"),
                      ("PRT003", 9, "survey[q_regex].relevant"),
                      ("PRT003", 12, "survey[m_age].relevant"),
                      ("PRT003", 13, "survey[m_ir].relevant"),
                      ("PRT003", 15, "survey[q_choice].relevant"),
                      ("PRT003", 16, "survey[q_inst].relevant")]
    text = _text(result.outputs["odd.questionnaire.en.html"])
    # the supported half of a condition stays in plain words beside the quoted half
    assert "CHECK: [pulldata('hh', 'x', 'id', A01) = 'yes'] AND 15 OR MORE IN A03?" in text
    assert "[regex(A01, '^[0-9]+$')] OR CODE no (NO) CIRCLED IN A02" in text
    assert "[instance('yn')/root/item[name=A02]/label = 'Yes']" in text
    assert "[indexed-repeat(B01, MEMBERS, 1) != '']" in text
    assert "pulldata('hh', 'ref'" not in text, "hidden calculations are not printed"


def test_texts_notes_and_instructions(odd: Path) -> None:
    result = print_form(odd, None, PrintOptions(), ("html",))
    en = _text(result.outputs["odd.questionnaire.en.html"])
    fr = _text(result.outputs["odd.questionnaire.fr.html"])
    assert "A01 Household ID" in en and "**" not in en and "<b>" not in en
    assert "Read: the next questions are about (A01)." in en, "a note instructs, ${} → number"
    assert "RANGE: 0–120" in en and "PLAGE : 0–120" not in en
    assert "SHOW ONLY THE OPTIONS WHERE: country=A02." in en
    assert "[PICTURE: house.png]" in en and "[PHOTO: RECORD ON THE DEVICE]" in en
    assert "FILL ONE LINE OR COPY FOR EACH: Member. NUMBER OF LINES: A03." in en
    assert "Thank the respondent." in en, "a note after the last question joins it"
    assert "CHECK: MORE THAN 17 IN A03 AND CODE other (OTHER) CIRCLED IN D06? YES NO→ NEXT " \
        "SECTION D07 Specify other." in en, "pyxform's or_other question, ../oo read as ${oo}"
    assert "Consentement ?" in fr and "N’AFFICHER QUE LES OPTIONS OÙ" in fr
    numbers = [re.findall(r'id="q-([A-Z]+\d\d)"', result.outputs[f"odd.questionnaire.{c}.html"]
                          .decode()) for c in ("en", "fr")]
    assert numbers[0] == numbers[1] and numbers[0][:3] == ["A01", "A02", "A03"]
    assert "D05" in numbers[0] and "B01Nameofmember" in \
        "".join(en.split())


def test_numbering_column(odd: Path) -> None:
    result = print_form(odd, None, PrintOptions(number_column="QNO"), ("html",))
    inst = result.paper.instrument if result.paper else None
    assert inst is not None
    numbers = [it.number for it in inst.items() if it.number]
    assert numbers == [*(str(n) for n in range(1, 17)), "16A"], "pyxform's or_other: 16A"
    text = "".join(_text(result.outputs["odd.questionnaire.en.html"]).split())
    assert "15ORMOREIN3?YESNO→AC5" in text  # the CHECK row printed in front of question 5
    assert re.search(r"AC5CHECK:[^?]*\?YESNO→\S*5", text), "GO TO targets are the column's numbers"


def test_the_literal_interviewer_agrees_with_the_form(odd: Path) -> None:
    result = print_form(odd, None, PrintOptions(), ("html",))
    assert result.paper is not None
    asked, bad = disagreements(result.paper, 500)
    assert not bad, bad[:5]
    printed = {it.name for it in result.paper.instrument.items() if it.number}
    assert set(asked) == printed, "every question is asked on some path"
    assert sum(1 for n in printed if asked[n] < 500) >= 9, "and skipped on others"


def test_blank_answers_and_whole_answer_comparisons_are_routed(tmp_path: Path) -> None:
    """As in BOHEMIA: a number that may be left blank ("Or: no contact number") filters the
    next question, and a multiple choice is compared whole (`${wall} = 'other'`)."""
    from tests.hostform.forms import HEAD

    survey = [HEAD, row("select_one yn", "has_phone", "Any phone?"),
              row("text", "phone", "Phone number", relevant="${has_phone} = 'yes'"),
              row("select_one yn", "no_phone", "Or", relevant="${has_phone} = 'yes'"),
              row("text", "phone_alt", "Other number", relevant="${phone} != ''"),
              row("select_multiple yn", "wall", "Walls"),
              row("text", "wall_other", "Other wall", relevant="${wall} = 'other'"),
              row("integer", "age", "Age", required="yes"),
              row("text", "age_known", "Age noted", relevant="${age} != ''"),
              row("text", "end", "Last")]
    result = print_form(odd_form(tmp_path, survey), None, PrintOptions(languages=("en",)),
                        ("html",))
    assert result.paper is not None, result.report.to_text()
    asked, bad = disagreements(result.paper, 300)
    assert not bad, bad[:5]
    assert 0 < asked["phone_alt"] < asked["phone"] and 0 < asked["wall_other"] < 300
    assert asked["age_known"] == 300, "a required number is never blank"
    text = _text(result.outputs["odd.questionnaire.en.html"])
    assert re.search(r"CHECK: [^?]*A02[^?]*\? YES NO→ A05 A04 Other number", text), text


def test_the_pdf_holds_every_label(odd: Path, tmp_path: Path) -> None:
    import pypdf

    result = print_form(odd, tmp_path, PrintOptions(languages=("fr",), paper_size="Letter"),
                        ("pdf",))
    assert [p.name for p in result.written] == ["odd.questionnaire.fr.pdf"]
    reader = pypdf.PdfReader(io.BytesIO(result.written[0].read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for label in ("Identifiant", "Consentement ?", "Nom", "Âge du membre", "Ville", "Position"):
        assert label in text
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter


@pytest.mark.parametrize(("options", "code", "where"), [
    (PrintOptions(languages=("de",)), "PRT004", "--languages"),
    (PrintOptions(number_column="number"), "PRT005", "odd.xlsx"),
])
def test_bad_options_are_located(odd: Path, options: PrintOptions, code: str,
                                 where: str) -> None:
    result = print_form(odd, None, options, ("html",))
    assert [(i.code, i.loc.file if i.loc else "") for i in result.report.errors] == [(code, where)]
    assert not result.outputs


def test_a_number_used_twice_gets_a_letter(tmp_path: Path) -> None:
    survey = odd_survey()
    survey[6][12] = "2"  # age numbered like consent
    result = print_form(odd_form(tmp_path, survey), None, PrintOptions(number_column="qno"),
                        ("html",))
    assert ("PRT006", 7) in [(i.code, i.loc.line if i.loc else 0) for i in result.report.issues]
    inst = result.paper.instrument if result.paper else None
    assert inst is not None and [it.number for it in inst.items() if it.number][:4] == \
        ["1", "2", "2A", "4"]


def test_forms_pyxform_rejects_or_cannot_read(tmp_path: Path) -> None:
    dup = odd_survey()
    dup.insert(4, row("integer", "age", "Again"))
    result = print_form(odd_form(tmp_path, dup, "dup.xlsx"), None, PrintOptions())
    assert [(i.code, i.loc.line if i.loc else 0) for i in result.report.errors] == \
        [("PRT002", 8)]
    fake = tmp_path / "fake.xlsx"
    fake.write_text("type,name\ninteger,age\n")
    assert [i.code for i in print_form(fake, None, PrintOptions()).report.errors] == ["PRT001"]
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"PK\x03\x04broken")
    assert [i.code for i in print_form(empty, None, PrintOptions()).report.errors] == ["PRT002"]


def test_cli_print_and_its_errors(odd: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["print", str(odd), "--out", str(tmp_path), "--format", "html",
                             "--languages", "en"])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "odd.questionnaire.en.html").is_file()
    assert "6 condition(s) quoted" in ok.output and "warning PRT003" in ok.output
    bad = runner.invoke(cli, ["print", str(odd), "--out", str(tmp_path), "--languages", "xx"])
    assert bad.exit_code == 1 and "error PRT004" in bad.output
    assert "Traceback" not in bad.output
    dup = odd_survey()
    dup.insert(4, row("integer", "age", "Again"))
    bad = runner.invoke(cli, ["print", str(odd_form(tmp_path, dup, "dup.xlsx")), "--out",
                              str(tmp_path)])
    assert bad.exit_code == 1 and "dup.xlsx:8:1: error PRT002" in bad.output
    fmt = runner.invoke(cli, ["print", str(odd), "--out", str(tmp_path), "--format", "docx"])
    assert fmt.exit_code == 1 and "unknown format 'docx'" in fmt.output


@pytest.mark.slow
def test_attach_print_writes_the_attached_forms_booklets(tmp_path: Path) -> None:
    import pypdf

    from tests.attach.hosts import standard_host

    host = standard_host(tmp_path)
    out = tmp_path / "out" / "village_migration.xlsx"
    done = CliRunner().invoke(cli, ["attach", str(host), "--out", str(out), "--no-validate",
                                    "--tier", "core", "--print"])
    assert done.exit_code == 0, done.output
    for code in ("en", "fr", "es"):
        pdf = out.parent / f"village_migration.questionnaire.{code}.pdf"
        assert pdf.is_file() and (out.parent / f"{pdf.stem}.html").is_file()
    reader = pypdf.PdfReader(io.BytesIO((out.parent / "village_migration.questionnaire.en.pdf")
                                        .read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "How many people live here?" in text and "Sick in the last 2 weeks?" in text
    assert "born" in text.lower() and "CHECK" in text
