"""The bank as typed, frozen pydantic models. No I/O, no rendering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
Name = Annotated[str, StringConstraints(pattern=NAME_RE, max_length=64)]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")]
LangText = dict[LangCode, str]
"""Text per language code, e.g. `{en: "Yes", fr: "Oui"}`."""

IndicatorId = Annotated[str, StringConstraints(pattern=r"^\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(StrEnum):
    HOUSEHOLD = "household"
    PERSON = "person"
    EMIGRANT = "emigrant"


class Tier(StrEnum):
    CORE = "core"
    EXTENDED = "extended"


class Role(StrEnum):
    INPUT = "input"
    DISAGGREGATION = "disaggregation"
    COMPLEMENTARY = "complementary"


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def text_direction(code: str) -> str:
    """`rtl` for a right-to-left language (its subtags ignored: `ar-EG`), else `ltr`."""
    return "rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr"


_NOT_WORDS = re.compile(r"\$\{[^}]*\}|\{[^}]*\}")


def foreign_script(text: str, lang: str) -> bool:
    """Whether text meant for a right-to-left language has letters but none of its script.

    `${name}` references and `{placeholders}` are not words of the text; an Arabic label
    that only spells "Türkiye" or "Euro" in Latin letters is foreign-script.
    """
    if text_direction(lang) != "rtl":
        return False
    letters = [ch for ch in _NOT_WORDS.sub("", text) if ch.isalpha()]
    return bool(letters) and not any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc"
                                     for ch in letters)


class Language(Strict):
    code: LangCode
    name: str = Field(min_length=1)
    """The name written in XLSForm column headers, e.g. `English` → `label::English (en)`."""


class DatedText(Strict):
    """A placeholder that names a reference date: `default` text, or `dated` with {date}."""

    default: LangText
    dated: LangText
    years_before: int = Field(ge=0, le=50)


class CountryText(Strict):
    """A placeholder for the survey country: `default` text, or `named` with {name}.

    `named` lets each language place the name as its grammar needs, e.g. French
    "ce pays ({name})" where a bare name would need an article.
    """

    default: LangText
    named: LangText


class BankMeta(Strict):
    id: Name
    title: LangText
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    languages: list[Language] = Field(min_length=1)
    modules: list[Name] = Field(min_length=1)
    """Every module of the bank, in the order they appear in a form."""
    placeholders: dict[Name, LangText | DatedText | CountryText] = {}
    """Default text for `{name}` placeholders in labels (`country`, `currency`, dates)."""
    words: dict[str, LangText] = {}
    """Interface words (`paper.questions`, `form.members` …) in the bank's or a project's
    own wording; the shipped catalogue (`generator/words/`) gives the rest."""
    names: dict[str, LangText] = {}
    """Names of generated list entries (an ISO 3166-2 code such as `JO-AM`, or a country's
    numeric code) in languages the reference source lacks."""

    @property
    def default_language(self) -> str:
        return self.languages[0].code


class IndicatorLink(Strict):
    id: IndicatorId
    role: Role


class Indicator(Strict):
    id: IndicatorId
    name: LangText
    custodian: list[str] = Field(min_length=1)
    kind: Literal["migration_specific", "disaggregation"]
    """`migration_specific`: about migration itself (10.7.x, 10.c.1, 17.3.2, 8.8.x …);
    `disaggregation`: a household-survey indicator to break down by migratory status."""


ChoiceCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+$", max_length=32)]


Scheme = Literal["group", "dhs", "mics", "unhcr_rms", "eu_lfs", "ipums_i"]
ProfileParameter = Literal["rc_window_years", "working_age"]
"""Survey parameters a profile sets by number (the residence rule has its own key)."""
CONSTANT_PARAMETERS: tuple[str, ...] = ("residence_months", "rc_window_years", "working_age")
"""Survey parameters that hold one number for the whole survey: the compile step writes
their value into the expressions that read them and into `{name}` placeholders of texts."""
"""Classifications a bank variable or code is harmonised to: `group` is the bank's own
coarse grouping; the others are DHS, MICS, UNHCR RMS, EU-LFS and IPUMS International."""


class Choice(Strict):
    code: int | ChoiceCode
    """The stored value; numeric codes are the norm (1 = Yes, 2 = No, 98 = Don't know)."""
    label: LangText
    recode: dict[Scheme, str] = {}
    """The code or category this code maps to in other classifications (documented recode)."""

    @property
    def value(self) -> str:
        return str(self.code)


class GeneratedList(Strict):
    """A choice list generated from a reference classification, plus reserved codes."""

    generate: Literal["countries", "subdivisions", "currencies"]
    """`countries`: ISO 3166-1 countries coded by numeric code (= UN M49); `subdivisions`:
    the survey country's top-level ISO 3166-2 subdivisions (a write-in when no country is
    given); `currencies`: ISO 4217 currencies coded by alphabetic code."""
    extra: list[Choice] = []


ChoiceList = list[Choice] | GeneratedList


class ModuleMeta(Strict):
    id: Name
    title: LangText
    level: Level
    tier: Tier
    source: str = Field(min_length=1)
    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,4}$")]
    """Question-number prefix on paper and in codebooks, e.g. `P` → P01, P02…"""
    roster: bool = False
    """True for the module that provides the household-member roster in standalone forms."""
    inputs: list[Name] = []
    """Questions of other modules that this module reads (e.g. `age`); attach maps them."""
    paper_layout: Literal["grid", "pages"] | None = None
    """Printed layout: `grid` (a row per member or emigrant) or `pages` (one copy per person
    or household). Default: grid for the roster and the emigrant roster, pages otherwise."""
    description: LangText = {}


