"""The instructions a printed host form adds to its questions, per language.

Question text comes from the host form; these words say what the form's settings mean on
paper (a range, a filtered list, a photo to take). Other languages use the English words.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "range": "RANGE", "allowed": "ALLOWED ANSWER", "required": "MUST BE ANSWERED",
        "filter": "SHOW ONLY THE OPTIONS WHERE", "other": "IF OTHER, SPECIFY",
        "media": "[PICTURE: {file}]", "capture": "[{what}: RECORD ON THE DEVICE]",
        "each": "FILL ONE LINE OR COPY FOR EACH: {what}", "lines": "NUMBER OF LINES",
        "list": "THE CODES ARE IN THE LIST", "rank": "RANK THE OPTIONS",
        "photo": "PHOTO", "audio": "AUDIO", "video": "VIDEO", "file": "FILE",
        "signature": "SIGNATURE", "barcode": "BARCODE", "location": "GPS LOCATION",
    },
    "fr": {
        "range": "PLAGE", "allowed": "RÉPONSE ADMISE", "required": "RÉPONSE OBLIGATOIRE",
        "filter": "N’AFFICHER QUE LES OPTIONS OÙ", "other": "SI AUTRE, PRÉCISER",
        "media": "[IMAGE : {file}]", "capture": "[{what} : À ENREGISTRER SUR L’APPAREIL]",
        "each": "REMPLIR UNE LIGNE OU UN EXEMPLAIRE POUR CHAQUE : {what}",
        "lines": "NOMBRE DE LIGNES", "list": "LES CODES SONT DANS LA LISTE",
        "rank": "CLASSER LES OPTIONS", "photo": "PHOTO", "audio": "AUDIO", "video": "VIDÉO",
        "file": "FICHIER", "signature": "SIGNATURE", "barcode": "CODE-BARRES",
        "location": "POSITION GPS",
    },
    "es": {
        "range": "RANGO", "allowed": "RESPUESTA ADMITIDA", "required": "RESPUESTA OBLIGATORIA",
        "filter": "MOSTRAR SOLO LAS OPCIONES DONDE", "other": "SI ES OTRO, ESPECIFIQUE",
        "media": "[IMAGEN: {file}]", "capture": "[{what}: REGISTRAR EN EL DISPOSITIVO]",
        "each": "LLENE UNA LÍNEA O UNA COPIA PARA CADA: {what}",
        "lines": "NÚMERO DE LÍNEAS", "list": "LOS CÓDIGOS ESTÁN EN LA LISTA",
        "rank": "ORDENE LAS OPCIONES", "photo": "FOTO", "audio": "AUDIO", "video": "VIDEO",
        "file": "ARCHIVO", "signature": "FIRMA", "barcode": "CÓDIGO DE BARRAS",
        "location": "UBICACIÓN GPS",
    },
    "ar": {
        "range": "النطاق", "allowed": "الإجابة المقبولة", "required": "الإجابة إلزامية",
        "filter": "اعرض فقط الخيارات التي فيها", "other": "إذا كان غير ذلك، حدّد",
        "media": "[صورة: {file}]", "capture": "[{what}: يُسجَّل على الجهاز]",
        "each": "املأ سطرًا أو نسخة لكل: {what}", "lines": "عدد الأسطر",
        "list": "الرموز في القائمة", "rank": "رتّب الخيارات", "photo": "صورة",
        "audio": "تسجيل صوتي", "video": "فيديو", "file": "ملف", "signature": "توقيع",
        "barcode": "رمز شريطي", "location": "موقع GPS",
    },
}


def words(lang: str) -> dict[str, str]:
    """The instruction words of a language (subtags ignored; English when it has none)."""
    return WORDS.get(lang.split("-")[0], WORDS["en"])
