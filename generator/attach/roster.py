"""Find the household-member roster of a host form, and the host questions it already asks.

A repeat is scored by the person questions it asks itself (not in nested repeats): sex,
age, name, relationship, date of birth, recognised by name and label keywords in several
languages and by type. Calculations that copy values from another repeat
(`indexed-repeat(...)`) do not count: they mark a secondary loop over the same people.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.attach.codes import att
from generator.attach.form import Row, Survey
from generator.issues import Issue

MEANINGS: dict[str, frozenset[str]] = {
    "sex": frozenset({"sex", "gender", "sexe", "genre", "sexo", "genero", "jinsia", "jinsi",
                      "الجنس", "جنس"}),
    "age": frozenset({"age", "edad", "idade", "umri", "عمر", "العمر", "السن"}),
    "name": frozenset({"name", "firstname", "givenname", "nom", "prenom", "nombre", "nome",
                       "jina", "اسم", "الاسم"}),
    "relationship": frozenset({"relationship", "relation", "related", "rel", "relat", "lien",
                               "parente", "parentesco", "relacao", "uhusiano", "صلة", "القرابة"}),
    "birth": frozenset({"dob", "birth", "birthdate", "birthday", "naissance", "nacimiento",
                        "nascimento", "kuzaliwa", "الميلاد"}),
}
"""Keywords, folded to lower case without accents, for each person question."""
_PERSON_WORDS = frozenset({
    "ind", "indiv", "individual", "member", "members", "mbr", "memb", "hh", "household",
    "person", "pers", "first", "given", "full", "current", "completed", "years", "yrs",
    "year", "roster", "in", "of", "to", "the", "de", "du", "la", "le", "el", "a", "da", "do"})
"""Words a member question's name may hold beside its keyword (`ind_hh_member_age`)."""
_CODE = re.compile(r"^[a-z]{1,3}\d+[a-z]?$")
_OTHER_PEOPLE = frozenset({"proxy", "resp", "respondent", "hoh", "mother", "father", "spouse",
                           "caregiver", "enumerator", "interviewer", "surname"})
"""Label words that mark a question about someone other than the member."""
_HEAD = frozenset({"head", "hoh", "hhh", "hhead", "chef", "jefe", "chefe", "mkuu", "رب"})
"""The reference person a relationship is asked to (`ind_relationship_hoh`)."""
_LABEL_PAIRS = {"sex": frozenset({"male", "female"}), "age": frozenset({"how", "old"})}
"""Words that together ask a person question in a label ("Is X male or female?")."""
_ASKING = frozenset({"what", "is", "s", "how", "quel", "est", "cual", "es", "qual"})
"""Question words a label may add to person words ("What is the name of the household
member?")."""
_REFS = re.compile(r"\$\{[^}]*\}")
_SHORT = 6
_WEIGHTS = {("sex", "select_one"): 3.0, ("sex", "calculate"): 1.5,
            ("age", "integer"): 3.0, ("age", "decimal"): 3.0, ("age", "calculate"): 2.0,
            ("name", "text"): 2.0, ("name", "calculate"): 1.0,
            ("relationship", "select_one"): 2.0, ("birth", "date"): 1.0}
THRESHOLD = 4.0
_POSITION = re.compile(r"^position\(\s*\.\.\s*\)$")


