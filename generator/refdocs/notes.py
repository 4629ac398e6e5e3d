"""What a field means, for the fields whose model has no attribute docstring yet.

The reference pages take a field's meaning from its docstring in the model (the string
under the field); these notes fill the gaps until the models carry them, and a note is
ignored as soon as the field has its own docstring. `tests/refdocs/test_docs.py` checks that every
note names a field that exists. Move a note into the model and delete it here.
"""

from __future__ import annotations

NOTES: dict[str, str] = {
    # generator/model.py
    "BankFile.bank": "The bank's identity, languages and module order; only in `bank.yaml`.",
    "BankFile.module": "The module this file defines: one module per file.",
    "BankFile.questions": "The module's questions, in the order they are asked.",
    "BankFile.choices": "Choice lists by name, usable by every module: written out as a list "
                        "of choices, or generated from a classification.",
    "BankFile.indicators": "The SDG indicator catalogue (`indicators.yaml`).",
    "BankMeta.id": "Identifier of the bank; default form ids start with it "
                   "(`migmod_standard_extended`).",
    "BankMeta.title": "Title of the bank: the default title of generated forms.",
    "BankMeta.version": "Version of the bank, e.g. `0.2.0`: the default XLSForm `version`.",
    "BankMeta.languages": "Languages of the bank; the first is the default language of "
                          "generated forms.",
    "Language.code": "Language code: ISO 639-1 (`en`, `sw`), or ISO 639-3 for a language "
                     "without a two-letter code.",
    "DatedText.default": "The text without a reference date, e.g. \"five years ago\".",
    "DatedText.dated": "The text with `--reference-date`, holding `{date}`, e.g. "
                       "\"on {date}\".",
    "DatedText.years_before": "How many years before the reference date `{date}` lies.",
    "CountryText.default": "The text without a survey country, e.g. \"this country\".",
    "CountryText.named": "The text with `--country`, holding `{name}`.",
    "ModuleMeta.id": "Module identifier, as listed in `bank.yaml` and given to `--modules`.",
    "ModuleMeta.title": "Module title: the section heading on paper and the group label.",
    "ModuleMeta.level": "Who answers: `household` (once per household), `person` (once per "
                        "household member, inside the member repeat) or `emigrant` (once per "
                        "former member living abroad).",
    "ModuleMeta.tier": "`core` modules are in every build; `extended` ones only in "
                       "`--tier extended` builds.",
    "ModuleMeta.source": "The standards the module implements.",
    "ModuleMeta.description": "A longer description of the module.",
    "Question.name": "Variable name, unique across the bank; expressions read it as "
                     "`${name}`.",
    "Question.type": "XLSForm type: `select_one LIST`, `select_multiple LIST`, a simple type, "
                     "`group` or `repeat` (see the question types above).",
    "Question.label": "The question as the interviewer reads it, per language.",
    "Question.hint": "Instruction to the interviewer, per language.",
    "Question.constraint_message": "Shown when an answer breaks `constraint`.",
    "Question.required_message": "Shown when a required question is left empty.",
    "Question.relevant": "Ask the question only when this expression is true (skip logic).",
    "Question.constraint": "The answer must make this expression true; `.` is the answer.",
    "Question.calculation": "The value of a `calculate` question.",
    "Question.choice_filter": "Shows only the choices for which this expression is true.",
    "Question.repeat_count": "How many times a `repeat` is asked.",
    "Question.required": "The interviewer cannot go on without an answer.",
    "Question.appearance": "XLSForm appearance, e.g. `autocomplete` or `minimal`.",
    "Question.indicators": "The SDG indicators this question feeds, each with its role.",
    "Question.questions": "The questions inside a `group` or `repeat`.",
    "IndicatorLink.id": "An indicator of the catalogue (`indicators.yaml`).",
    "IndicatorLink.role": "`input`: needed to compute the indicator; `disaggregation`: breaks "
                          "it down by migratory status; `complementary`: context for it.",
    "Indicator.id": "Official SDG indicator number, e.g. `10.7.1`.",
    "Indicator.name": "Official name of the indicator, per language.",
    "Indicator.custodian": "The custodian agencies.",
    "Choice.label": "The choice as read or printed, per language.",
    "GeneratedList.extra": "Choices added after the generated ones, usually the reserved "
                           "codes (991 abroad, 998 don't know, 999 refused).",
    # generator/overlay.py
    "OverlayFile.languages": "Languages the project adds; their texts go under `override`, "
                             "`module_titles` and `choice_labels`.",
    "OverlayFile.add": "Questions inserted after or before a question of the bank.",
    "OverlayFile.modules": "Whole modules the project adds.",
    "OverlayFile.override": "Question name → the texts to replace, per language; languages "
                            "not given keep the bank's text.",
    "OverlayFile.module_titles": "Module id → its title, per language.",
    "OverlayFile.choice_labels": "List name → code → label per language.",
    "OverlayFile.add_choices": "List name → choices appended to a list of the bank; give "
                               "national codes the list does not use (101-199).",
    "OverlayFile.drop": "Questions left out of the form; their numbers stay unused.",
    "OverlayFile.drop_choices": "List name → codes left out of the list.",
    "Placement.after": "The question of the bank the new questions follow.",
    "Placement.before": "The question of the bank the new questions precede.",
    "Placement.questions": "The questions to insert, written as in a bank module.",
    "NewModule.module": "The module's metadata, as under `module:` of a bank module file.",
    "NewModule.questions": "The module's questions, as under `questions:` of a module file.",
    "TextOverride.label": "New question text, per language.",
    "TextOverride.hint": "New interviewer instruction, per language.",
    "TextOverride.constraint_message": "New message for a broken constraint, per language.",
    "TextOverride.required_message": "New message for a missing answer, per language.",
    "TextOverride.universe": "New universe text, per language.",
    "TextOverride.definition": "New definition of a derived variable, per language.",
    # generator/config.py
    "BuildConfig.modules": "Module ids to build (`migmod list`); empty means all. Modules "
                           "they read are added.",
    "BuildConfig.tier": "`core` (the minimum module) or `extended` (every block; the "
                        "default).",
    "BuildConfig.languages": "Language codes of the form, in this order; empty means every "
                             "language of the bank and the project.",
    "BuildConfig.country": "Survey country, ISO 3166-1 alpha-2, alpha-3 or numeric code: "
                           "fills `{country}`, the currency and the region list.",
    "BuildConfig.reference_date": "Survey reference date (YYYY-MM-DD) for \"five years ago\", "
                                  "\"last 12 months\" and the year checks.",
    "BuildConfig.form_id": "XLSForm `form_id`; it names the output files too.",
    "BuildConfig.version": "XLSForm `version`; raise it whenever the form changes.",
    "BuildConfig.title": "Survey title for the XLSForm settings and the questionnaire.",
    "BuildConfig.out": "Output folder, relative to this file.",
    "BuildConfig.formats": "Outputs to build; empty means all of them.",
}
