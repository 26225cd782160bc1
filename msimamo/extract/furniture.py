"""Page furniture: which parts of a scraped Swahili news page are its title, teaser and running text.

The service reports statements by their offsets in the text the user sent, so everything here
returns character spans of the original text and never a rewritten string. A page is judged line by
line (a scraped page keeps one paragraph, caption, link or label per line). A line is furniture as a
whole (a label, caption, credit, counter, the outlet's note about itself, a line in another
language), or a body line with furniture glued to it (a dateline before the first sentence, hashtags
after the last, a "Soma pia" link between two sentences), or a heading. The headings above the
first body paragraph are the page's title and teaser; below it they are crossheads, captions and
the titles of other articles, so they are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from msimamo.lang.sw.dates import ENGLISH_MONTHS, ENGLISH_WEEKDAYS, MONTHS, WEEKDAYS
from msimamo.lang.sw.marks import APOSTROPHE, CLOSING, MARK_CHARS, OPENING, char_class
from msimamo.lang.sw.morphology import FINITE_VERB, SPEECH_VERB, TENSED_VERB
from msimamo.lang.sw.pages import (
    BY, CAPTION_LABELS, CAPTION_PHRASES, CREDIT_LABELS, CREDIT_VERBS, FOOTERS, FOREIGN_WORDS, LABELS,
    LINK_LIST_LABELS, MEDIA_LABELS, METADATA_WORDS, NAVIGATION, OUTLET_CUES, READ_MORE, SWAHILI_WORDS,
    TEASER_LABELS,
)
from msimamo.lang.sw.words import VOWELS

MAX_HEADING_WORDS = 20
MAX_TITLE_WORDS = 12
#: A teaser under the title may run longer than a heading, but not past one long sentence.
MAX_TEASER_WORDS = 40
#: Shorter lines recur inside others by chance ("Hata hivyo."), so only exact copies count.
MIN_REPEAT_WORDS = 3
#: Words a labelled title needs (VIDEO: Waziri awasili Lusaka); fewer is the player itself.
MIN_LABELLED_WORDS = 3
#: Words in each short field of a line split by pipes (Jina | DW Kiswahili | 12.06.2024).
MAX_FIELD_WORDS = 4
#: Share of capitalised words that makes a long line without a stop a menu or a list of tags.
MIN_MENU_CAPITALS = 0.8
#: Hyphens in a URL slug (waziri-aonya-walanguzi); no Swahili word has this many.
MIN_SLUG_HYPHENS = 3
#: Foreign-looking words before a line may be judged foreign: one is a name or a loanword.
MIN_FOREIGN_WORDS = 2
#: Characters of a line enough to tell its language and whether it is the outlet's note about
#: itself (a short one).
MAX_LANGUAGE_CHARS = 400
#: How far a "Soma pia" link's title may run before the next sentence: a title is one line of a
#: headline, and the bound keeps the search for its end from running over the whole paragraph.
MAX_LINK_CHARS = 300

_SENTENCE_END = re.compile(rf"[.!?…]{char_class(CLOSING + ')]')}*$")
#: A stop that ends a sentence inside a line (a stop before a space or the line's end).
_STOP = re.compile(rf"[.!?…]{char_class(CLOSING + ')]')}*(?!\S)")
_STOP_BEFORE = char_class(".!?…" + CLOSING.replace(APOSTROPHE, ""))


def _phrases(phrases) -> str:
    """An alternation of phrases, longest first; any spacing between words and before a colon."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace(":", r"\s*:") for p in ordered)


