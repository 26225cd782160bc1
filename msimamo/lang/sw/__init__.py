"""Swahili: every fact the extractor and the model's text normalisation need about the language,
each defined once.

* ``marks`` — quotation marks (family; opens, closes or either) and apostrophes;
* ``morphology`` — verb prefixes (subject, tense, relative, object), the speech-verb stems and the
  verb patterns built from them;
* ``words`` — closed word lists: titles, connectors, speaker nouns, demonstratives,
  abbreviations, words never taken as names, source phrases, clause-break words;
* ``dates`` — month and weekday names, Swahili and English;
* ``gazetteer.csv`` — known speakers and their bloc (read by ``msimamo.extract.gazetteer``).
"""