KINDS_WITH_LIST = ("select_one", "select_multiple")
SIMPLE_KINDS = (
    "integer", "decimal", "text", "date", "datetime", "time", "note", "calculate",
    "today", "start", "end", "geopoint", "acknowledge",
)
CONTAINER_KINDS = ("group", "repeat")
ALL_KINDS = KINDS_WITH_LIST + SIMPLE_KINDS + CONTAINER_KINDS
TYPE_RE = re.compile(r"^(?P<kind>[a-z_]+)(?:\s+(?P<list>[A-Za-z_][A-Za-z0-9_]*))?$")


class Question(Strict):
    name: Name
    type: str
    label: LangText = {}
    hint: LangText = {}
    constraint_message: LangText = {}
    required_message: LangText = {}
    universe: LangText = {}
    """The population asked, in words, as a statistical office would print it."""
    relevant: str | None = None
    constraint: str | None = None
    calculation: str | None = None
    choice_filter: str | None = None
    repeat_count: str | None = None
    required: bool = False
    appearance: str | None = None
    source: str | None = None
    """The standard this question implements (defaults to the module's source)."""
    indicators: list[IndicatorLink] = []
    tier: Tier | None = None
    """Overrides the module's tier for this question (e.g. an extended item in a core module)."""
    derived: bool = False
    """A derived migratory-status variable (a `calculate` with a `definition`)."""
    definition: LangText = {}
    """The derived variable's definition in words, as the standard states it."""
    parameter: Literal["reference_year", "reference_month", "residence_months",
                       "rc_window_years", "working_age"] | None = None
    """A survey parameter: `--reference-date` replaces the reference year and month with the
    date's values; a profile's residence rule sets `residence_months` (6 or 12) and its
    `parameters:` the 10.7.1 window and the working-age limit."""
    crosswalk: dict[Scheme, str] = {}
    """The comparable variable in other surveys (IPUMS-I, EU-LFS, DHS, MICS, UNHCR RMS)."""
    questions: list[Question] = []

    @property
    def kind(self) -> str:
        m = TYPE_RE.match(self.type.strip())
        return m.group("kind") if m else ""

    @property
    def list_name(self) -> str | None:
        m = TYPE_RE.match(self.type.strip())
        return m.group("list") if m else None

    @property
    def is_container(self) -> bool:
        return self.kind in CONTAINER_KINDS

    @property
    def is_asked(self) -> bool:
        """True for questions an interviewer reads out (they get a number)."""
        return self.kind not in (*CONTAINER_KINDS, "calculate", "note", "today", "start", "end")

    def expressions(self) -> Iterator[tuple[str, str]]:
        """(field, source) for every expression this question carries."""
        for fld in ("relevant", "constraint", "calculation", "choice_filter", "repeat_count"):
            value = getattr(self, fld)
            if value is not None:
                yield fld, value


class Profile(Strict):
    """A survey profile: a named selection of the bank with its own parameters."""

    id: Name
    """The name given to `--profile` and `profile:` in migmod.yaml, e.g. `census`."""
    title: LangText
    """The profile's name in each language."""
    purpose: LangText
    """What the profile serves, in words (host survey, analyses, SDG indicators)."""
    modules: list[Name] = Field(min_length=1)
    """The modules of the selection, by id."""
    questions: dict[Name, list[Name]] = {}
    """Module → the questions kept from it (with what they read); a listed module that
    is not a key here is kept whole."""
    tier: Tier = Tier.EXTENDED
    """The tier of the selection; `--tier core` narrows it."""
    residence_rule: Literal["12m", "6m"] = "12m"
    """P&R Rev.3 usual-residence option: (b) 12 months or (a) most of the last 12 months."""
    parameters: dict[ProfileParameter, int] = {}
    """Survey parameters the profile sets: the 10.7.1 window in years (`rc_window_years`)
    and the working-age limit (`working_age`); they change the expressions and texts that
    read them."""
    reference_periods: LangText = {}
    """The profile's reference periods and age limits, in words (printed in the codebook)."""


class BankFile(Strict):
    """One YAML file of the bank. Any of its sections may be present."""

    bank: BankMeta | None = None
    module: ModuleMeta | None = None
    questions: list[Question] = []
    choices: dict[Name, ChoiceList] = {}
    indicators: list[Indicator] = []
    profiles: list[Profile] = []
    """Survey profiles: named selections of the bank with their parameters."""


class Module(Strict):
    meta: ModuleMeta
    questions: list[Question]
    file: str

    def walk(self) -> Iterator[tuple[tuple[int, ...], Question]]:
        """Every question in document order with its index path inside `questions`."""
        yield from _walk(self.questions, ())


def _walk(items: list[Question], at: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], Question]]:
    for i, q in enumerate(items):
        yield (*at, i), q
        yield from _walk(q.questions, (*at, i))


class Bank(Strict):
    meta: BankMeta
    modules: list[Module]
    choices: dict[str, ChoiceList]
    indicators: dict[str, Indicator]
    profiles: dict[str, Profile] = {}

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.meta.id == module_id), None)

    def questions(self) -> Iterator[tuple[Module, Question]]:
        for m in self.modules:
            for _, q in m.walk():
                yield m, q
