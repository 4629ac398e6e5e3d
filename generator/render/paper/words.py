"""The printed questionnaire's own words (headings, box captions), per language.

Question text comes from the bank; these are the form's furniture.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "no": "NO.", "questions": "QUESTIONS AND FILTERS", "coding": "CODING CATEGORIES",
        "skip": "SKIP", "check": "CHECK", "yes": "YES", "no_box": "NO",
        "next_section": "NEXT SECTION", "name": "(NAME)", "line": "LINE NO.",
        "member_line": "LINE NUMBER OF HOUSEHOLD MEMBER", "member_name": "NAME",
        "emigrant_line": "E-LINE", "cluster": "CLUSTER NUMBER", "household": "HOUSEHOLD NUMBER",
        "interviewer": "INTERVIEWER CODE", "date": "DATE OF INTERVIEW (DAY / MONTH / YEAR)",
        "identification": "IDENTIFICATION", "country": "COUNTRY", "version": "VERSION",
        "form": "FORM", "page": "Page", "of": "of", "country_list": "COUNTRY CODES",
        "see_codes": "WRITE THE NAME; THE CODE IS IN THE COUNTRY CODE LIST",
        "write_code": "WRITE THE NAME AND THE CODE", "circle_all": "CIRCLE ALL THAT APPLY",
        "ask_if": "ASK ONLY IF", "continuation": "IF MORE LINES ARE NEEDED, USE A "
        "CONTINUATION SHEET", "one_per_person": "FILL ONE COPY OF THIS SECTION FOR EACH "
        "HOUSEHOLD MEMBER", "code": "CODE", "name_col": "NAME", "no_country": "[COUNTRY]",
    },
    "fr": {
        "no": "N°", "questions": "QUESTIONS ET FILTRES", "coding": "CATÉGORIES DE CODAGE",
        "skip": "ALLER À", "check": "VÉRIFIER", "yes": "OUI", "no_box": "NON",
        "next_section": "SECTION SUIVANTE", "name": "(NOM)", "line": "N° DE LIGNE",
        "member_line": "NUMÉRO DE LIGNE DU MEMBRE DU MÉNAGE", "member_name": "NOM",
        "emigrant_line": "LIGNE E", "cluster": "NUMÉRO DE GRAPPE",
        "household": "NUMÉRO DU MÉNAGE", "interviewer": "CODE DE L’ENQUÊTEUR",
        "date": "DATE DE L’ENTRETIEN (JOUR / MOIS / ANNÉE)", "identification": "IDENTIFICATION",
        "country": "PAYS", "version": "VERSION", "form": "FORMULAIRE", "page": "Page",
        "of": "sur", "country_list": "CODES DES PAYS",
        "see_codes": "INSCRIRE LE NOM ; LE CODE FIGURE DANS LA LISTE DES CODES DES PAYS",
        "write_code": "INSCRIRE LE NOM ET LE CODE", "circle_all": "ENCERCLER TOUTES LES "
        "RÉPONSES QUI S’APPLIQUENT", "ask_if": "POSER SEULEMENT SI",
        "continuation": "S’IL FAUT PLUS DE LIGNES, UTILISER UNE FEUILLE DE CONTINUATION",
        "one_per_person": "REMPLIR UN EXEMPLAIRE DE CETTE SECTION POUR CHAQUE MEMBRE DU MÉNAGE",
        "code": "CODE", "name_col": "NOM", "no_country": "[PAYS]",
    },
    "es": {
        "no": "N.º", "questions": "PREGUNTAS Y FILTROS", "coding": "CATEGORÍAS DE CODIFICACIÓN",
        "skip": "PASE A", "check": "VERIFIQUE", "yes": "SÍ", "no_box": "NO",
        "next_section": "SIGUIENTE SECCIÓN", "name": "(NOMBRE)", "line": "N.º DE LÍNEA",
        "member_line": "NÚMERO DE LÍNEA DEL MIEMBRO DEL HOGAR", "member_name": "NOMBRE",
        "emigrant_line": "LÍNEA E", "cluster": "NÚMERO DE CONGLOMERADO",
        "household": "NÚMERO DE HOGAR", "interviewer": "CÓDIGO DEL ENTREVISTADOR",
        "date": "FECHA DE LA ENTREVISTA (DÍA / MES / AÑO)", "identification": "IDENTIFICACIÓN",
        "country": "PAÍS", "version": "VERSIÓN", "form": "FORMULARIO", "page": "Página",
        "of": "de", "country_list": "CÓDIGOS DE PAÍSES",
        "see_codes": "ANOTE EL NOMBRE; EL CÓDIGO ESTÁ EN LA LISTA DE CÓDIGOS DE PAÍSES",
        "write_code": "ANOTE EL NOMBRE Y EL CÓDIGO", "circle_all": "CIRCULE TODAS LAS QUE "
        "CORRESPONDAN", "ask_if": "PREGUNTE SOLO SI",
        "continuation": "SI SE NECESITAN MÁS LÍNEAS, USE UNA HOJA DE CONTINUACIÓN",
        "one_per_person": "LLENE UNA COPIA DE ESTA SECCIÓN PARA CADA MIEMBRO DEL HOGAR",
        "code": "CÓDIGO", "name_col": "NOMBRE", "no_country": "[PAÍS]",
    },
    "ar": {
        "no": "الرقم", "questions": "الأسئلة والمرشّحات", "coding": "فئات الترميز",
        "skip": "انتقل إلى", "check": "تحقّق", "yes": "نعم", "no_box": "لا",
        "next_section": "القسم التالي", "name": "(الاسم)", "line": "رقم السطر",
        "member_line": "رقم سطر فرد الأسرة المعيشية", "member_name": "الاسم",
        "emigrant_line": "السطر E", "cluster": "رقم العنقود", "household": "رقم الأسرة المعيشية",
        "interviewer": "رمز الباحث", "date": "تاريخ المقابلة (اليوم / الشهر / السنة)",
        "identification": "بيانات التعريف", "country": "البلد", "version": "الإصدار",
        "form": "الاستمارة", "page": "صفحة", "of": "من", "country_list": "رموز البلدان",
        "see_codes": "سجّل الاسم؛ الرمز في قائمة رموز البلدان",
        "write_code": "سجّل الاسم والرمز", "circle_all": "ضع دائرة حول كل ما ينطبق",
        "ask_if": "اسأل فقط إذا", "continuation": "إذا لزم مزيد من الأسطر، استخدم ورقة إضافية",
        "one_per_person": "املأ نسخة من هذا القسم لكل فرد من أفراد الأسرة المعيشية",
        "code": "الرمز", "name_col": "الاسم", "no_country": "[البلد]",
    },
}


def words(lang: str) -> dict[str, str]:
    """The form's words in a language (English for a language without its own set)."""
    return WORDS.get(lang, WORDS["en"])
