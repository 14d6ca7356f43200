"""Result sequences: each is a sequence of records with the figures of the whole result as
attributes, and turns into dicts (:meth:`Table.to_dicts`) or a pandas DataFrame
(:meth:`Table.to_pandas`; pandas is an optional dependency)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, overload

from ._records import (
    Collocate,
    Expansion,
    FacetCount,
    Hit,
    Keyword,
    KwicLine,
    Ngram,
    ReuseStory,
    Token,
    TrendRow,
)

if TYPE_CHECKING:
    import pandas

__all__ = [
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
]

R = TypeVar("R")

#: Columns of dates, turned into pandas datetimes by ``to_pandas``.
_DATE_COLUMNS = ("date", "first_date", "last_date")

#: The columns of ``tracuu reuse --csv``, in its order: the story, then a member's fields with
#: the title, the longest, last.
_REUSE_CSV_COLUMNS = [
    "story", "id", "source", "date", "original", "lag_days", "resemblance", "headline_changed",
    "sentences_kept", "sentences_added", "sentences_cut", "title",
]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "to_pandas() needs pandas, an optional dependency of tracuu: "
            "pip install pandas (or pip install 'tracuu[pandas]'); "
            "to_dicts() gives the same rows without it"
        ) from error
    return pandas


class Table(Sequence[R], Generic[R]):
    """A sequence of records (dataclasses of :mod:`tracuu`): ``len``, iteration, indexing and
    slicing as a list, and conversions for analysis."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[R]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        return self._rows[index]

    def __iter__(self) -> Iterator[R]:
        return iter(self._rows)

    def __repr__(self) -> str:
        shown = ", ".join(repr(r) for r in self._rows[:3])
        more = f", … {len(self._rows) - 3} more" if len(self._rows) > 3 else ""
        return f"{type(self).__name__}([{shown}{more}])"

    def to_dicts(self) -> list[dict[str, Any]]:
        """The records as dicts, with the fields of the command's ``--json`` records (dates as
        :class:`datetime.date`)."""
        return [dataclasses.asdict(row) for row in self._rows]  # type: ignore[call-overload]

    def to_pandas(self) -> pandas.DataFrame:
        """The records as a pandas DataFrame, one row per record and one column per field;
        dates as pandas datetimes. Raises ImportError when pandas is not installed."""
        pandas = _pandas()
        columns = [f.name for f in dataclasses.fields(self._record_type())]
        frame = pandas.DataFrame.from_records(self.to_dicts(), columns=columns)
        for column in _DATE_COLUMNS:
            if column in frame:
                frame[column] = pandas.to_datetime(frame[column])
        return frame

    @classmethod
    def _record_type(cls) -> type:
        raise NotImplementedError


class Results(Table[Hit]):
    """The hits of a search (a page of them) with ``total`` (the documents matching in all),
    ``reading`` (the accented reading of an accent-free query, or ``None``), ``expansions``
    (abbreviations and synonyms also matched) and ``facets`` (when asked for)."""

    __slots__ = ("total", "reading", "expansions", "facets")

    def __init__(
        self,
        hits: list[Hit],
        total: int,
        reading: Optional[str],
        expansions: list[Expansion],
        facets: Facets,
    ) -> None:
        super().__init__(hits)
        self.total = total
        self.reading = reading
        self.expansions = expansions
        self.facets = facets

    @classmethod
    def _record_type(cls) -> type:
        return Hit

    def ids(self) -> list[str]:
        """The ids of the hits, in order."""
        return [hit.id for hit in self._rows]


class Facets(Table[FacetCount]):
    """Counts of every matching document per value of each field asked for (``field``,
    ``value``, ``count``), most frequent first, documents without a value last
    (``value`` ``None``)."""

    __slots__ = ()

    @classmethod
    def _record_type(cls) -> type:
        return FacetCount

    def of(self, field: str) -> dict[Optional[str | int], int]:
        """The counts of one field (``"source"`` or ``"year"``) as a dict value → documents."""
        return {c.value: c.count for c in self._rows if c.field == field}


