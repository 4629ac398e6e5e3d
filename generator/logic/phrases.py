"""Phrase templates for plain-language expressions in French, Spanish and Arabic.

Questions are named by their number in these languages ("P01"), as national
questionnaires do; English adds the variable's name ("BORN HERE (P01)").
"""

from __future__ import annotations

from collections.abc import Mapping

_COMMON = {"ref": "{number}", "ref_plain": "{label}", "negative": "-{operand}",
           "group": "({text})", "choice": "« {label} »", "text": "« {value} »"}

FR: Mapping[str, str] = {
    **_COMMON,
    "current": "la réponse", "parent": "le groupe", "today": "aujourd’hui",
    "now": "maintenant", "true": "vrai", "false": "faux",
    "=": "{left} = {right}", "!=": "{left} ≠ {right}", "<": "{left} inférieur à {right}",
    "<=": "{left} au plus {right}", ">": "{left} supérieur à {right}",
    ">=": "{left} au moins {right}", "answered": "{subject} renseigné",
    "not_answered": "{subject} non renseigné", "and": " et ", "or": " ou ",
    "+": "{left} + {right}", "-": "{left} − {right}", "*": "{left} × {right}",
    "div": "{left} ÷ {right}", "mod": "{left} modulo {right}", "not": "non ({operand})",
    "selected": "{subject} comprend {value}",
    "count-selected": "nombre de réponses à {subject}", "string-length": "longueur de {subject}",
}

ES: Mapping[str, str] = {
    **_COMMON,
    "current": "la respuesta", "parent": "el grupo", "today": "hoy", "now": "ahora",
    "true": "verdadero", "false": "falso",
    "=": "{left} = {right}", "!=": "{left} ≠ {right}", "<": "{left} menor que {right}",
    "<=": "{left} como máximo {right}", ">": "{left} mayor que {right}",
    ">=": "{left} al menos {right}", "answered": "{subject} respondida",
    "not_answered": "{subject} sin respuesta", "and": " y ", "or": " o ",
    "+": "{left} + {right}", "-": "{left} − {right}", "*": "{left} × {right}",
    "div": "{left} ÷ {right}", "mod": "{left} módulo {right}", "not": "no ({operand})",
    "selected": "{subject} incluye {value}",
    "count-selected": "número de respuestas en {subject}", "string-length": "longitud de {subject}",
}

AR: Mapping[str, str] = {
    **_COMMON,
    "choice": "«{label}»", "text": "«{value}»",
    "current": "الإجابة", "parent": "المجموعة", "today": "اليوم", "now": "الآن",
    "true": "صحيح", "false": "خطأ",
    "=": "{left} = {right}", "!=": "{left} ≠ {right}", "<": "{left} أقل من {right}",
    "<=": "{left} لا يزيد على {right}", ">": "{left} أكثر من {right}",
    ">=": "{left} لا يقل عن {right}", "answered": "تمت الإجابة عن {subject}",
    "not_answered": "لم تتم الإجابة عن {subject}", "and": " و ", "or": " أو ",
    "+": "{left} + {right}", "-": "{left} − {right}", "*": "{left} × {right}",
    "div": "{left} ÷ {right}", "mod": "باقي قسمة {left} على {right}", "not": "ليس ({operand})",
    "selected": "{subject} تشمل {value}",
    "count-selected": "عدد الإجابات في {subject}", "string-length": "طول {subject}",
}
