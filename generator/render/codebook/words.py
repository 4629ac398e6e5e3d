# ruff: noqa: RUF001 (French typographic apostrophes are intended)
"""The codebook's own words (headings, roles, coverage statuses), per language.

Question text and indicator names come from the bank; these are the codebook's furniture.
A language without an entry here falls back to English.
"""

from __future__ import annotations

from generator.bank.model import text_direction

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "codebook": "Codebook", "coverage": "SDG indicator coverage", "search": "Search variables",
        "contents": "Contents", "modules": "Modules", "indicators": "SDG indicators",
        "code_lists": "Code lists", "variable": "Variable", "number": "No.", "type": "Type",
        "label": "Label", "question": "Question", "hint": "Instruction",
        "universe": "Universe", "asked_if": "Asked if", "everyone": "Asked of everyone in the "
        "record", "relevant": "Relevance expression", "constraint": "Constraint",
        "value_labels": "Value labels", "code": "Code", "missing": "Missing",
        "source": "Source standard", "sdg": "SDG indicators fed", "role": "Role",
        "derived": "Derived variable", "definition": "Definition", "calculation": "Calculation",
        "in_words": "In plain words", "inputs": "Computed from",
        "used_by": "Used by derived variables",
        "project": "Survey project", "modified": "modified", "added": "added by the project",
        "record": "Record", "required": "Required", "yes": "Yes", "no": "No",
        "indicator": "Indicator", "name": "Name", "custodian": "Custodian", "status": "Status",
        "fed_by": "Variables", "missing_text": "What is missing", "kind": "Kind",
        "form": "Form", "version": "Version", "country": "Country", "tier": "Tier",
        "languages": "Languages", "generated": "Generated", "see_list": "See code list",
        "entries": "entries", "no_variables": "No variable in this selection",
        "otherwise": "otherwise", "if": "if", "unknown": "unknown (empty)",
        "special_code": "Special code (see the instruction)", "dont_know": "Don't know",
        "refused": "Refused", "crosswalk": "Comparable variables elsewhere",
        "recode": "Recode", "survey_metadata": "Survey metadata",
        "role_input": "input (D: feeds the indicator directly)",
        "role_disaggregation": "disaggregation (S: migratory-status breakdown)",
        "role_complementary": "complementary (C: not the official indicator)",
        "status_direct": "fed directly", "status_disaggregation": "disaggregation only",
        "status_complementary": "complementary only", "status_uncovered": "not covered",
        "kind_migration_specific": "migration-specific", "kind_disaggregation":
        "to disaggregate by migratory status", "not_hh": "not household-survey based: no "
        "question of the bank feeds it", "host_survey": "the host survey measures it; no "
        "question of the bank is linked to it",
        "would_feed": "selecting {module} ({tier} tier) would add {role}: {variables}",
        "r_input": "input (D)", "r_disaggregation": "disaggregation (S)",
        "r_complementary": "complement (C)",
        "page": "Page", "of": "of",
    },
    "fr": {
        "codebook": "Dictionnaire des variables", "coverage": "Couverture des indicateurs ODD",
        "search": "Rechercher des variables", "contents": "Sommaire", "modules": "Modules",
        "indicators": "Indicateurs ODD", "code_lists": "Listes de codes",
        "variable": "Variable", "number": "N°", "type": "Type", "label": "Libellé",
        "question": "Question", "hint": "Instruction", "universe": "Champ",
        "asked_if": "Posée si", "everyone": "Posée à tous dans l’enregistrement",
        "relevant": "Expression de pertinence", "constraint": "Contrainte",
        "value_labels": "Modalités", "code": "Code", "missing": "Manquant",
        "source": "Norme source", "sdg": "Indicateurs ODD alimentés", "role": "Rôle",
        "derived": "Variable dérivée", "definition": "Définition", "calculation": "Calcul",
        "in_words": "En clair", "inputs": "Calculée à partir de",
        "used_by": "Utilisée par les variables dérivées",
        "project": "Projet d’enquête", "modified": "modifiée", "added": "ajoutée par le projet",
        "record": "Enregistrement", "required": "Obligatoire", "yes": "Oui", "no": "Non",
        "indicator": "Indicateur", "name": "Nom", "custodian": "Organisme responsable",
        "status": "Statut", "fed_by": "Variables", "missing_text": "Ce qui manque",
        "kind": "Type", "form": "Formulaire", "version": "Version", "country": "Pays",
        "tier": "Niveau", "languages": "Langues", "generated": "Produit le",
        "see_list": "Voir la liste de codes", "entries": "entrées",
        "no_variables": "Aucune variable dans cette sélection", "otherwise": "sinon",
        "if": "si", "unknown": "inconnu (vide)",
        "special_code": "Code spécial (voir l’instruction)", "dont_know": "Ne sait pas",
        "refused": "Refus", "crosswalk": "Variables comparables ailleurs",
        "recode": "Recodage", "survey_metadata": "Métadonnées de l’enquête",
        "role_input": "donnée d’entrée (D : alimente directement l’indicateur)",
        "role_disaggregation": "ventilation (S : par statut migratoire)",
        "role_complementary": "complémentaire (C : pas l’indicateur officiel)",
        "status_direct": "alimenté directement", "status_disaggregation": "ventilation seulement",
        "status_complementary": "complémentaire seulement", "status_uncovered": "non couvert",
        "kind_migration_specific": "propre aux migrations", "kind_disaggregation":
        "à ventiler par statut migratoire", "not_hh": "ne relève pas des enquêtes auprès des "
        "ménages : aucune question de la banque ne l’alimente", "host_survey": "mesuré par "
        "l’enquête hôte ; aucune question de la banque n’y est liée",
        "would_feed": "sélectionner {module} (niveau {tier}) ajouterait {role} : "
        "{variables}", "r_input": "donnée d’entrée (D)", "r_disaggregation": "ventilation (S)",
        "r_complementary": "complément (C)", "page": "Page", "of": "sur",
    },
    "es": {
        "codebook": "Libro de códigos", "coverage": "Cobertura de los indicadores ODS",
        "search": "Buscar variables", "contents": "Contenido", "modules": "Módulos",
        "indicators": "Indicadores ODS", "code_lists": "Listas de códigos",
        "variable": "Variable", "number": "N.º", "type": "Tipo", "label": "Etiqueta",
        "question": "Pregunta", "hint": "Instrucción", "universe": "Universo",
        "asked_if": "Se pregunta si", "everyone": "Se pregunta a todos en el registro",
        "relevant": "Expresión de pertinencia", "constraint": "Restricción",
        "value_labels": "Etiquetas de valores", "code": "Código", "missing": "Faltante",
        "source": "Norma de origen", "sdg": "Indicadores ODS que alimenta", "role": "Función",
        "derived": "Variable derivada", "definition": "Definición", "calculation": "Cálculo",
        "in_words": "En palabras", "inputs": "Calculada a partir de",
        "used_by": "Usada por las variables derivadas",
        "project": "Proyecto de encuesta", "modified": "modificada",
        "added": "añadida por el proyecto",
        "record": "Registro", "required": "Obligatoria", "yes": "Sí", "no": "No",
        "indicator": "Indicador", "name": "Nombre", "custodian": "Organismo custodio",
        "status": "Estado", "fed_by": "Variables", "missing_text": "Qué falta",
        "kind": "Tipo", "form": "Formulario", "version": "Versión", "country": "País",
        "tier": "Nivel", "languages": "Idiomas", "generated": "Generado",
        "see_list": "Ver la lista de códigos", "entries": "entradas",
        "no_variables": "Ninguna variable en esta selección", "otherwise": "en otro caso",
        "if": "si", "unknown": "desconocido (vacío)",
        "special_code": "Código especial (ver la instrucción)", "dont_know": "No sabe",
        "refused": "Se niega", "crosswalk": "Variables comparables en otras encuestas",
        "recode": "Recodificación", "survey_metadata": "Metadatos de la encuesta",
        "role_input": "insumo (D: alimenta directamente el indicador)",
        "role_disaggregation": "desagregación (S: por condición migratoria)",
        "role_complementary": "complementaria (C: no es el indicador oficial)",
        "status_direct": "alimentado directamente", "status_disaggregation":
        "solo desagregación", "status_complementary": "solo complementaria",
        "status_uncovered": "no cubierto", "kind_migration_specific": "específico de migración",
        "kind_disaggregation": "a desagregar por condición migratoria",
        "not_hh": "no se basa en encuestas de hogares: ninguna pregunta del banco lo alimenta",
        "host_survey": "lo mide la encuesta anfitriona; ninguna pregunta del banco está "
        "vinculada",
        "would_feed": "seleccionar {module} (nivel {tier}) añadiría {role}: {variables}",
        "r_input": "insumo (D)", "r_disaggregation": "desagregación (S)",
        "r_complementary": "complemento (C)", "page": "Página", "of": "de",
    },
    "ar": {
        "codebook": "دليل المتغيرات", "coverage": "تغطية مؤشرات أهداف التنمية المستدامة",
        "search": "البحث في المتغيرات", "contents": "المحتويات", "modules": "الوحدات",
        "indicators": "مؤشرات أهداف التنمية المستدامة", "code_lists": "قوائم الرموز",
        "variable": "المتغير", "number": "الرقم", "type": "النوع", "label": "التسمية",
        "question": "السؤال", "hint": "تعليمات", "universe": "المجتمع المستهدف",
        "asked_if": "يُطرح إذا", "everyone": "يُطرح على الجميع في السجل",
        "relevant": "عبارة الصلة", "constraint": "القيد", "value_labels": "تسميات القيم",
        "code": "الرمز", "missing": "مفقود", "source": "المعيار المصدر",
        "sdg": "مؤشرات أهداف التنمية المستدامة التي يغذيها", "role": "الدور",
        "derived": "متغير مشتق", "definition": "التعريف", "calculation": "الحساب",
        "in_words": "بعبارات بسيطة", "inputs": "محسوب من", "used_by": "تستخدمه المتغيرات المشتقة",
        "project": "مشروع المسح", "modified": "معدَّل", "added": "أضافه المشروع",
        "record": "السجل", "required": "إلزامي", "yes": "نعم", "no": "لا",
        "indicator": "المؤشر", "name": "الاسم", "custodian": "الجهة الراعية",
        "status": "الحالة", "fed_by": "المتغيرات", "missing_text": "ما ينقص",
        "kind": "النوع", "form": "الاستمارة", "version": "الإصدار", "country": "البلد",
        "tier": "المستوى", "languages": "اللغات", "generated": "تاريخ الإنتاج",
        "see_list": "انظر قائمة الرموز", "entries": "مدخلات",
        "no_variables": "لا يوجد متغير في هذا الاختيار", "otherwise": "وإلا",
        "if": "إذا", "unknown": "غير معروف (فارغ)",
        "special_code": "رمز خاص (انظر التعليمات)", "dont_know": "لا يعرف",
        "refused": "رفض الإجابة", "crosswalk": "المتغيرات المقابلة في مسوح أخرى",
        "recode": "إعادة الترميز", "survey_metadata": "البيانات الوصفية للمسح",
        "role_input": "مدخل (D: يغذي المؤشر مباشرة)",
        "role_disaggregation": "تصنيف (S: حسب وضع الهجرة)",
        "role_complementary": "مكمّل (C: ليس المؤشر الرسمي)",
        "status_direct": "يُغذّى مباشرة", "status_disaggregation": "للتصنيف فقط",
        "status_complementary": "مكمّل فقط", "status_uncovered": "غير مغطى",
        "kind_migration_specific": "خاص بالهجرة", "kind_disaggregation":
        "يُصنَّف حسب وضع الهجرة", "not_hh": "لا يستند إلى المسوح الأسرية: لا يغذيه أي "
        "سؤال في البنك", "host_survey": "يقيسه المسح المضيف؛ لا يرتبط به أي سؤال في البنك",
        "would_feed": "اختيار {module} (المستوى {tier}) يضيف {role}: {variables}",
        "r_input": "مدخل (D)", "r_disaggregation": "تصنيف (S)", "r_complementary": "مكمّل (C)",
        "page": "صفحة", "of": "من",
    },
}

def words(lang: str) -> dict[str, str]:
    """The codebook's words in `lang`, English where a word or the language is missing."""
    return {**WORDS["en"], **WORDS.get(lang, {})}


direction = text_direction
"""`rtl` for right-to-left scripts, else `ltr` (one definition: generator.bank.model)."""
