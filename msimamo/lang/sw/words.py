"""Closed Swahili word lists the extractor and the gazetteer match: titles, connectors, the nouns
that head a speaker's description, and the small words that open or close a clause.

All lower case; callers compare folded words (``msimamo.extract.gazetteer.fold``).
"""

from msimamo.lang.sw.dates import MONTHS, WEEKDAYS

#: Titles before a name (Rais Putin, Bw Kim), dropped when matching a name.
TITLES = frozenset(
    "rais bw bwana bi bibi waziri mkuu naibu msemaji balozi dkt dk dr prof profesa mheshimiwa mhe "
    "jenerali jen kansela kiongozi mwenyekiti seneta katibu kamanda".split()
)
#: Possessive connectors (Umoja wa Mataifa, Baraza la Usalama): a name may run on over them.
POSSESSIVES = ("wa", "ya", "la", "za", "cha", "vya")
#: Particles inside foreign names (Ursula von der Leyen, Omar al Bashir).
NAME_PARTICLES = ("von", "der", "de", "al", "bin")
CONNECTORS = frozenset(POSSESSIVES) | {"kwa"}
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
    "katibu rais kiongozi viongozi mawaziri msaidizi mshauri mjumbe wajumbe".split()
)
#: Writings that speak for their author (taarifa iliyotolewa na X).
DOCUMENTS = frozenset("taarifa ripoti tamko azimio barua hotuba".split())
#: Nouns that head a speaker's description when it holds no name (afisa mmoja wa Pentagon,
#: vyombo vya habari vya serikali hizi mbili).
SPEAKER_NOUNS = ORGANS | DOCUMENTS | frozenset(
    "vyombo chombo mashirika shirika wataalamu mtaalamu wachambuzi mchambuzi mtafiti watafiti vyanzo "
    "chanzo gazeti magazeti jarida televisheni redio polisi timu jopo kundi".split()
)
#: After a speaker noun they point back to a speaker named earlier (taarifa hiyo, Jopo hilo).
DEMONSTRATIVES = frozenset("huyo hao hiyo hizo hilo hayo hicho hivyo huo ile yule wale".split())
#: Words written with a full stop that does not end the sentence (Bw. Putin, Dkt. Kim, Jan.).
ABBREVIATIONS = frozenset(
    "bw bwn bi dkt dk dr prof mhe mh mhs jen lt kan sh tsh ksh mt st mr mrs ms no nk km "
    "jan feb mar apr aug sep sept okt oct nov des dec inc ltd co".split()
)
#: Adverbs that open a sentence capitalised (Jana, Hata hivyo) and so look like names.
OPENING_ADVERBS = frozenset("jana leo kesho juzi baadaye awali kisha hata pia hivyo hapo sasa".split())
#: Capitalised words that are never a speaker: Swahili dates and opening adverbs.
NOT_NAMES = OPENING_ADVERBS | frozenset(w.lower() for w in MONTHS + WEEKDAYS)
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
