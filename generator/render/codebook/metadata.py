# ruff: noqa: RUF001 (French typographic apostrophes are intended)
"""The survey metadata block of the codebook and the DDI.

What a user of the data must know and the questions do not say: the survey profile, the
usual-residence rule, the level of the regions, the border convention, the reference
windows, how amounts in other currencies are converted, and precision notes for the small
migrant subsamples (with how to report SDG 10.7.1). Texts are the codebook's own words in
each language (English for a language without them); values come from the build.
"""

from __future__ import annotations

from generator.instrument.compile import Instrument
from generator.render.codebook.model import MetaEntry, Text

_TITLES: dict[str, Text] = {
    "profile": {"en": "Survey profile", "fr": "Profil d’enquête", "es": "Perfil de encuesta",
                "ar": "نوع المسح"},
    "residence_rule": {"en": "Usual-residence rule", "fr": "Règle de résidence habituelle",
                       "es": "Regla de residencia habitual", "ar": "قاعدة الإقامة المعتادة"},
    "regions": {"en": "Administrative level of regions", "fr": "Niveau administratif des régions",
                "es": "Nivel administrativo de las regiones", "ar": "المستوى الإداري للمناطق"},
    "borders": {"en": "Border convention", "fr": "Convention sur les frontières",
                "es": "Convención sobre las fronteras", "ar": "اصطلاح الحدود"},
    "reference_windows": {"en": "Reference windows", "fr": "Périodes de référence",
                          "es": "Periodos de referencia", "ar": "الفترات المرجعية"},
    "currency": {"en": "Currency conversion", "fr": "Conversion des monnaies",
                 "es": "Conversión de monedas", "ar": "تحويل العملات"},
    "precision": {"en": "Precision of estimates on migrants",
                  "fr": "Précision des estimations sur les migrants",
                  "es": "Precisión de las estimaciones sobre migrantes",
                  "ar": "دقة التقديرات الخاصة بالمهاجرين"},
    "indicator_10_7_1": {"en": "Reporting SDG 10.7.1", "fr": "Diffusion de l’indicateur 10.7.1",
                         "es": "Difusión del indicador 10.7.1", "ar": "الإبلاغ عن المؤشر 10.7.1"},
}

_RULE: dict[str, Text] = {
    "12m": {
        "en": "P&R Rev.3 option (b): a usual resident has lived in the country for at least 12 "
              "months, or arrived less than 12 months ago intending to stay at least 12 months "
              "(survey parameter residence_months = 12).",
        "fr": "Option (b) des P&R Rév.3 : un résident habituel a vécu dans le pays au moins 12 "
              "mois, ou y est arrivé depuis moins de 12 mois avec l’intention d’y rester au "
              "moins 12 mois (paramètre residence_months = 12).",
        "es": "Opción (b) de P&R Rev.3: un residente habitual ha vivido en el país al menos 12 "
              "meses, o llegó hace menos de 12 meses con la intención de quedarse al menos 12 "
              "meses (parámetro residence_months = 12).",
        "ar": "الخيار (ب) في المبادئ والتوصيات، التنقيح 3: المقيم المعتاد عاش في البلد 12 شهرًا "
              "على الأقل، أو وصل قبل أقل من 12 شهرًا وينوي البقاء 12 شهرًا على الأقل "
              "(المعلمة residence_months = 12).",
    },
    "6m": {
        "en": "P&R Rev.3 option (a): a usual resident has lived in the country for most of the "
              "last 12 months (six months and one day), or intends to (survey parameter "
              "residence_months = 6).",
        "fr": "Option (a) des P&R Rév.3 : un résident habituel a vécu dans le pays la plus "
              "grande partie des 12 derniers mois (six mois et un jour), ou en a l’intention "
              "(paramètre residence_months = 6).",
        "es": "Opción (a) de P&R Rev.3: un residente habitual ha vivido en el país la mayor "
              "parte de los últimos 12 meses (seis meses y un día), o tiene la intención de "
              "hacerlo (parámetro residence_months = 6).",
        "ar": "الخيار (أ) في المبادئ والتوصيات، التنقيح 3: المقيم المعتاد عاش في البلد معظم "
              "الأشهر الاثني عشر الماضية (ستة أشهر ويوم واحد)، أو ينوي ذلك "
              "(المعلمة residence_months = 6).",
    },
}

