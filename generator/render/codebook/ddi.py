"""The codebook as DDI-Codebook 2.5 XML (lxml), valid against the DDI Alliance schema.

Layout: `docDscr` (this document), `stdyDscr` (citation with title, IDNo and version;
study info with SDG keywords, country and unit of analysis), one `fileDscr` per record of
a submissions export, and `dataDscr` with a `varGrp` per module and a `var` per variable
(`labl`, one `qstn` per language with `qstnLit` and `ivuInstr`, `universe`, `txt` for the
definition of derived variables, `catgry` with `catValu`/`labl`, `concept` for the module
and every SDG indicator, `derivation`, `varFormat`, `notes`). Texts carry `xml:lang`.
"""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from generator.render.codebook.model import Codebook, Variable, schemes
from generator.render.codebook.words import words

NS = "ddi:codebook:2_5"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SDG_VOCAB = "UN Global SDG indicator framework"
SDG_URI = "https://unstats.un.org/sdgs/indicators/indicators-list/"
_UNIT = {"household": "Household", "hh_members": "Household member (person)",
         "emigrant_roster": "Former household member living abroad (emigrant)"}


def _el(parent: Any, tag: str, text: str | None = None, lang: str | None = None,
        **attrs: str) -> Any:
    node = etree.SubElement(parent, f"{{{NS}}}{tag}", {k.rstrip("_"): v
                                                      for k, v in attrs.items()})
    if lang is not None:
        node.set(XML_LANG, lang)
    if text is not None:
        node.text = text
    return node


def ddi_xml(cb: Codebook) -> bytes:
    """The DDI-Codebook 2.5 document, UTF-8, pretty-printed, deterministic."""
    langs = cb.lang_codes
    root = etree.Element(f"{{{NS}}}codeBook", nsmap={None: NS}, version="2.5",
                         ID=f"CB_{cb.form_id}")
    root.set(XML_LANG, langs[0])
    _doc(root, cb)
    _study(root, cb)
    for record in cb.records:
        fdscr = _el(root, "fileDscr", ID=f"F_{record.name}")
        txt = _el(fdscr, "fileTxt")
        _el(txt, "fileName", f"{cb.form_id}.{record.name}")
        _el(txt, "fileCont", f"{_UNIT.get(record.name, record.name)}: one row per "
                             f"{'submission' if record.parent is None else record.name} "
                             f"(XForm path /{record.path})")
    data = _el(root, "dataDscr")
    for section in cb.sections:
        if not section.variables:
            continue
        grp = _el(data, "varGrp", ID=f"G_{section.id}", type="section", name=section.id,
                  var=" ".join(f"V_{v.name}" for v in section.variables))
        for lang in langs:
            _el(grp, "labl", section.title.get(lang) or section.id, lang)
    names = {v.name for v in cb.variables()}
    for var in cb.variables():
        _var(data, cb, var, names)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def _doc(root: Any, cb: Codebook) -> None:
    lang0 = cb.lang_codes[0]
    citation = _el(_el(root, "docDscr"), "citation")
    stmt = _el(citation, "titlStmt")
    _el(stmt, "titl", f"{cb.words_in(lang0)['codebook']}: {cb.title.get(lang0, '')}", lang0)
    _el(stmt, "IDNo", f"{cb.form_id}.codebook", agency="migmod")
    prod = _el(citation, "prodStmt")
    _el(prod, "prodDate", cb.generated[:10], date=cb.generated[:10])
    _el(prod, "software", "migmod", version=cb.bank_version)


def _study(root: Any, cb: Codebook) -> None:
    langs = cb.lang_codes
    study = _el(root, "stdyDscr")
    citation = _el(study, "citation")
    stmt = _el(citation, "titlStmt")
    _el(stmt, "titl", cb.title.get(langs[0], cb.form_id), langs[0])
    for lang in langs[1:]:
        _el(stmt, "parTitl", cb.title.get(lang, ""), lang)
    _el(stmt, "IDNo", cb.form_id, agency="migmod", level="study")
    ver = _el(citation, "verStmt")
    _el(ver, "version", cb.version, type="form")
    _el(ver, "notes", f"Question bank {cb.bank_id} {cb.bank_version}; tier {cb.tier}; "
                      f"modules {', '.join(cb.modules)}")
    info = _el(study, "stdyInfo")
    subject = _el(info, "subject")
    _el(subject, "keyword", "international migration", "en")
    for ind in cb.indicators:
        for lang in langs:
            _el(subject, "topcClas", f"SDG {ind.id}: {ind.name.get(lang, '')}", lang,
                vocab=SDG_VOCAB, vocabURI=SDG_URI)
    summary = _el(info, "sumDscr")
    if cb.country is not None:
        for lang in langs:
            _el(summary, "nation", cb.country["name"].get(lang, ""), lang,
                abbr=cb.country["alpha3"])
    for record in cb.records:
        _el(summary, "anlyUnit", _UNIT.get(record.name, record.name), "en")
    _el(summary, "dataKind", "Sample survey data [ssd]", "en")
    for lang in langs:  # the derived-variable convention, as the codebook states it
        _el(info, "notes", words(lang)["convention"], lang, subject="derived variables")
    method = _el(study, "method")
    coll = _el(method, "dataColl")
    _el(coll, "collMode", "Computer Assisted Personal Interview [capi]", "en")
    _el(coll, "resInstru", f"XLSForm/XForm {cb.form_id} version {cb.version}", "en")
    for entry in cb.survey:  # the survey metadata block: one note per entry and language
        for lang in langs:
            if entry.text.get(lang):
                _el(method, "notes", entry.text[lang], lang, subject=entry.title.get(lang, ""),
                    type=entry.key)


