"""Small host forms written in the tests: one with every odd thing a real form holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.attach.hosts import write_xlsx

HEAD = ["type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)",
        "relevant", "calculation", "constraint", "constraint_message::English (en)",
        "choice_filter", "repeat_count", "media::image::English (en)", "qno", "required"]


def row(type_: str, name: str, en: str = "", fr: str = "", **kw: Any) -> list[Any]:
    values = {"hint": "", "relevant": "", "calculation": "", "constraint": "",
              "constraint_message": "", "choice_filter": "", "repeat_count": "", "image": "",
              "qno": "", "required": ""}
    values.update(kw)
    return [type_, name, en, fr or (f"{en} (fr)" if en else ""), *values.values()]


def odd_survey() -> list[list[Any]]:
    return [HEAD,
            row("start", "start"),
            row("calculate", "hh_ref", calculation="pulldata('hh', 'ref', 'id', '1')"),
            row("text", "hh-id", "**Household** <b>ID</b>", "Identifiant", qno="1"),
            row("select_one yn", "consent", "# Consent?", "Consentement ?", qno="2"),
            row("note", "intro", "Read: the next questions are about ${hh-id}."),
            row("integer", "age", "Age of the respondent", "Âge", qno="3",
                constraint=". >= 0 and . <= 120", constraint_message="0 to 120"),
            row("select_one yn", "q_pull", "Known to the register?", qno="4",
                relevant="pulldata('hh', 'x', 'id', ${hh-id}) = 'yes' and ${age} >= 15"),
            row("select_one yn", "q_regex", "Numeric ID?", qno="5",
                relevant="regex(${hh-id}, '^[0-9]+$') or ${consent} = 'no'"),
            row("begin_repeat", "members", "Member", "Membre", repeat_count="${age}",
                relevant="${consent} = 'yes'"),
            row("text", "m_name", "Name of member", "Nom", qno="6"),
            row("integer", "m_age", "Age of member", "Âge du membre", qno="7",
                relevant="position(..) > 1"),
            row("select_one yn", "m_ir", "Same as first?", qno="8",
                relevant="indexed-repeat(${m_name}, ${members}, 1) != ''"),
            row("end_repeat", ""),
            row("select_one yn", "q_choice", "Choice name check", qno="9",
                relevant="jr:choice-name(${consent}, '${consent}') = 'Yes'"),
            row("select_one yn", "q_inst", "Instance lookup", qno="10",
                relevant="instance('yn')/root/item[name=${consent}]/label = 'Yes'"),
            row("begin_group", "more", "More", "Plus", relevant="${age} > 17"),
            row("select_one city", "city", "City", "Ville", qno="11",
                choice_filter="country=${consent}"),
            row("image", "photo", "Take a photo of the house", "Photo", qno="12",
                image="house.png"),
            row("select_multiple yn", "many", "Which apply?", "Lesquels ?", qno="13"),
            row("text", "many_other", "Other, specify", qno="14",
                relevant="selected(${many}, 'other')"),
            row("geopoint", "gps", "Location", "Position", qno="15"),
            row("select_one yn or_other", "oo", "Which one?", "Lequel ?", qno="16"),
            row("note", "bye", "Thank the respondent."),
            row("end_group", ""),
            ]


def odd_choices() -> list[list[Any]]:
    return [["list_name", "name", "label::English (en)", "label::Français (fr)", "country"],
            ["yn", "yes", "Yes", "Oui", ""], ["yn", "no", "No", "Non", ""],
            ["yn", "other", "Other", "Autre", ""],
            ["city", "c1", "Alpha", "Alpha", "yes"], ["city", "c2", "Beta", "Bêta", "no"]]


def odd_form(tmp: Path, survey: list[list[Any]] | None = None, name: str = "odd.xlsx") -> Path:
    return write_xlsx(tmp / name, {
        "survey": survey or odd_survey(), "choices": odd_choices(),
        "settings": [["form_title", "form_id", "version"], ["Odd form", "odd", "3"]]})
