"""Closed Swahili word lists the extractor and the gazetteer match: titles, connectors, the nouns
that head a speaker's description, and the small words that open or close a clause.

All lower case; callers compare folded words (``msimamo.extract.gazetteer.fold``).
"""

from msimamo.lang.sw.dates import ENGLISH_MONTHS, ENGLISH_WEEKDAYS, MONTHS, WEEKDAYS

#: Titles before a name (Rais Putin, Bw Kim), dropped when matching a name.
TITLES = frozenset(
    "rais bw bwana bi bibi waziri mkuu naibu makamu msemaji balozi dkt dk dr prof profesa mheshimiwa mhe "
    "jenerali jen kansela kiongozi mwenyekiti seneta katibu kamanda mbunge spika meya gavana mkurugenzi "
    "mwakilishi mwandishi kanali luteni brigedia meja admirali jaji".split()
)
#: Possessive connectors (Umoja wa Mataifa, Baraza la Usalama): a name may run on over them.
POSSESSIVES = ("wa", "ya", "la", "za", "cha", "vya")
#: Particles inside foreign names (Ursula von der Leyen, Omar al Bashir).
NAME_PARTICLES = ("von", "der", "de", "al", "bin")
CONNECTORS = frozenset(POSSESSIVES) | {"kwa"}
#: The connector of the person class: "Amina Juma wa Al Jazeera" is Amina Juma of Al Jazeera.
PERSON_CONNECTOR = "wa"
#: Words after which a name is the owner or place of the noun before it (Wizara ya Uingereza,
#: balozi nchini Marekani), not a name of its own.
OWNER_WORDS = CONNECTORS | frozenset("mwa nchini mjini jijini huko katika".split())
#: A name after these words modifies a noun (msemaji wa Kremlin, balozi nchini Marekani) or is a
#: second party (Kim na Putin), so it is not the subject of the clause.
MODIFIER_WORDS = OWNER_WORDS | frozenset("kutoka dhidi na kati baina".split())
#: Nouns for a part or an official of a state or body: "Idara ya Ujasusi ya Korea Kusini" and
#: "afisa mmoja wa Umoja wa Mataifa" speak for the bloc of the body they belong to.
ORGANS = frozenset(
    "wizara idara ofisi ubalozi jeshi vikosi kikosi makao afisa maafisa msemaji wasemaji waziri naibu "
    "balozi ujumbe serikali mbunge wabunge bunge kamati tume mamlaka kamisheni kamanda jenerali mkuu "
    "katibu rais kiongozi viongozi mawaziri msaidizi mshauri mjumbe wajumbe ikulu shirika mashirika "
    "duru mwakilishi wawakilishi baraza jumuiya chama mkurugenzi wakurugenzi mwanadiplomasia "
    "wanadiplomasia".split()
)
#: Writings that speak for their author (taarifa iliyotolewa na X, tovuti ya X).
DOCUMENTS = frozenset("taarifa ripoti tamko azimio barua hotuba tovuti".split())
#: Nouns that head a speaker's description when it holds no name (afisa mmoja wa Pentagon,
#: vyombo vya habari vya serikali hizi mbili).
#: Nouns for a news outlet: "gazeti la Izvestia" is the outlet named after it; so is "shirika la
#: habari la Interfax", where NEWS makes an outlet of another noun (chombo cha habari).
MEDIA = frozenset("gazeti magazeti jarida televisheni runinga redio".split())
NEWS = "habari"
#: … and the nouns that head a known outlet's or agency's own descriptions (shirika la habari la KCNA).
OUTLET_NOUNS = MEDIA | frozenset("shirika mashirika kituo chombo vyombo".split())
SPEAKER_NOUNS = ORGANS | DOCUMENTS | MEDIA | frozenset(
    "vyombo chombo wataalamu mtaalamu wachambuzi mchambuzi mtafiti watafiti vyanzo chanzo polisi timu "
    "jopo kundi".split()
)
#: After a speaker noun they point back to a speaker named earlier (taarifa hiyo, Jopo hilo).
DEMONSTRATIVES = frozenset("huyo hao hiyo hizo hilo hayo hicho hivyo huo ile yule wale".split())
#: Words written with a full stop that does not end the sentence (Bw. Putin, Dkt. Kim, Jan.).
ABBREVIATIONS = frozenset(
    "bw bwn bi dkt dk dr prof mhe mh mhs jen lt kan sh tsh ksh mt st mr mrs ms no nk km "
    "jan feb mar apr aug sep sept okt oct nov des dec inc ltd co".split()
)
#: Adverbs and connectives that open a sentence capitalised (Jana, Hata hivyo, Aidha, Kwa upande
#: wake, Wakati huo, Naye) and so look like names.
OPENING_ADVERBS = frozenset(
    "jana leo kesho juzi baadaye awali kisha hata pia hivyo hapo sasa aidha vilevile vile kadhalika "
    "zaidi licha mbali lakini ila ingawa ingawaje japo japokuwa ijapokuwa hatimaye halafu basi tena "
    "wakati huku ambapo mnamo tangu kabla baada kufuatia kuhusu upande wake wao naye nao nayo yeye "
    "pale huko hapa mapema hivi karibuni tayari hasa hususan sambamba pamoja badala ndipo siku mwaka "
    "mwezi wiki asubuhi mchana jioni usiku".split()
)
#: Capitalised words that are never a speaker: Swahili and English dates, opening adverbs and
#: connectives, and demonstratives (Wakati huo).
NOT_NAMES = OPENING_ADVERBS | DEMONSTRATIVES | frozenset(
    w.lower() for w in MONTHS + WEEKDAYS + ENGLISH_MONTHS + ENGLISH_WEEKDAYS
)
#: Compass words that continue a place's name (Korea Kaskazini, Afrika Kusini, Mashariki ya Kati).
COMPASS = frozenset("kaskazini kusini mashariki magharibi kati".split())
#: Swahili words end in a vowel; a word ending otherwise is a foreign name or a loanword.
VOWELS = frozenset("aeiou")
#: Phrases that name a claim's source: "kwa mujibu wa X", "kulingana na X" (according to X).
SOURCE_PHRASES = ("kwa mujibu wa", "kulingana na")
#: "that", opening a speech verb's reported content (alisema kwamba …, also "ya kwamba").
THAT = ("kwamba", "kuwa")
#: "while": a "huku …" clause reports a second party's reaction, not the sentence's claim.
WHILE = "huku"
#: Words that end a noun phrase: where a source phrase's speaker ends.
PHRASE_BREAKS = (*THAT, WHILE, "lakini")
#: … and, before a speech verb, the relatives and "bali" that open a clause of their own: where
#: the verb's subject noun phrase begins.
CLAUSE_BREAKS = (*PHRASE_BREAKS, "ambapo", "ambaye", "ambao", "bali")
#: Words that may stand between a speech verb and the quotation it introduces (alisema pia kwamba “…”).
INTRO_WORDS = ("pia", "tu", *THAT, "ya", "wakati", "huo")
#: Conjunctions joining a second clause to the first: a verb right after one with no subject of
#: its own shares the first clause's (Kremlin ilikataa …, lakini ilisema …).
CONJUNCTIONS = ("na", "lakini", "bali", "kisha", "halafu", "tena")
#: Words opening an adverbial of place or time after a speech verb (alisema katika taarifa yake,
#: kwenye mtandao wa X, mnamo Jumanne): a verb followed only by one reports no claim of its own.
ADVERBIALS = ("katika", "kwenye", "kwa", "mbele", "ndani", "huko", "wakati", "baada", "kabla", "siku", "tarehe",
              "mnamo", "jana", "leo", "juzi", "hivi", "kuhusu")