def _var(data: Any, cb: Codebook, v: Variable, names: set[str]) -> None:
    langs = cb.lang_codes
    attrs = {"ID": f"V_{v.name}", "name": v.name, "files": f"F_{v.record}",
             "intrvl": "contin" if v.kind in ("integer", "decimal") else "discrete"}
    if v.derivation is not None:
        attrs["nature"] = "other"
    node = _el(data, "var", **attrs)
    for lang in langs:
        if v.label.get(lang):
            _el(node, "labl", v.label[lang], lang)
    if v.number:
        for lang in langs:
            if not v.question.get(lang):
                continue
            qstn = _el(node, "qstn", lang=lang, ID=f"Q_{v.name}_{lang.replace('-', '_')}",
                       responseDomainType=_domain(v))
            if v.number:
                qstn.set("seqNo", v.number)
            _el(qstn, "qstnLit", v.question[lang], lang)
            if v.hint.get(lang):
                _el(qstn, "ivuInstr", v.hint[lang], lang)
    for lang in langs:
        text = _universe(v, lang, cb.words_in(lang))
        if text:
            _el(node, "universe", text, lang, clusion="I")
    if v.derivation is not None:
        for lang in langs:
            if v.derivation.definition.get(lang):
                _el(node, "txt", v.derivation.definition[lang], lang)
    for item in cb.value_labels(v):
        cat = _el(node, "catgry")
        if item.missing:
            cat.set("missing", "Y")
            cat.set("missType", item.missing)
        _el(cat, "catValu", item.code)
        for lang in langs:
            _el(cat, "labl", item.label.get(lang, ""), lang)
        if item.recode:
            _el(cat, "txt", f"Recode: {schemes(item.recode)}", "en")
    _el(node, "concept", v.module, vocab="migmod module")
    for link in v.indicators:
        _el(node, "concept", f"SDG {link.id} ({link.role}, {link.sdg_role})",
            vocab=SDG_VOCAB, vocabURI=SDG_URI)
    if v.derivation is not None:
        inputs = [f"V_{n}" for n in v.derivation.inputs if n in names]
        drv = _el(node, "derivation", **({"var": " ".join(inputs)} if inputs else {}))
        _el(drv, "drvdesc", v.derivation.plain.get(langs[0], ""), langs[0])
        _el(drv, "drvcmd", v.derivation.calculation, syntax="XLSForm")
    _el(node, "varFormat", type="numeric" if v.storage == "numeric" else "character",
        schema="other", otherSchema="XLSForm", formatname=v.type)
    notes = [f"Source: {v.source}"] if v.source else []
    if v.constraint:
        notes.append(f"Constraint: {v.constraint}")
    if v.required:
        notes.append("Required")
    if notes:
        _el(node, "notes", " | ".join(notes), langs[0])
    if v.crosswalk:
        _el(node, "notes", f"Comparable variables: {schemes(v.crosswalk)}", "en",
            subject="crosswalk")


def _domain(v: Variable) -> str:
    if v.kind == "select_multiple":
        return "multiple"
    if v.kind == "select_one":
        return "category"
    if v.kind in ("integer", "decimal"):
        return "numeric"
    if v.kind in ("date", "datetime", "time", "today", "start", "end"):
        return "datetime"
    return "text"


def _universe(v: Variable, lang: str, w: dict[str, str]) -> str:
    parts = [v.universe.get(lang, "")]
    if v.universe_plain.get(lang):
        parts.append(f"{w['asked_if']}: {v.universe_plain[lang]}")
    if v.relevant:
        parts.append(f"[{v.relevant}]")
    return " — ".join(p for p in parts if p)
