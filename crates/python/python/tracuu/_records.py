"""The records of tracuu's results: one dataclass per record of ``tracuu ... --json``, with
the same field names (README.md, "Output records"), dates as :class:`datetime.date`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Optional

__all__ = [
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
]

Range = tuple[int, int]


def _date(text: Optional[str]) -> Optional[datetime.date]:
    return None if text is None else datetime.date.fromisoformat(text)


def _mark(text: str, ranges: list[Range], before: str, after: str) -> str:
    """``text`` with each byte range of ``ranges`` wrapped in ``before`` and ``after``."""
    data = text.encode()
    parts, at = [], 0
    for start, end in ranges:
        parts += [data[at:start].decode(), before, data[start:end].decode(), after]
        at = end
    parts.append(data[at:].decode())
    return "".join(parts)


@dataclass(slots=True)
class Copy:
    """Another publication of a hit's story."""

    id: str
    source: Optional[str]
    date: Optional[datetime.date]


@dataclass(slots=True)
class Hit:
    """One matching document, as a line of ``tracuu search --json``.

    ``highlights`` are ``(start, end)`` byte offsets into ``snippet`` (UTF-8), and
    ``title_highlights`` into ``title``, as in the command's records; :meth:`marked` and
    :meth:`marked_title` apply them. ``story`` is the story id (16 hexadecimal digits);
    ``copies`` are the story's other publications when stories are collapsed. (Made by the
    native module, fields in this order.)
    """

    id: str
    score: float
    title: str
    date: Optional[datetime.date]
    source: Optional[str]
    url: Optional[str]
    path: str
    snippet: str
    highlights: list[Range]
    title_highlights: list[Range]
    other_spelling: bool
    partial: bool
    story: str
    copies: list[Copy]

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each match wrapped in ``before`` and ``after``."""
        return _mark(self.snippet, self.highlights, before, after)

    def marked_title(self, before: str = "[", after: str = "]") -> str:
        """The title with each match wrapped in ``before`` and ``after``."""
        return _mark(self.title, self.title_highlights, before, after)


@dataclass(slots=True)
class Expansion:
    """An abbreviation or synonym typed in the query and what it also matched."""

    typed: str
    also: list[str]
    senses: list[str]
    origin: str

    @classmethod
    def _from(cls, r: dict[str, Any]) -> Expansion:
        return cls(r["typed"], r["also"], r["senses"], r["origin"])


@dataclass(slots=True)
class Spellings:
    """How an accent-free query was read: the ``reading`` every count uses, the ``others``
    spellings documents hold (``(text, documents)`` pairs, most frequent first) and the
    documents of every spelling (``any_spelling``)."""

    reading: str
    others: list[tuple[str, int]]
    any_spelling: int

    @classmethod
    def _from(cls, r: dict[str, Any]) -> Spellings:
        others = [(o["text"], o["documents"]) for o in r["others"]]
        return cls(r["reading"], others, r["any_spelling"])


@dataclass(slots=True)
class Suggestion:
    """A correction of a query that matches little: ``text`` matches ``documents``."""

    text: str
    documents: int


@dataclass(slots=True)
class FacetCount:
    """Matching documents with one value of a field (``value`` ``None``: without one), and
    the stories among them (a text and its republications count once)."""

    field: str
    value: Optional[str | int]
    count: int
    stories: int


@dataclass(slots=True)
class KwicLine:
    """One occurrence with its context, as a line of ``tracuu kwic --json``; ``start`` and
    ``end`` are byte offsets of the match in the document's stored body text;
    ``space_before`` and ``space_after`` say whether white space separates the match from
    its contexts in the text (``Covid`` is followed by ``-19`` with none)."""

    id: str
    date: Optional[datetime.date]
    source: Optional[str]
    left: str
    match: str
    right: str
    start: int
    end: int
    space_before: bool
    space_after: bool

    @classmethod
    def _from(cls, r: dict[str, Any]) -> KwicLine:
        return cls(
            r["id"], _date(r["date"]), r["source"], r["left"], r["match"], r["right"],
            r["start"], r["end"], r["space_before"], r["space_after"],
        )


@dataclass(slots=True)
class TrendRow:
    """One query in one period, as a line of ``tracuu trend --json``: ``period`` is ``"2021"``
    or ``"2021-06"`` (``None`` for undated documents); ``stories`` are the texts among the
    documents (a text and its republications count once); ``per_thousand`` is documents per
    1,000 articles of the period (``None`` when it has none)."""

    query: str
    period: Optional[str]
    documents: int
    stories: int
    occurrences: int
    articles: int
    per_thousand: Optional[float]


@dataclass(slots=True)
class Collocate:
    """A unit near the query, with its counts and association scores (a line of ``tracuu
    collocates --json``)."""

    query: str
    collocate: str
    term: str
    words: int
    observed: int
    left: int
    right: int
    frequency: int
    node: int
    window: int
    corpus: int
    expected: float
    log_likelihood: float
    mi: float
    t_score: float
    log_dice: float


@dataclass(slots=True)
class Keyword:
    """A unit the target says more (``positive``) or less (``negative``) than the reference
    (a line of ``tracuu keywords --json``). ``log_ratio`` is ``None`` where the 0.5 standing
    for a zero frequency would give it the other direction's sign."""

    direction: str
    keyword: str
    words: int
    target: int
    reference: int
    target_words: int
    reference_words: int
    target_per_million: float
    reference_per_million: float
    log_likelihood: float
    log_ratio: Optional[float]