_REGIONS_LISTED: Text = {
    "en": "Regions are the first-level subdivisions of {country} (ISO 3166-2); internal "
          "migrants are counted between them, so a finer level would count more migrants.",
    "fr": "Les régions sont les subdivisions de premier niveau de {country} (ISO 3166-2) ; "
          "les migrants internes sont comptés entre elles : un niveau plus fin en compterait "
          "davantage.",
    "es": "Las regiones son las subdivisiones de primer nivel de {country} (ISO 3166-2); los "
          "migrantes internos se cuentan entre ellas, y un nivel más fino contaría más.",
    "ar": "المناطق هي التقسيمات الإدارية من المستوى الأول في {country} (ISO 3166-2)؛ ويُحسب "
          "المهاجرون الداخليون بينها، وأي مستوى أدق يُظهر عددًا أكبر منهم.",
}
_REGIONS_WRITTEN: Text = {
    "en": "Regions are written in (no survey country was given): code them to one "
          "administrative level before analysis and record that level with the data.",
    "fr": "Les régions sont inscrites en clair (aucun pays d’enquête n’a été indiqué) : les "
          "coder à un seul niveau administratif avant l’analyse et indiquer ce niveau.",
    "es": "Las regiones se anotan en texto (no se indicó el país de la encuesta): codifíquelas "
          "a un solo nivel administrativo antes del análisis e indique ese nivel.",
    "ar": "تُكتب المناطق نصًا (لم يُحدَّد بلد المسح): رمّزها وفق مستوى إداري واحد قبل التحليل "
          "ودوّن ذلك المستوى مع البيانات.",
}
_BORDERS: Text = {
    "en": "Countries of birth and of residence are recorded within their present borders; "
          "country codes are ISO 3166-1 numeric (= UN M49), with 977 stateless, 991 abroad "
          "(country not known), 998 don't know and 999 refused.",
    "fr": "Les pays de naissance et de résidence sont enregistrés dans leurs frontières "
          "actuelles ; codes pays ISO 3166-1 numériques (= M49 de l’ONU), avec 977 apatride, "
          "991 étranger (pays inconnu), 998 ne sait pas et 999 refus.",
    "es": "Los países de nacimiento y de residencia se registran dentro de sus fronteras "
          "actuales; códigos de país ISO 3166-1 numéricos (= M49 de la ONU), con 977 apátrida, "
          "991 extranjero (país desconocido), 998 no sabe y 999 se niega.",
    "ar": "تُسجَّل بلدان الميلاد والإقامة ضمن حدودها الحالية؛ ورموز البلدان هي الرموز الرقمية "
          "ISO 3166-1 (= M49 للأمم المتحدة)، مع 977 عديم الجنسية و991 في الخارج (البلد غير "
          "معروف) و998 لا يعرف و999 رفض.",
}
_WINDOWS: Text = {
    "en": "Reference date: {date}. Residence one and five years before it; emigrants who "
          "left in the five years before it; remittances and discrimination: the 12 months "
          "before the interview; recent migrants: arrived less than 60 months before the "
          "interview (July when the month is not known).",
    "fr": "Date de référence : {date}. Résidence un et cinq ans auparavant ; émigrés partis "
          "au cours des cinq années précédentes ; transferts et discrimination : les 12 mois "
          "précédant l’entretien ; migrants récents : arrivés moins de 60 mois avant "
          "l’entretien (juillet si le mois n’est pas connu).",
    "es": "Fecha de referencia: {date}. Residencia uno y cinco años antes; emigrantes que se "
          "fueron en los cinco años anteriores; remesas y discriminación: los 12 meses "
          "anteriores a la entrevista; migrantes recientes: llegados menos de 60 meses antes "
          "de la entrevista (julio si no se conoce el mes).",
    "ar": "التاريخ المرجعي: {date}. مكان الإقامة قبله بسنة وبخمس سنوات؛ المهاجرون الذين غادروا "
          "خلال السنوات الخمس السابقة له؛ التحويلات والتمييز: الأشهر الاثنا عشر السابقة "
          "للمقابلة؛ المهاجرون الحديثون: قدموا قبل أقل من 60 شهرًا من المقابلة (يوليو إذا "
          "لم يكن الشهر معروفًا).",
}
_INTERVIEW_DATE: Text = {"en": "the interview date", "fr": "la date de l’entretien",
                         "es": "la fecha de la entrevista", "ar": "تاريخ المقابلة"}
