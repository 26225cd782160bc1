"""The words of a Swahili news page's furniture: what an outlet prints around an article.

Labels, links, credits, counters and the outlet's notes about itself recur across outlets in a few
fixed words; ``msimamo.extract.furniture`` builds its tests from these lists. All lower case
(compared folded), phrases with single spaces.
"""

from msimamo.lang.sw.dates import ENGLISH_MONTHS, ENGLISH_WEEKDAYS, MONTHS, WEEKDAYS
from msimamo.lang.sw.words import CLAUSE_BREAKS, DEMONSTRATIVES, MODIFIER_WORDS

#: A label over a list of links to other articles, one title a line.
LINK_LIST_LABELS = ("habari zinazohusiana", "habari zaidi", "zilizosomwa zaidi", "related",
                    "related stories", "more stories", "most read")
#: A whole line that is only a label: share buttons, advertisement slots, section boxes.
LABELS = (
    "kusambaza", "shiriki", "share", "share this", "like this", "tweet", "matangazo", "matangazo ya kibiashara",
    "tangazo", "advertisement", "pata taarifa kuu", "habari kuu", "chapisha", "tuma", "maoni", "muktasari",
    "kwa ufupi", *LINK_LIST_LABELS,
)
#: Skip links at the top of a page (Nenda kwenye maudhui, Ruka hadi maudhui, Skip to content).
NAVIGATION = ("nenda kwenye", "nenda tovuti", "ruka", "rudi kwenye", "skip to")
#: A link to another article (Soma pia: …), which may stand between two sentences of a paragraph,
#: or alone on a line over a list of links.
READ_MORE = (
    "soma pia", "soma zaidi", "pia soma", "unaweza pia kusoma", "pia unaweza kusoma", "tazama pia",
    "tazama zaidi", "sikiliza pia", "sikiliza zaidi", "read more", "read also", "also read", "see also",
)
#: Words that make a line a photo caption or its credit wherever they stand: a label before a
#: colon (…LusakaPicha: Jina/AP), or a phrase.
CAPTION_LABELS = ("picha", "photo", "foto", "bild", "image")
CAPTION_PHRASES = ("chanzo cha picha", "maelezo ya picha", "picture alliance", "picture-alliance",
                   "getty images")
#: Labels of a video or audio item: before a colon they head its title (VIDEO: …); a short line
#: they open is the player or a prompt to it (Tazama video 02:35, Sikiliza makala hii).
MEDIA_LABELS = ("video", "audio", "sauti", "mubashara", "live", "podcast", "tazama", "sikiliza", "watch",
                "listen")
#: Labels before a colon that head the article's summary (Muktasari: …), a teaser line.
TEASER_LABELS = ("muktasari", "kwa ufupi", "summary", "in brief")
#: Who wrote or edited the article, before a colon or comma (Mwandishi: …, Mwandishi, …).
CREDIT_LABELS = ("mwandishi", "waandishi", "mhariri", "wahariri", "mtangazaji", "mwandaaji", "mpiga picha",
                 "tafsiri", "chanzo", "nafasi", "akiripoti kutoka", "author", "authors", "editor", "by",
                 "written by", "posted by", "reporter", "source", "role", "reporting from")
#: … or before "na" (Imeandikwa na …).
CREDIT_VERBS = ("imeandikwa", "imehaririwa", "imeandaliwa", "imetafsiriwa", "imetayarishwa")
#: "Na Mahmoud Ali, DODOMA", "By Jane Doe": the word before a byline's name.
BY = ("na", "by")
#: A line of page metadata holds only numbers and these: dates, times, ages, reading times, view
#: and share counts (Ijumaa, 4th Apr 2025 · 3 days ago · Muda wa kusoma: Dakika 4 · Maoni 12 ·
#: 1.2K views · Imesomwa mara 340 · Imechapishwa 12/06/2024).
METADATA_WORDS = frozenset(
    [m.lower() for m in MONTHS + ENGLISH_MONTHS + WEEKDAYS + ENGLISH_WEEKDAYS]
    + [m[:3].lower() for m in MONTHS + ENGLISH_MONTHS]
    + "sept okt des st nd rd th am pm gmt utc eat cat jst cet est k m "
      "saa dakika sekunde siku wiki mwezi miezi mwaka miaka zilizopita iliyopita uliopita ago "
      "hour hours hr hrs "
      "minute minutes min mins second seconds day days week weeks month months year years yesterday today "
      "jana leo muda wa kusoma kutazama kusikiliza video "
      "imechapishwa ilichapishwa imesasishwa imepakiwa imewekwa imehaririwa published updated posted "
      "maoni comment comments view views viewed share shares shared like likes read reads hits times no hakuna "
      "mara imesomwa imetazamwa imeonwa imeonekana imeshirikiwa wameisoma wasomaji watazamaji watu kusomwa "
      "kutazamwa wamesoma wametazama".split()
)
#: Footers and notices that are the page's, never the article's, wherever they stand.
FOOTERS = ("©", "copyright", "haki zote zimehifadhiwa", "all rights reserved", "first appeared on",
           "appeared first on", "related posts", "vidakuzi", "cookies")
#: The outlet talking about itself: who it reaches, on what, and what the reader should do about
#: it. A line is the outlet's own when it opens with a prompt, when a prompt comes with another
#: kind of cue, or when three kinds come together; a news paragraph may name a radio and its
#: listeners, but does not tell the reader to follow it.
OUTLET_CUES = {
    "prompt": frozenset(
        "tembelea jiunge tufuate tufuatilie fuatilia pakua bofya bonyeza jisajili usikose usisahau sakinisha "
        "ruhusu visit join follow download click subscribe install".split()),
    "self": frozenset("idhaa yetu wetu zetu letu kwetu nasi our us".split()),
    "reach": frozenset("inawafikia huwafikia kuwafikia tunawafikia inapatikana hupatikana inasikika husikika"
                       .split()),
    "audience": frozenset(
        "wasikilizaji msikilizaji watazamaji mtazamaji wasomaji msomaji wafuatiliaji hadhira listeners "
        "viewers readers audience subscribers".split()),
    "channel": frozenset(
        "redio radio televisheni runinga tv fm masafa tovuti mtandao mitandao website app programu apu "
        "youtube facebook instagram twitter tiktok whatsapp telegram podcast email newsletter".split()),
    "programme": frozenset("vipindi matangazo programmes programs shows".split()),
}
#: Very common words of the languages Swahili pages print captions and footers in (English,
#: French, German), and of Swahili; a line is foreign when the first outnumber the second. Words
#: Swahili shares with them (la, au) count as Swahili, and those in names (de, al, un) as neither.
FOREIGN_WORDS = frozenset(
    "the of and to in is are was were for on with by at from that this it as be has have had will would "
    "not an or but their his her they we you he she said says after about more who which its been than "
    "into over new first also our us your read posts post related ago comments views click here "
    "appeared loading "
    "le les des du et est une pour dans qui que sur pas avec par aux ce cette il elle sont "
    "der die das und ist nicht ein eine mit von zu den dem auf für im sich bei auch wird nach".split()
)
SWAHILI_WORDS = frozenset(
    [*MODIFIER_WORDS, *CLAUSE_BREAKS, *DEMONSTRATIVES]
    + "ni hii huu hiki yake wake zake wao kama baada kabla juu zaidi bado tu au hadi mpaka tangu wakati ili "
      "kuhusu pia hata hivyo sasa".split()
)