def tokens(value: str) -> set[str]:
    """Words of a name or label: `ind_hhMemberAge` → {ind, hh, member, age}."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", value)
    plain = "".join(c for c in unicodedata.normalize("NFKD", spaced)
                    if not unicodedata.combining(c))
    return {w for w in re.split(r"[\W_]+", plain.casefold()) if w}


def meaning(row: Row) -> str | None:
    """The person question a row asks (`sex`, `age`…), or None.

    The row's name decides when it is a keyword plus person words (`ind_age`, `HL6_sex`,
    `ind_relationship_hoh`); otherwise a short label does ("Gender of individual:",
    "3. Gender"), or a label that asks the relationship to the head at any length, but
    never for a calculation, and never for a question about the respondent, a parent or
    a proxy.
    """
    named = tokens(row.name)
    if named & MEANINGS["relationship"]:
        named -= _HEAD
    if named & _OTHER_PEOPLE:
        return None
    hits = [key for key, words in MEANINGS.items() if named & words]
    if len(hits) == 1:
        rest = named - MEANINGS[hits[0]] - _PERSON_WORDS
        if all(_CODE.match(w) for w in rest):
            return hits[0]
    if row.kind == "calculate":
        return None
    for label in row.labels.values():
        found = _label_meaning(label)
        if found:
            return found
    return None


def _label_meaning(label: str) -> str | None:
    words = {w for w in tokens(_REFS.sub(" ", label)) if not w.isdigit()}
    if words & MEANINGS["relationship"] and words & _HEAD:
        return "relationship"
    if words & _OTHER_PEOPLE:
        return None
    found = [key for key, keywords in MEANINGS.items() if words & keywords]
    found += [key for key, pair in _LABEL_PAIRS.items() if pair <= words and key not in found]
    keywords = frozenset().union(*(MEANINGS[k] for k in found if k in MEANINGS))
    if len(words) > _SHORT and words - _PERSON_WORDS - _ASKING - keywords and not (
            len(found) == 1 and found[0] in _LABEL_PAIRS
                                    and _LABEL_PAIRS[found[0]] <= words):
        return None
    return found[0] if len(found) == 1 else None


def _copied(row: Row) -> bool:
    """A calculation that copies a value from another repeat."""
    return row.kind == "calculate" and "indexed-repeat" in row.calculation.replace(" ", "")


def own_rows(repeat: Row) -> list[Row]:
    """Rows inside a repeat, through its groups but not into nested repeats."""
    out: list[Row] = []
    for child in repeat.children:
        out.append(child)
        if child.kind == "begin_group":
            out.extend(own_rows(child))
    return out


def score(repeat: Row) -> float:
    """How much a repeat looks like the household-member roster."""
    best: dict[str, float] = {}
    for row in own_rows(repeat):
        key = None if _copied(row) else meaning(row)
        weight = _WEIGHTS.get((key, row.kind), 0.0) if key else 0.0
        if row.kind == "calculate" and _POSITION.match(row.calculation):
            key, weight = "position", 0.5
        if key and weight:
            weight /= 2 if row.relevant else 1
            best[key] = max(best.get(key, 0.0), weight)
    return sum(best.values())


def find_roster(survey: Survey, wanted: str | None, file: str) -> tuple[Row | None, list[Issue]]:
    """The roster repeat: the one named by --roster, or the only one that scores enough."""
    repeats = survey.repeats()
    sheet = survey.sheet
    if wanted:
        row = survey.named().get(wanted.casefold())
        if row is not None and row.kind == "begin_repeat":
            return row, []
        listed = ", ".join(f"{r.name} (row {r.row})" for r in repeats) or "none"
        what = (f"row {row.row} has type {row.kind}, not begin_repeat" if row is not None
                else "not in the form")
        return None, [att("ATT009", f"--roster {wanted}: {what}; the form's repeats: {listed}",
                          file, sheet)]
    if not repeats:
        return None, [att("ATT007", "the form has no repeat (`begin_repeat`), so no list of "
                                    "household members to add questions to", file, sheet)]
    scored = sorted(((score(r), r) for r in repeats), key=lambda x: (-x[0], x[1].row))
    fits = [(s, r) for s, r in scored if s >= THRESHOLD]
    if len(fits) == 1:
        return fits[0][1], []
    listed = ", ".join(f"{r.name} (row {r.row})" for _, r in (fits or scored))
    if not fits:
        return None, [att("ATT007", f"no repeat asks for household members' sex, age or name; "
                                    f"the form's repeats: {listed}", file, sheet)]
    return None, [att("ATT008", f"{len(fits)} repeats could be the household-member roster: "
                                f"{listed}", file, sheet, fits[1][1].row,
                      hint="choose one with --roster NAME")]


@dataclass(frozen=True, slots=True)
class Guess:
    """A host question found for a module input, and why."""

    row: Row
    reason: str


def guess_inputs(survey: Survey, roster: Row) -> dict[str, Guess]:
    """Host questions for the roster inputs (`line_no`, `member_name`, `sex`, `age`,
    `relationship`) and the interview date, by type and meaning."""
    found: dict[str, Guess] = {}
    rows = own_rows(roster)
    for row in rows:
        if (row.kind == "calculate" and row.parent is roster
                and _POSITION.match(row.calculation)):
            found.setdefault("line_no", Guess(row, "calculates position(..) in the roster"))
    wanted = {"member_name": ("name", ("text", "calculate")),
              "sex": ("sex", ("select_one",)),
              "relationship": ("relationship", ("select_one",)),
              "age": ("age", ("integer", "decimal", "calculate"))}
    for var, (key, kinds) in wanted.items():
        for kind in kinds:  # asked questions first, then calculations
            hit = next((r for r in rows if r.kind == kind and meaning(r) == key), None)
            if hit is not None:
                derived = "; derived from a date of birth" if _from_birth(hit, rows) else ""
                found[var] = Guess(hit, f"{kind} about {key}{derived}")
                break
    outside = [r for r in survey.rows if r.kind == "today"
               and not any(a.kind == "begin_repeat" for a in r.ancestors())]
    if outside:
        found["interview_date"] = Guess(outside[0], "the form's `today` question")
    return found


def _from_birth(row: Row, rows: list[Row]) -> bool:
    if row.kind != "calculate":
        return False
    births = {r.name for r in rows if r.kind == "date" and meaning(r) == "birth"}
    return any("${" + name + "}" in row.calculation for name in births)
