"""tracuu — full-text search for Vietnamese political and news articles, in Python.

The engine of the ``tracuu`` command (the same crates, the same reading of accent-free
queries, the same counts) for notebooks::

    import tracuu

    ix = tracuu.Index.open("my-index")          # built by `tracuu index` or Index.add
    hits = ix.search("dang uy", limit=5)        # read as “đảng ủy”
    hits.total, hits.reading, hits[0].title
    ix.kwic('"đảng viên"').to_pandas()           # a concordance as a DataFrame
    ix.trend(['"tham nhũng"', '"lãng phí"']).to_pandas()
    tracuu.analyze("Đảng uỷ TP.HCM họp")

Every result is a sequence of records (dataclasses with the fields of the command's
``--json`` records) with ``to_dicts()`` and ``to_pandas()`` (pandas optional). Errors are the
exceptions of :mod:`tracuu.errors` (``tracuu.IndexError``, not the built-in, is left out of
``from tracuu import *``).
"""

from __future__ import annotations

from . import _tracuu
from ._index import DateLike, Index, PathLike
from ._records import (
    Collocate,
    Copy,
    Expansion,
    FacetCount,
    Hit,
    IndexStats,
    IndexSummary,
    Issue,
    Keyword,
    KwicLine,
    Ngram,
    ReuseMember,
    ReuseStory,
    SourceReuse,
    Spellings,
    Suggestion,
    Token,
    TrendRow,
    ValueCount,
)
from ._tables import (
    Collocates,
    Concordance,
    Facets,
    Keywords,
    Ngrams,
    Results,
    Stories,
    Table,
    Tokens,
    Trend,
)
from .errors import (
    IndexError,
    IndexInUseError,
    IndexNotFoundError,
    IndexOutdatedError,
    InputWarning,
    QueryError,
    RequestError,
    TracuuError,
)

__version__ = "0.1.0"

__all__ = [
    "Index",
    "analyze",
    "DateLike",
    "PathLike",
    # records
    "Hit",
    "Copy",
    "Expansion",
    "Spellings",
    "Suggestion",
    "FacetCount",
    "KwicLine",
    "TrendRow",
    "Collocate",
    "Keyword",
    "Ngram",
    "ReuseStory",
    "ReuseMember",
    "Token",
    "Issue",
    "IndexSummary",
    "IndexStats",
    "ValueCount",
    "SourceReuse",
    # sequences
    "Table",
    "Results",
    "Facets",
    "Concordance",
    "Trend",
    "Collocates",
    "Keywords",
    "Ngrams",
    "Stories",
    "Tokens",
    # errors
    "TracuuError",
    "QueryError",
    "RequestError",
    "IndexNotFoundError",
    "IndexInUseError",
    "IndexOutdatedError",
    "InputWarning",
]


def analyze(text: str) -> Tokens:
    """How ``text`` becomes index terms, as ``tracuu analyze --json`` shows it: each token's
    text as written, normalised ``term``, accent-free ``folded`` form, byte offsets
    ``start``/``end`` (as the command), character offsets ``char_start``/``char_end`` (for
    ``text[t.char_start:t.char_end]``), ``position`` and ``kind`` (``"word"``, or ``"code"``
    for a whole code such as ``TP.HCM``, whose parts follow it at the same position)."""
    return Tokens([Token(**token) for token in _tracuu.analyze(text)])