_CURRENCY: Text = {
    "en": "Amounts are recorded in the currency reported, with its ISO 4217 code (default "
          "{currency}). Convert them to one currency at the average exchange rate of the "
          "month the amount was paid or received, from one published source named with the "
          "data; recruitment costs and earnings of one worker (SDG 10.7.1) with the same rule.",
    "fr": "Les montants sont enregistrés dans la monnaie déclarée, avec son code ISO 4217 "
          "(par défaut {currency}). Les convertir en une seule monnaie au taux de change moyen "
          "du mois du paiement ou de la réception, tiré d’une source publiée citée avec les "
          "données ; coûts de recrutement et salaire d’un même travailleur (ODD 10.7.1) selon "
          "la même règle.",
    "es": "Los importes se registran en la moneda declarada, con su código ISO 4217 (por "
          "defecto {currency}). Convertirlos a una sola moneda al tipo de cambio medio del mes "
          "en que se pagaron o recibieron, de una fuente publicada citada con los datos; los "
          "costos de contratación y los ingresos de un mismo trabajador (ODS 10.7.1) con la "
          "misma regla.",
    "ar": "تُسجَّل المبالغ بالعملة المُبلَّغ عنها مع رمزها وفق ISO 4217 (افتراضيًا {currency}). "
          "وتُحوَّل إلى عملة واحدة بمتوسط سعر الصرف في شهر الدفع أو الاستلام، من مصدر منشور "
          "يُذكر مع البيانات؛ وتُعامَل تكاليف التوظيف وأجر العامل نفسه (المؤشر 10.7.1) "
          "بالقاعدة نفسها.",
}
_PRECISION: Text = {
    "en": "Migrant subsamples are small. Publish every estimate on migrants with its "
          "coefficient of variation (CV) and unweighted base, and apply the statistics "
          "office's thresholds (many flag a CV above 15 % and suppress one above 30 %). When "
          "migrants are a target group, oversample the areas where they live (stratify the "
          "frame by the share of foreign-born) or screen a larger first-phase sample.",
    "fr": "Les sous-échantillons de migrants sont petits. Publier toute estimation sur les "
          "migrants avec son coefficient de variation (CV) et son effectif non pondéré, en "
          "appliquant les seuils de l’institut de statistique (beaucoup signalent un CV "
          "supérieur à 15 % et suppriment au-delà de 30 %). Si les migrants sont un groupe "
          "cible, suréchantillonner les zones où ils vivent (stratifier la base selon la part "
          "de personnes nées à l’étranger) ou filtrer un échantillon de première phase plus grand.",
    "es": "Las submuestras de migrantes son pequeñas. Publique toda estimación sobre migrantes "
          "con su coeficiente de variación (CV) y su base no ponderada, aplicando los umbrales "
          "de la oficina de estadística (muchas señalan un CV superior al 15 % y suprimen los "
          "superiores al 30 %). Si los migrantes son un grupo objetivo, sobremuestree las zonas "
          "donde viven (estratifique el marco por la proporción de nacidos en el extranjero) o "
          "filtre una muestra de primera fase más grande.",
    "ar": "العينات الفرعية للمهاجرين صغيرة. انشر كل تقدير خاص بالمهاجرين مع معامل الاختلاف "
          "وعدد الحالات غير المرجّح، وطبّق عتبات مكتب الإحصاء (يشير كثير منها إلى معامل "
          "اختلاف يتجاوز 15 % ويحجب ما يتجاوز 30 %). وإذا كان المهاجرون فئة مستهدفة، فزِد "
          "حجم العينة في المناطق التي يقيمون فيها (بتقسيم الإطار حسب نسبة المولودين في "
          "الخارج) أو افرز عينة أولى أكبر.",
}
_10_7_1: Text = {
    "en": "Report the mean and the median of the worker-level ratio of recruitment costs to "
          "the first month's earnings in the job abroad, each with a 95 % confidence interval "
          "that reflects the survey design, and the unweighted number of workers.",
    "fr": "Diffuser la moyenne et la médiane du rapport, par travailleur, entre les coûts de "
          "recrutement et le salaire du premier mois de l’emploi à l’étranger, chacune avec un "
          "intervalle de confiance à 95 % tenant compte du plan de sondage, et le nombre non "
          "pondéré de travailleurs.",
    "es": "Difunda la media y la mediana del cociente, por trabajador, entre los costos de "
          "contratación y los ingresos del primer mes del empleo en el extranjero, cada una con "
          "un intervalo de confianza del 95 % que refleje el diseño muestral, y el número no "
          "ponderado de trabajadores.",
    "ar": "أبلغ عن المتوسط والوسيط لنسبة تكاليف التوظيف إلى أجر الشهر الأول في الوظيفة في "
          "الخارج على مستوى العامل، مع فترة ثقة 95 % لكل منهما تراعي تصميم العينة، وعدد "
          "العمال غير المرجّح.",
}


