"""Swahili: every fact the extractor and the model's text normalisation need about the language,
each defined once.

* ``marks`` — quotation marks (family; opens, closes or either) and apostrophes;
* ``morphology`` — verb prefixes (subject, tense, relative, object), the speech-verb stems and the
  verb patterns built from them;
* ``words`` — closed word lists: titles, connectors, speaker nouns, demonstratives,
  abbreviations, words never taken as names, source phrases, clause-break words;
* ``dates`` — month and weekday names, Swahili and English;
* ``pages`` — the words of a news page's furniture: labels, links, credits, counters, the outlet's
  notes about itself, and the common words that tell a Swahili line from a foreign one;
* ``spellings`` — one spelling per actor for the model's text (Russia → Urusi, DPRK → Korea
  Kaskazini);
* ``gazetteer.csv`` — known speakers and their bloc (read by ``msimamo.extract.gazetteer``).
"""
