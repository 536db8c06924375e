"""Many documents -> the extractor's tables, on Dask (in process, local processes or a cluster).

:func:`run_corpus` reads a folder of ``.txt``/``.html`` files or a JSON Lines
file, runs :func:`natoanalysis.extract_article` on every document and writes
one Parquet dataset per table (with a ``doc_id`` column) plus a
``documents`` table that records every document read, with the reason when
one could not be. :func:`read_corpus` reads a finished run back;
the summaries turn it into tidy tables for charts.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     src = write_synthetic_corpus(Path(tmp, "news.jsonl"), 5)
...     done = run_corpus(src, Path(tmp, "out"), progress=False)
...     corpus = read_corpus(done.out)
>>> done.documents, done.failed, sorted(corpus)
(5, 0, ['countries', 'dates', 'documents', 'people', 'priorities', 'quotes'])
>>> corpus["countries"]["doc_id"].iloc[0]
'syn-000000'
"""

from .run import DOCUMENT_COLUMNS, ENGINES, TABLES, CorpusRun, read_corpus, run_corpus
from .sources import SUFFIXES
from .summaries import co_mentions, mentions_per_state, quotes_per_speaker, undated_documents
from .synthetic import sample_corpus, synthetic_documents, write_synthetic_corpus

__all__ = [
    "DOCUMENT_COLUMNS",
    "ENGINES",
    "SUFFIXES",
    "TABLES",
    "CorpusRun",
    "co_mentions",
    "mentions_per_state",
    "quotes_per_speaker",
    "read_corpus",
    "run_corpus",
    "sample_corpus",
    "synthetic_documents",
    "undated_documents",
    "write_synthetic_corpus",
]