def survey_metadata(inst: Instrument, langs: list[str]) -> tuple[MetaEntry, ...]:
    """The metadata block of one build, in its languages."""
    opts = inst.options
    names = inst.country.names if inst.country else {}
    out: list[MetaEntry] = []
    prof = inst.bank.profiles.get(opts.profile or "")
    if prof is not None:
        out.append(_entry("profile", langs, {
            lang: " ".join(t for t in (prof.title.get(lang, ""), prof.purpose.get(lang, ""),
                                       prof.reference_periods.get(lang, "")) if t)
            for lang in langs}))
    out.append(_entry("residence_rule", langs, _RULE[opts.residence_rule or "12m"]))
    regions = _REGIONS_LISTED if inst.country else _REGIONS_WRITTEN
    out.append(_entry("regions", langs, regions, country=names))
    out.append(_entry("borders", langs, _BORDERS))
    date = ({lang: opts.reference_date.isoformat() for lang in langs}
            if opts.reference_date else _INTERVIEW_DATE)
    out.append(_entry("reference_windows", langs, _WINDOWS, date=date))
    currency = inst.country.currency if inst.country and inst.country.currency else "USD"
    out.append(_entry("currency", langs, _CURRENCY,
                      currency={lang: currency for lang in langs}))
    out.append(_entry("precision", langs, _PRECISION))
    if any(link.id == "10.7.1" for it in inst.items() for link in it.question.indicators):
        out.append(_entry("indicator_10_7_1", langs, _10_7_1))
    return tuple(out)


def _entry(key: str, langs: list[str], text: Text, **values: Text) -> MetaEntry:
    """The entry in each language (English when a language has no text), values filled."""
    body = {}
    for lang in langs:
        template = text.get(lang) or text.get("en", "")
        body[lang] = template.format(**{k: v.get(lang) or v.get("en", "")
                                        for k, v in values.items()})
    return MetaEntry(key, {lang: _TITLES[key].get(lang, _TITLES[key]["en"]) for lang in langs},
                     body)