_NAVIGATION = re.compile(rf"^(?:\d+\.\s*)?(?:{_phrases(NAVIGATION)})\b", re.I)
_LABEL = re.compile(rf"^(?:{_phrases(LABELS)})\s*:?$", re.I)
_LINK_LIST = re.compile(rf"^(?:{_phrases(READ_MORE + LINK_LIST_LABELS)})\s*:?$", re.I)
_CAPTION_LABEL = re.compile(rf"(?:{_phrases(CAPTION_LABELS)})\s*:", re.I)
#: A wire-photo credit (… via REUTERS).
_VIA = re.compile(r"\bvia\s+[A-Z]{2,}")
_BYLINE = re.compile(r"^\(\s*[A-Z][\w.]*(?:\s*[,/&]\s*[A-Z][\w.]*)*\s*\)$")
#: A credit line's opening: a credit label before a colon or comma (Mwandishi: …), a credit verb
#: (Imeandikwa na …), or a site's handle before a name and nothing else (-tovuti: Jane Doe).
_CREDIT = re.compile(
    rf"^(?i:(?:{_phrases(CREDIT_LABELS)})\s*[:,–—-]|(?:{_phrases(CREDIT_VERBS)})\s+na\b)"
    r"|^[-–@]?[a-z][\w.]*\s*:\s*(?=[A-Z])(?!.*\b[a-z])"
)
#: A label and a colon before a title or teaser (VIDEO: …, Muktasari: …).
_LABELLED = re.compile(rf"^(?:{_phrases(MEDIA_LABELS + TEASER_LABELS)})\s*[:–—-]\s*", re.I)
_MEDIA = re.compile(rf"^(?:{_phrases(MEDIA_LABELS)})\b", re.I)
#: A clip's running time closing its line (… 02:35).
_DURATION = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NOT_FOUND = re.compile(r"^(?:ukurasa\s+ha(?:i|u|uku)patikani|page not found)\b", re.I)
_COMMENTS = re.compile(
    r"^(?:\d+\s+(?:thoughts?|comments?|responses?|replies|maoni)\s+(?:on|kuhusu|juu ya)\b"
    r"|leave a (?:reply|comment)|post a comment|acha (?:jibu|maoni)|toa maoni"
    r"|your email address will not be published)",
    re.I,
)
_MONTH = "(?:%s)" % "|".join(MONTHS + ENGLISH_MONTHS)
_WEEKDAY = "(?:%s)" % "|".join(WEEKDAYS + ENGLISH_WEEKDAYS)
#: Possessive whitespace: the runs around an optional comma must not trade characters, or a
#: weekday followed by thousands of spaces costs quadratic time.
_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s*+,?\s*+)?(?:\d{{1,2}}\.?\s++{_MONTH}\s++\d{{4}}|{_MONTH}\s++\d{{1,2}},?\s++\d{{4}})"
    r"(?:\s*+,?\s*+\d{1,2}:\d{2})?"
)
_AFTER_DATELINE = re.compile(rf"(?=[^\W\d_])|\s*[-–—|:]\s*|\s+(?=[A-Z]|{char_class(OPENING)})")
#: A "Soma pia" link inside a line: after a sentence's end (the apostrophe ending a word is no
#: sentence end) in any case, or capitalised after a word or space it is glued to. At the line's
#: start it is matched by ``_READ_MORE_START``.
_READ_MORE = re.compile(rf"(?:(?<={_STOP_BEFORE})\s?|(?<=[\w\s])(?=[A-Z]))(?i:{_phrases(READ_MORE)})\b")
_READ_MORE_START = re.compile(rf"(?:{_phrases(READ_MORE)})\b", re.I)
#: Where a link's title meets the next sentence with no space (…bei ya mboleaWakulima walisema):
#: a word begun in lower case running into a capital. Names (McBride, WordPress) begin capitalised.
_GLUED = re.compile(r"(?<!\S)[a-z0-9][a-z0-9]++(?=[A-Z])")
_QUOTE_MARKS = re.compile(char_class(MARK_CHARS))
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\S+")
_PIPE = re.compile(r"\|")


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as spans without their surrounding whitespace."""
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(raw)
    return spans


def _before_comments(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Everything from a comment form on is readers' comments, not the article."""
    for i, (s, e) in enumerate(lines):
        if _COMMENTS.match(text[s:e]):
            return lines[:i]
    return lines


def _comparable(line: str) -> str:
    return " ".join(_QUOTE_MARKS.sub(" ", line).casefold().split())