class Concordance(Table[KwicLine]):
    """Every occurrence of a query with its context, with ``documents`` (matching in all),
    ``occurrences``, ``without_occurrences`` (matching documents with no occurrence in the
    body, hence no lines: the query matches their title, or a group's words stand apart; both
    ``None`` when a limit by date stopped the scan early) and ``reading``."""

    __slots__ = ("documents", "occurrences", "without_occurrences", "reading")

    def __init__(
        self,
        lines: list[KwicLine],
        documents: int,
        occurrences: Optional[int],
        without_occurrences: Optional[int],
        reading: Optional[str],
    ) -> None:
        super().__init__(lines)
        self.documents = documents
        self.occurrences = occurrences
        self.without_occurrences = without_occurrences
        self.reading = reading

    @classmethod
    def _record_type(cls) -> type:
        return KwicLine


class Trend(Table[TrendRow]):
    """One row per query and period; ``readings`` holds each query's reading (or ``None``).
    For a plot: ``trend.to_pandas().pivot(index="period", columns="query",
    values="per_thousand").plot()``."""

    __slots__ = ("readings",)

    def __init__(self, rows: list[TrendRow], readings: list[Optional[str]]) -> None:
        super().__init__(rows)
        self.readings = readings

    @classmethod
    def _record_type(cls) -> type:
        return TrendRow


class Collocates(Table[Collocate]):
    """Collocates of a query, best first, with the sizes they were counted on: ``documents``
    matching, ``node`` (occurrences of the query), ``window`` (R1) and ``corpus`` (N) words,
    and ``reading``."""

    __slots__ = ("documents", "node", "window", "corpus", "reading")

    def __init__(self, rows: list[Collocate], record: dict[str, Any]) -> None:
        super().__init__(rows)
        self.documents: int = record["documents"]
        self.node: int = record["node"]
        self.window: int = record["window"]
        self.corpus: int = record["corpus"]
        self.reading: Optional[str] = record["reading"]

    @classmethod
    def _record_type(cls) -> type:
        return Collocate


class Keywords(Table[Keyword]):
    """Keywords of a target against a reference: the ``positive`` ones then the
    ``negative`` ones, with the documents and words of each set."""

    __slots__ = (
        "positive",
        "negative",
        "target_documents",
        "reference_documents",
        "target_words",
        "reference_words",
    )

    def __init__(self, positive: list[Keyword], negative: list[Keyword], record: dict[str, Any]) -> None:
        super().__init__(positive + negative)
        self.positive = positive
        self.negative = negative
        self.target_documents: int = record["target_documents"]
        self.reference_documents: int = record["reference_documents"]
        self.target_words: int = record["target_words"]
        self.reference_words: int = record["reference_words"]

    @classmethod
    def _record_type(cls) -> type:
        return Keyword


class Ngrams(Table[Ngram]):
    """The most frequent n-grams, with the ``documents`` and words (``corpus``) counted and
    the query's ``reading``."""

    __slots__ = ("documents", "corpus", "reading")

    def __init__(self, rows: list[Ngram], record: dict[str, Any]) -> None:
        super().__init__(rows)
        self.documents: int = record["documents"]
        self.corpus: int = record["corpus"]
        self.reading: Optional[str] = record["reading"]

    @classmethod
    def _record_type(cls) -> type:
        return Ngram


class Stories(Table[ReuseStory]):
    """Stories of republished copies; ``total`` is the number of stories with copies among
    the query's matches, shown or not (1 for the story of an ``id``). :meth:`to_pandas` has one
    row per publication, with the columns of ``tracuu reuse --csv``."""

    __slots__ = ("total",)

    def __init__(self, rows: list[ReuseStory], total: int) -> None:
        super().__init__(rows)
        self.total: int = total

    @classmethod
    def _record_type(cls) -> type:
        return ReuseStory

    def to_pandas(self) -> pandas.DataFrame:
        """One row per publication, with the columns of ``tracuu reuse --csv``: ``story``,
        then the member's fields with ``title`` last."""
        pandas = _pandas()
        rows = [
            {"story": story.story, **dataclasses.asdict(member)}
            for story in self._rows
            for member in story.members
        ]
        frame = pandas.DataFrame.from_records(rows, columns=_REUSE_CSV_COLUMNS)
        frame["date"] = pandas.to_datetime(frame["date"])
        return frame


class Tokens(Table[Token]):
    """The tokens of an analysed text, in order."""

    __slots__ = ()

    @classmethod
    def _record_type(cls) -> type:
        return Token
