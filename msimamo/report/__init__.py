"""What a scored archive says, on one page: a streaming summary of a scored CSV (``summary``), the
charts that draw it in a browser (``assets``), and ``msimamo report``, which writes both into one
self-contained HTML file (``html``, ``command``) for archives too big to upload to the service.
"""

from msimamo.report.summary import ArchiveSummary, summarise

__all__ = ["ArchiveSummary", "summarise"]