def _repeats(text: str, lines: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Lines printed twice or inside a longer line: headlines, captions, pull-quotes.

    Pages repeat their titling (a headline over the body, a caption with and without its credit, a
    pull-quote lifted from a paragraph) but never a paragraph of running text, so only a line of
    heading length is looked for inside others: at each word of the page, the keys that begin with
    that word, at most one per length, so the search stays linear in the page.
    """
    words = {span: tuple(_comparable(text[span[0]:span[1]]).split()) for span in lines}
    counts = Counter(words.values())
    inner = {key for key in counts if MIN_REPEAT_WORDS <= len(key) <= MAX_HEADING_WORDS}
    lengths: dict[str, set[int]] = {}
    for key in inner:
        lengths.setdefault(key[0], set()).add(len(key))
    found: Counter = Counter()
    for line in words.values():
        for i, word in enumerate(line):
            for n in lengths.get(word, ()):
                if i + n <= len(line) and line[i:i + n] in inner:
                    found[line[i:i + n]] += 1
    return {span for span, key in words.items() if counts[key] > 1 or found[key] > 1}


def is_heading(line: str) -> bool:
    """A title, tag or pull-quote: no sentence-final mark, and short or wholly in quotation marks."""
    if _SENTENCE_END.search(line):
        return False
    quoted = line[0] in OPENING and line[-1] in CLOSING
    return quoted or len(line.split()) <= MAX_HEADING_WORDS


def _is_short(line: str) -> bool:
    """Heading-shaped: no sentence-final mark and a headline's length (credits, players, labels)."""
    return not _SENTENCE_END.search(line) and len(line.split()) <= MAX_HEADING_WORDS


def is_metadata(line: str) -> bool:
    """Only numbers and the words of dates, times, ages and counters: "Ijumaa, 4th Apr 2025",
    "3 days ago", "Maoni 12", "1.2K views", "Imesomwa mara 340" (or no word at all)."""
    return all(m.group().casefold() in METADATA_WORDS for m in _WORD.finditer(line))


def is_foreign(line: str) -> bool:
    """A line in English, French or German: its common words outnumber Swahili's."""
    return _is_foreign(_WORD.findall(line, 0, MAX_LANGUAGE_CHARS))


def _is_foreign(words: list[str]) -> bool:
    """A lower-case word in neither list counts by its last letter, as Swahili words end in a vowel
    (over 99% of the lower-case words of Swahili news) and English and German ones mostly do not;
    capitalised words are names and count only when listed."""
    foreign = swahili = 0
    for word in words:
        folded = word.casefold()
        if folded in FOREIGN_WORDS:
            foreign += 1
        elif folded in SWAHILI_WORDS:
            swahili += 1
        elif word[0].islower():
            swahili += folded[-1] in VOWELS
            foreign += folded[-1] not in VOWELS
    return foreign >= MIN_FOREIGN_WORDS and foreign > swahili


def is_outlet_note(line: str) -> bool:
    """The outlet talking about itself: its reach, programmes, apps and social accounts, or its
    footer."""
    return _is_outlet_note(line, _WORD.findall(line, 0, MAX_LANGUAGE_CHARS))


def _is_outlet_note(line: str, words: list[str]) -> bool:
    """A footer phrase anywhere; else a prompt to the reader opening the line or with another kind
    of cue, or three kinds of cue at once. Quoted words are someone's speech, so a line with
    quotation marks is never the outlet's note."""
    folded = line.casefold()
    if any(footer in folded for footer in FOOTERS):
        return True
    if _QUOTE_MARKS.search(line):
        return False
    folded_words = [w.casefold() for w in words]
    kinds = {kind for kind, cues in OUTLET_CUES.items() if cues.intersection(folded_words)}
    opens_with_prompt = bool(folded_words) and folded_words[0] in OUTLET_CUES["prompt"]
    return opens_with_prompt or ("prompt" in kinds and len(kinds) > 1) or len(kinds) >= 3


def _is_caption(line: str) -> bool:
    """A photo caption or credit, or a line of short fields split by pipes (Jina | DW Kiswahili).
    The plain substring tests first: most lines hold no colon, no "via" and no pipe."""
    folded = line.casefold()
    return ("|" in line or any(phrase in folded for phrase in CAPTION_PHRASES)
            or (":" in line and bool(_CAPTION_LABEL.search(line)))
            or ("via" in line and bool(_VIA.search(line))))


def _is_credit(line: str) -> bool:
    """An author, editor or source line: "Mwandishi: …", "Imeandikwa na …", "Na Jane Doe, DODOMA",
    "site: Jane Doe"."""
    if _CREDIT.match(line):
        return True
    words = line.replace(",", " ").split()
    return len(words) > 1 and words[0].casefold() in BY and all(w[:1].isupper() for w in words[1:])


def _is_hashtag(token: str) -> bool:
    return token.startswith("#") and not _SENTENCE_END.search(token)


def _is_menu(line: str) -> bool:
    """A long line without a stop, nearly all in capitalised words: a menu or a list of tags (no
    headline runs past ``MAX_HEADING_WORDS``)."""
    words = line.split()
    return (len(words) > MAX_HEADING_WORDS and not _SENTENCE_END.search(line)
            and sum(w[:1].isupper() for w in words) >= MIN_MENU_CAPITALS * len(words))


def _is_address(line: str) -> bool:
    """A link, e-mail address or social-media handle in a short line (Kiungo cha kudumu https://…)."""
    folded = line.casefold()
    return "://" in folded or "www." in folded or "@" in folded


def _is_tags(line: str) -> bool:
    """Hashtags only, or a URL slug (waziri-aonya-walanguzi-572)."""
    if line.startswith("#"):
        return all(_is_hashtag(w) or not _WORD.search(w) for w in line.split())
    return line.count("-") >= MIN_SLUG_HYPHENS and any(
        w.count("-") >= MIN_SLUG_HYPHENS and w == w.lower() for w in line.split())


def is_furniture(line: str) -> bool:
    """One whole line that is page furniture whatever is glued to it: a link, label, caption,
    credit, counter, player, footer, the outlet's note about itself or a line in another language."""
    words = _WORD.findall(line, 0, MAX_LANGUAGE_CHARS)
    if (_NAVIGATION.match(line) or _LABEL.match(line) or _is_caption(line) or _BYLINE.match(line)
            or _URL.match(line) or is_metadata(line) or _is_tags(line) or _is_outlet_note(line, words)
            or _is_foreign(words) or _is_menu(line)):
        return True
    return _is_short(line) and bool(_is_credit(line) or _MEDIA.match(line) or _is_address(line)
                                    or (":" in line and _DURATION.search(line)))


def _after_dateline(text: str, start: int, end: int) -> int:
    """Where a line starts after a leading dateline ("3 Machi 2025Waziri …", "Jumatano, … - Rais …")."""
    date = _DATE.match(text, start, end)
    if date:
        rest = _AFTER_DATELINE.match(text, date.end(), end)
        if date.end() == end or rest:
            return rest.end() if rest else end
    return start


def _before_hashtags(text: str, start: int, end: int) -> int:
    """Where a line ends before a trailing run of hashtags: two or more, or one after a sentence's
    end; a single "#Mwale" closing a clause is a word of it."""
    if "#" not in text[start:end]:
        return end
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    run = 0
    while run < len(tokens) and _is_hashtag(tokens[-1 - run][1]):
        run += 1
    if run == 0 or run == len(tokens) or (run == 1 and not _SENTENCE_END.search(tokens[-2][1])):
        return end
    return tokens[-run][0]


def _link_end(text: str, start: int, end: int) -> int:
    """Where a "Soma pia" link's title ends: at the next sentence glued to it, else after the first
    stop, else at the line's end."""
    limit = min(end, start + MAX_LINK_CHARS)
    stop = _STOP.search(text, start, limit)
    glued = _GLUED.search(text, start, stop.end() if stop else limit)
    if glued:
        return glued.end()
    return stop.end() if stop else end


def _without_links(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A line's spans around its "Soma pia" links and their titles."""
    words = " ".join(text[start:end].casefold().split())
    if not any(phrase in words for phrase in READ_MORE):
        return [(start, end)]
    spans, pos = [], start
    link = _READ_MORE_START.match(text, start, end) or _READ_MORE.search(text, start, end)
    while link:
        spans.append((pos, link.start()))
        pos = _link_end(text, link.end(), end)
        link = _READ_MORE.search(text, pos, end)
    spans.append((pos, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A line, judged no furniture as a whole, without the furniture glued to it (a leading
    dateline, trailing hashtags, links); a piece cut from it may be furniture of its own."""
    line = (start, end)
    start = _after_dateline(text, start, end)
    end = _before_hashtags(text, start, end)
    spans = [_strip(text, s, e) for s, e in _without_links(text, start, end)]
    return [(s, e) for s, e in spans if s < e and ((s, e) == line or not is_furniture(text[s:e]))]


def _is_title(line: str) -> bool:
    """A page title over the body: one short clause without a finite verb ("X kuanzisha Y.")."""
    return (len(line.split()) <= MAX_TITLE_WORDS and "," not in line and not _QUOTE_MARKS.search(line)
            and not TENSED_VERB.search(line))


def _uses_stops(text: str, pieces: list[tuple[int, int, str]]) -> bool:
    """Whether the page ends its sentences with a stop: its lines holding one are at least as many
    as its long lines without one. On a page that writes none, a line without a stop is no sign
    of a heading."""
    with_stop = without = 0
    for s, e, _ in pieces:
        if _STOP.search(text, s, e):
            with_stop += 1
        elif len(text[s:e].split()) > MAX_HEADING_WORDS:
            without += 1
    return with_stop >= without


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the page to read for statements: a body paragraph, or a title or teaser line
    (``headline``), which is a statement only when it reports someone's words."""

    start: int
    end: int
    headline: bool = False


_BODY, _HEADING, _TITLING = "body", "heading", "titling"


def _classify(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The page's pieces, each a body paragraph, a heading by its shape, or titling by its place
    (a line printed twice, a labelled title or teaser). The headings under a "Soma pia" or
    "Habari zinazohusiana" label, up to the next paragraph, are links to other articles."""
    repeated = _repeats(text, lines)
    pieces, after_not_found, in_links = [], False, False
    for s, e in lines:
        line = text[s:e]
        if after_not_found:
            after_not_found = False
            continue
        if _NOT_FOUND.match(line):
            after_not_found = True
            continue
        if _LINK_LIST.match(line):
            in_links = True
            continue
        field = _main_field(text, s, e) if "|" in line else None
        if field:
            s, e = field
            line = text[s:e]
        label = _LABELLED.match(line)
        if label and len(line[label.end():].split()) >= MIN_LABELLED_WORDS:
            found = [(ps, pe, _TITLING) for ps, pe in _pieces(text, s + label.end(), e)
                     if not is_furniture(text[ps:pe])]
        elif is_furniture(line):
            continue
        elif (s, e) in repeated:
            found = [(s, e, _TITLING)]
        else:
            found = [(ps, pe, _HEADING if is_heading(text[ps:pe]) else _BODY) for ps, pe in _pieces(text, s, e)]
        in_links = in_links and all(kind != _BODY for _, _, kind in found)
        if not in_links:
            pieces += found
    return pieces


def _main_field(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Of a line split by pipes, the one field longer than a credit, outlet or date when all the
    others are that short: a title before its outlet (Waziri aonya … | Idhaa), a paragraph
    after its dateline. A line of short fields only is a credit or breadcrumbs."""
    bounds = [start] + [m.end() for m in _PIPE.finditer(text, start, end)] + [end + 1]
    fields = [_strip(text, a, b - 1) for a, b in zip(bounds, bounds[1:])]
    long = [(a, b) for a, b in fields if len(text[a:b].split()) > MAX_FIELD_WORDS]
    return long[0] if len(long) == 1 else None


def _has_finite_verb(line: str) -> bool:
    """Whether the line's first verb has a tense: a finite verb (also capitalised, Amesema …) or a
    speech verb with one (wanasema, a form the finite-verb pattern leaves to nouns like wanajeshi).
    A headline's own verb has none, even when the clause it reports has one (X aonya Y imetuma …)."""
    finite = FINITE_VERB.search(line[:1].lower() + line[1:])
    speech = SPEECH_VERB.search(line, 0, finite.start() if finite else len(line))
    return bool(speech.group("tense")) if speech else finite is not None


def _lost_stop(line: str, stops: bool, started: bool) -> bool:
    """Whether a heading-shaped line is a sentence that lost its stop, not a title, teaser,
    crosshead or caption. Headlines drop the tense ("X aonya", "Y yasema"), so a finite verb with
    a tense marks a sentence; but above the body of a page that writes stops every heading is its
    titling, and below the first paragraph of a page that writes none every line is a sentence."""
    if stops and not started:
        return False
    return (started and not stops) or _has_finite_verb(line)


def _is_teaser(text: str, start: int, end: int, above: Segment) -> bool:
    """A line right under a heading-shaped title that sums it up in one clause without a stop
    (on a page that writes stops); a paragraph of several sentences is the lead."""
    return (above.headline and is_heading(text[above.start:above.end]) and not _STOP.search(text, start, end)
            and len(text[start:end].split()) <= MAX_TEASER_WORDS)


def segments(text: str) -> list[Segment]:
    """The page's title and teaser lines (each once) and its body paragraphs, in reading order.

    Headings above the first body paragraph are the title and teaser; below it a heading that is
    no sentence without its stop (``_lost_stop``) is a crosshead, a caption or another article's
    title, and is dropped.
    """
    lines = _before_comments(text, _lines(text))
    pieces = _classify(text, lines)
    body = [i for i, (_, _, kind) in enumerate(pieces) if kind == _BODY]
    if len(body) > 1:
        s, e, _ = pieces[body[0]]
        if _is_title(text[s:e]):
            pieces[body[0]] = (s, e, _HEADING)
    stops = _uses_stops(text, pieces)
    found, seen, started = [], set(), False
    for s, e, kind in pieces:
        if kind == _BODY and not started and stops and found and _is_teaser(text, s, e, found[-1]):
            kind = _HEADING
        if kind == _BODY or (kind == _HEADING and _lost_stop(text[s:e], stops, started)):
            started = True
            found.append(Segment(s, e))
        elif not started and _comparable(text[s:e]) not in seen:
            seen.add(_comparable(text[s:e]))
            found.append(Segment(s, e, headline=True))
    return found


def body_segments(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are article body, one per paragraph, in reading order."""
    return [(seg.start, seg.end) for seg in segments(text) if not seg.headline]