@dataclass(slots=True)
class Ngram:
    """A run of syllables, its occurrences and the documents holding it."""

    ngram: str
    words: int
    frequency: int
    documents: int


@dataclass(slots=True)
class ReuseMember:
    """One publication of a story; the original first."""

    id: str
    source: Optional[str]
    date: Optional[datetime.date]
    title: str
    original: bool
    lag_days: Optional[int]
    resemblance: Optional[float]
    headline_changed: bool
    sentences_kept: float
    sentences_added: int
    sentences_cut: int

    @classmethod
    def _from(cls, r: dict[str, Any]) -> ReuseMember:
        return cls(**{**r, "date": _date(r["date"])})


@dataclass(slots=True)
class ReuseStory:
    """A story and its publications (a line of ``tracuu reuse --json``)."""

    story: str
    title: str
    members: list[ReuseMember]

    @classmethod
    def _from(cls, r: dict[str, Any]) -> ReuseStory:
        return cls(r["story"], r["title"], [ReuseMember._from(m) for m in r["members"]])


@dataclass(slots=True)
class Token:
    """A token of analysed text: ``start``/``end`` are byte offsets into the UTF-8 text (as
    ``tracuu analyze`` shows), ``char_start``/``char_end`` offsets into the Python string;
    ``kind`` is ``"word"`` or ``"code"`` (a whole code such as ``TP.HCM``, its parts follow)."""

    text: str
    term: str
    folded: str
    start: int
    end: int
    char_start: int
    char_end: int
    position: int
    kind: str


@dataclass(slots=True)
class Issue:
    """A problem with an input: ``path`` and ``line`` (``None`` for a whole file), ``kind``
    (``malformed_json``, ``empty_file``...), ``severity`` (``"rejected"``: not indexed;
    ``"warning"``: indexed anyway, or skipped harmlessly) and ``message``."""

    path: str
    line: Optional[int]
    kind: str
    severity: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class IndexSummary:
    """What :meth:`tracuu.Index.add` did, as ``tracuu index --json`` reports it; ``elapsed``
    in seconds."""

    indexed: int
    copies: int
    replaced: int
    unchanged: int
    rejected: list[Issue]
    warnings: list[Issue]
    bytes: int
    commits: int
    elapsed: float

    @classmethod
    def _from(cls, r: dict[str, Any]) -> IndexSummary:
        issues = {k: [Issue(**i) for i in r[k]] for k in ("rejected", "warnings")}
        return cls(**{**r, **issues})

    def to_dict(self) -> dict[str, Any]:
        """The summary as a dict (issues as dicts)."""
        from dataclasses import asdict

        return asdict(self)


@dataclass(slots=True)
class ValueCount:
    """Documents with one value (a source, a year), and the stories among them."""

    value: str | int
    count: int
    stories: int


@dataclass(slots=True)
class SourceReuse:
    """A source's documents and how many are copies of another's story."""

    source: Optional[str]
    documents: int
    copies: int
    share: float


@dataclass(slots=True)
class IndexStats:
    """What an index holds, as ``tracuu stats --json``: ``sources`` (most frequent first) and
    ``years``, ``no_source`` and ``undated`` for the documents without, ``updated_at`` the
    last commit (UTC)."""

    index: Optional[str]
    documents: int
    segments: int
    first_date: Optional[datetime.date]
    last_date: Optional[datetime.date]
    undated: int
    sources: list[ValueCount]
    no_source: int
    years: list[ValueCount]
    size_bytes: Optional[int]
    updated_at: Optional[datetime.datetime]
    stories: int
    stories_with_copies: int
    copies: int
    republished_by_source: list[SourceReuse] = field(default_factory=list)

    @classmethod
    def _from(cls, r: dict[str, Any]) -> IndexStats:
        updated = r["updated_at"]
        return cls(
            **{
                **r,
                "first_date": _date(r["first_date"]),
                "last_date": _date(r["last_date"]),
                "sources": [ValueCount(**c) for c in r["sources"]],
                "years": [ValueCount(**c) for c in r["years"]],
                "updated_at": None
                if updated is None
                else datetime.datetime.fromisoformat(updated.replace("Z", "+00:00")),
                "republished_by_source": [SourceReuse(**s) for s in r["republished_by_source"]],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """The statistics as a dict."""
        from dataclasses import asdict

        return asdict(self)
