"""Batch scoring of a CSV file, streamed, locally or on Dask (``msimamo score``; docs/scoring.md).

reading (records, malformed lines kept as error records) → rows (``score_chunk``, pure) → engines
(the driver, a process pool or Dask, results in input order) → writing (row check, atomic OUT).
"""

from msimamo.batch.writing import score_file

__all__ = ["score_file"]
