"""Statements of a Swahili news page, each with its speaker, as offsets into the text sent.

One module per step, in the order the text goes through them:
furniture → quotations → sentences → speech → speakers → statements
(``names`` and ``gazetteer`` tell the speaker steps who a phrase names).
"""

from msimamo.extract.statements import Speaker, Statement, extract, find_speaker

__all__ = ["Speaker", "Statement", "extract", "find_speaker"]
