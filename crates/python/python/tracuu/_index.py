"""``tracuu.Index``: an index to search, read and add articles to, with the options of the
``tracuu`` command."""

from __future__ import annotations

import datetime
import operator
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Literal, Optional, Union

from . import _tracuu
from ._records import (
    Collocate,
    Expansion,
    FacetCount,
    IndexStats,
    IndexSummary,
    Keyword,
    KwicLine,
    Ngram,
    ReuseStory,
    Spellings,
    Suggestion,
    TrendRow,

)
from ._tables import Collocates, Concordance, Facets, Keywords, Ngrams, Results, Stories, Trend
from .errors import InputWarning, RequestError

__all__ = ["Index", "DateLike", "PathLike"]

#: A date filter: ``"2021"``, ``"2021-06"``, ``"2021-06-15"``, a year, or a date (a
#: :class:`datetime.datetime` or pandas ``Timestamp`` stands for its day).
DateLike = Union[str, int, datetime.date]
#: A path.
PathLike = Union[str, "os.PathLike[str]"]
#: A progress callback: (documents read, input bytes read, input bytes in all, committing).
Progress = Callable[[int, int, int, bool], Any]

#: Problems of one kind shown as warnings before the rest are only counted, as the command.
_WARNINGS_PER_KIND = 5


def _period(value: Optional[DateLike]) -> Optional[str]:
    """A date filter as the engine reads it; a :class:`datetime.datetime` (a pandas
    ``Timestamp`` is one) as its day."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _count(name: str, value: Any) -> int:
    """``value``, a whole number of 0 or more; else an error naming the argument ``name``."""
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}") from None
    if number < 0:
        raise RequestError(f"{name}={number} is negative: give 0 or more")
    return number


def _count_or_none(name: str, value: Any) -> Optional[int]:
    return None if value is None else _count(name, value)


def _pair(name: str, value: Any) -> tuple[int, int]:
    """``value``, one count or a pair of counts, as a pair."""
    if not isinstance(value, (list, tuple)):
        number = _count(name, value)
        return (number, number)
    if len(value) != 2:
        raise RequestError(f"{name}={value!r} is neither a number nor a pair of numbers")
    return (_count(name, value[0]), _count(name, value[1]))


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _fields(value: str | Iterable[str]) -> list[str]:
    """Facet fields: one, or several."""
    return [value] if isinstance(value, str) else list(value)


def _query(
    query: str,
    fold: bool,
    any_spelling: bool,
    fuzzy: bool,
    literal: bool,
    expand: bool,
    synonyms: Optional[PathLike],
    date_from: Optional[DateLike],
    date_to: Optional[DateLike],
) -> dict[str, Any]:
    """The query and its options as the native module takes them."""
    return {
        "query": _text("query", query),
        "fold": fold,
        "any_spelling": any_spelling,
        "fuzzy": fuzzy,
        "literal": literal,
        "expand": expand,
        "synonyms": None if synonyms is None else os.fspath(synonyms),
        "date_from": _period(date_from),
        "date_to": _period(date_to),
    }


def _plain_query(
    query: str, date_from: Optional[DateLike], date_to: Optional[DateLike]
) -> dict[str, Any]:
    """``query`` with the default options: as typed, expanded, no file of synonyms."""
    return _query(
        query,
        fold=False,
        any_spelling=False,
        fuzzy=False,
        literal=False,
        expand=True,
        synonyms=None,
        date_from=date_from,
        date_to=date_to,
    )


def _facets(record: dict[str, Any]) -> Facets:
    return Facets(
        [
            FacetCount(field, count["value"], count["count"], count["stories"])
            for field, counts in record["facets"].items()
            for count in counts
        ]
    )


class _Bar:
    """The progress line of :meth:`Index.add` on stderr: documents, share of the input read,
    speed; redrawn at most five times a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, documents: int, read: int, total: int, committing: bool) -> None:
        now = time.monotonic()
        if now - self.shown < 0.2 and not committing:
            return
        self.shown = now
        rate = documents / max(now - self.started, 1e-9)
        share = f"{100 * read / total:3.0f}% · " if total else ""
        state = "committing…" if committing else f"{rate:,.0f} docs/s"
        sys.stderr.write(f"\r{share}{documents:,} documents · {state}   ")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _index(
    run: Callable[..., dict[str, Any]],
    paths: PathLike | Iterable[PathLike],
    progress: bool | Progress,
    warn: bool,
    threads: Optional[int],
    memory_mb: int,
    commit_every: int,
    story_threshold: float,
) -> IndexSummary:
    """The summary of an indexing run ``run(paths, threads, memory_mb, commit_every,
    story_threshold, callback)`` (the native ``add``'s and ``rebuild``'s last arguments), with
    the options checked, the progress line (for ``progress=True``) and the warnings of
    :meth:`Index.add`."""
    options = (
        _count_or_none("threads", threads),
        _count("memory_mb", memory_mb),
        _count("commit_every", commit_every),
        story_threshold,
    )
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    bar = _Bar() if progress is True else None
    callback = bar if bar is not None else (progress or None)
    try:
        record = run([os.fspath(p) for p in paths], *options, callback)
    finally:
        if bar is not None:
            bar.finish()
    summary = IndexSummary._from(record)
    if warn:
        _warn(summary)
    return summary


def _warn(summary: IndexSummary) -> None:
    """Every problem as an :class:`InputWarning`, five of a kind, then how many more."""
    for issues in (summary.rejected, summary.warnings):
        by_kind: dict[str, int] = {}
        for issue in issues:
            by_kind[issue.kind] = by_kind.get(issue.kind, 0) + 1
            if by_kind[issue.kind] <= _WARNINGS_PER_KIND:
                warnings.warn(f"{issue.severity}: {issue}", InputWarning, stacklevel=4)
        for kind, count in by_kind.items():
            if count > _WARNINGS_PER_KIND:
                warnings.warn(
                    f"… and {count - _WARNINGS_PER_KIND} more ({kind}); the summary lists all",
                    InputWarning,
                    stacklevel=4,
                )


class Index:
    """A tracuu index: search it, read its research views, add articles to it.

    Open one built by the ``tracuu`` command (or by :meth:`add`) with :meth:`open`, or create
    one with :meth:`create`. Every method that takes a query takes the query language of
    ``tracuu search`` and the same options: ``fold``, ``any_spelling``, ``fuzzy``, ``literal`` (the
    command's ``-F``), ``expand`` (``False``: the command's ``--no-expand``), ``synonyms`` (a
    synonyms file for this query), ``date_from``/``date_to`` (``--from``/``--to``: ``"2021"``,
    ``"2021-06"``, ``"2021-06-15"``, a year, or a :class:`datetime.date`, a
    :class:`datetime.datetime` or a pandas ``Timestamp`` for its day). An accent-free
    query is read as the command reads it (``dang uy`` as ``đảng ủy``), and every method
    counts that reading.

    The index is seen as committed when it was opened or last added to by this object;
    :meth:`reload` sees what other writers committed since. Methods release the GIL while
    they work, so threads can search at the same time.
    """

    __slots__ = ("_native", "path")

    def __init__(self, native: _tracuu.NativeIndex, path: PathLike) -> None:
        self._native = native
        #: The index directory, as given.
        self.path = os.fspath(path)

    def __repr__(self) -> str:
        return f"tracuu.Index({self.path!r})"

    @classmethod
    def open(cls, path: PathLike) -> Index:
        """Opens the index in ``path``.

        Raises:
            IndexNotFoundError: there is no index there.
            IndexOutdatedError, IndexError: built by an older tracuu, or damaged.
        """
        return cls(_tracuu.NativeIndex.open(os.fspath(path)), path)

    @classmethod
    def create(cls, path: PathLike, *, exist_ok: bool = False) -> Index:
        """Creates an empty index in ``path`` (and the directory); add articles with
        :meth:`add`. An index already there is an error (:class:`RequestError`) unless
        ``exist_ok``, when it is opened."""
        return cls(_tracuu.NativeIndex.create(os.fspath(path), exist_ok), path)

    @classmethod
    def rebuild(
        cls,
        path: PathLike,
        paths: PathLike | Iterable[PathLike],
        *,
        progress: bool | Progress = True,
        threads: Optional[int] = None,
        memory_mb: int = 512,
        commit_every: int = 20_000,
        story_threshold: float = 0.5,
        warn: bool = True,
    ) -> IndexSummary:
        """Replaces the documents of the index in ``path`` by those of ``paths``, as ``tracuu
        index --rebuild``: for an index an older tracuu built (:class:`IndexOutdatedError`) or
        a damaged one, which :meth:`open` refuses; with no index there, one is created. The
        old documents stay searchable until the new ones are committed, at the end; a rebuild
        that fails or is stopped leaves the index as it was. Open it with :meth:`open`
        afterwards. The options are those of :meth:`add`.

        Raises:
            IndexInUseError: another writer holds the index.
            IndexError: ``paths`` hold no document (the index is left as it was), or the
                directory holds something else than a tracuu index.
        """
        return _index(
            lambda paths, *options: _tracuu.NativeIndex.rebuild(os.fspath(path), paths, *options),
            paths,
            progress,
            warn,
            threads,
            memory_mb,
            commit_every,
            story_threshold,
        )

    def add(
        self,
        paths: PathLike | Iterable[PathLike],
        *,
        progress: bool | Progress = True,
        rebuild: bool = False,
        threads: Optional[int] = None,
        memory_mb: int = 512,
        commit_every: int = 20_000,
        story_threshold: float = 0.5,
        warn: bool = True,
    ) -> IndexSummary:
        """Indexes article files, folders (recursively) and gzip/zstd dumps, as ``tracuu
        index`` does: the same readers, ids, stories of copies and commits.

        Bad input never stops the run: each problem is in the returned summary
        (``rejected``, ``warnings``: path, line, kind, message) and, with ``warn``, given as
        an :class:`InputWarning` (five of a kind, then how many more).

        Ctrl-C (:class:`KeyboardInterrupt`) or an exception raised by ``progress`` stops the
        run after the batch at hand: the documents added so far are committed (those of a
        rebuild are not: the index is left as it was), then the exception is raised. Adding
        the same paths again completes the index.

        Args:
            paths: one path or several.
            progress: ``True`` for a progress line on stderr, ``False`` for none, or a
                callable called after each batch with (documents, input bytes read, input
                bytes in all, committing).
            rebuild: remove every document first, in one commit at the end (``--rebuild``;
                for an index :meth:`open` refuses, see :meth:`rebuild`).
            threads, memory_mb, commit_every: as ``tracuu index``.
            story_threshold: the resemblance (above 0, at most 1) from which a new article
                joins the story of an indexed one, as ``tracuu index --story-threshold``.

        Raises:
            IndexInUseError: another writer holds the index.
            RequestError: an option out of its range (nothing is indexed).
        """
        return _index(
            lambda paths, *options: self._native.add(paths, rebuild, *options),
            paths,
            progress,
            warn,
            threads,
            memory_mb,
            commit_every,
            story_threshold,
        )

    def reload(self) -> None:
        """Sees the documents other writers committed since the index was opened."""
        self._native.reload()

    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        *,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
        sort: Literal["relevance", "date"] = "relevance",
        collapse: bool = True,
        facets: Iterable[Literal["source", "year"]] = (),
    ) -> Results:
        """The ranked hits of ``query``, as ``tracuu search --json`` lists them.

        Args:
            limit, offset: the page of hits (``limit`` at most 10,000).
            sort: ``"relevance"`` (best first) or ``"date"`` (newest first).
            collapse: one hit per story with its ``copies`` (``False``: ``--no-collapse``).
            facets: also count every matching document by ``"source"`` and/or ``"year"``
                (one name, or several).

        Returns:
            The hits, with ``total``, ``reading``, ``expansions`` and ``facets``.

        Raises:
            QueryError: an invalid query (``column`` says where).
            RequestError: an option out of its range (a negative ``limit``...).
            TypeError: a query that is not a :class:`str`.
        """
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        record = self._native.search(
            spec, _count("limit", limit), _count("offset", offset), sort, collapse, _fields(facets)
        )
        return Results(
            record["hits"],
            record["total"],
            record["reading"],
            [Expansion._from(e) for e in record["expansions"]],
            _facets(record["facets"]),
        )

    def count(
        self,
        query: str,
        *,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> int:
        """The documents matching ``query``, as ``tracuu search --count`` prints."""
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        return self._native.count(spec)

    def facets(
        self,
        query: str,
        fields: Iterable[Literal["source", "year"]] = ("source", "year"),
        *,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Facets:
        """Every document matching ``query`` counted per source and/or year, as ``tracuu
        search --facet`` counts them."""
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        return _facets(self._native.search(spec, 0, 0, "relevance", True, _fields(fields))["facets"])

    def spellings(
        self,
        query: str,
        *,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Optional[Spellings]:
        """For an accent-free query (one word or group), the reading every count uses and
        the other spellings documents hold; ``None`` for other queries."""
        spec = _plain_query(query, date_from, date_to)
        record = self._native.spellings(spec)
        return None if record is None else Spellings._from(record)

    def suggest(self, query: str) -> Optional[Suggestion]:
        """A correction of a query of words that matches at most 3 documents, when one
        matches ten times more (``quoc hoii`` → ``quốc hội``); else ``None``."""
        record = self._native.suggest(_plain_query(query, None, None))
        return None if record is None else Suggestion(record["text"], record["documents"])

    def kwic(
        self,
        query: str,
        context: int = 8,
        *,
        sort: Literal["date", "left", "right"] = "date",
        limit: Optional[int] = None,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Concordance:
        """Every occurrence of ``query`` in the body of the matching documents, with
        ``context`` words (at most 100) on each side, as ``tracuu kwic --json``.

        Args:
            sort: ``"date"`` (oldest first), ``"left"`` or ``"right"`` (by the context).
            limit: at most this many lines (after sorting); ``None`` for all.
        """
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        record = self._native.kwic(
            spec, _count("context", context), sort, _count_or_none("limit", limit)
        )
        return Concordance(
            [KwicLine._from(line) for line in record["lines"]],
            record["documents"],
            record["occurrences"],
            record["without_occurrences"],
            record["reading"],
        )

    def trend(
        self,
        queries: str | Iterable[str],
        by: Literal["year", "month"] = "year",
        *,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Trend:
        """Documents, occurrences and documents per 1,000 articles of each query per year or
        month, as ``tracuu trend --json`` (one row per query and period)."""
        if isinstance(queries, str):
            queries = [queries]
        specs = [
            _query(q, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to)
            for q in queries
        ]
        record = self._native.trend(specs, by)
        return Trend([TrendRow(**row) for row in record["rows"]], record["readings"])

    def collocates(
        self,
        query: str,
        window: int | tuple[int, int] = (5, 5),
        *,
        side: Literal["both", "left", "right"] = "both",
        by: Literal["ll", "mi", "t", "logdice"] = "ll",
        min_freq: int = 3,
        limit: int = 50,
        max_words: int = 3,
        no_function_words: bool = False,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Collocates:
        """Words and 2–3-word units near ``query`` with association scores, as ``tracuu
        collocates --json``: ``window`` words before and after (one number for both, at
        most 50 each), ranked ``by`` log-likelihood, MI, t or logDice; ``limit`` 0 for
        all."""
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        record = self._native.collocates(
            spec,
            _pair("window", window),
            side,
            by,
            _count("min_freq", min_freq),
            _count("limit", limit),
            _count("max_words", max_words),
            no_function_words,
        )
        return Collocates([Collocate(**c) for c in record["collocates"]], record)

    def keywords(
        self,
        query: str = "",
        *,
        reference: Optional[str] = None,
        reference_from: Optional[DateLike] = None,
        reference_to: Optional[DateLike] = None,
        by: Literal["ll", "ratio"] = "ll",
        min_freq: int = 5,
        limit: int = 30,
        max_words: int = 3,
        no_function_words: bool = False,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Keywords:
        """What the documents ``query`` matches within ``date_from``/``date_to`` (every
        document within them without a query) say more or less than the reference: every
        other document, or those ``reference`` matches within ``reference_from``/
        ``reference_to``, read with the same options as ``query`` (``fold``, ``expand``,
        ``synonyms``...); as ``tracuu keywords --json``. ``limit`` per direction, 0 for all.

        Against every other document, the reference's counts come from the index's unit
        table (``tracuu-units.bin`` in the index directory), which the first such call on
        each version of the index counts and saves (README.md, "The unit table")."""
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        record = self._native.keywords(
            spec,
            None if reference is None else _text("reference", reference),
            _period(reference_from),
            _period(reference_to),
            by,
            _count("min_freq", min_freq),
            _count("limit", limit),
            _count("max_words", max_words),
            no_function_words,
        )
        return Keywords(
            [Keyword(**k) for k in record["positive"]],
            [Keyword(**k) for k in record["negative"]],
            record,
        )

    def ngrams(
        self,
        query: str = "",
        n: int | tuple[int, int] = 2,
        *,
        min_docs: int = 2,
        limit: int = 50,
        no_function_words: bool = False,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Ngrams:
        """The most frequent runs of ``n`` syllables (or a range ``(min, max)``, 2 to 5) in
        the documents ``query`` matches (every document without one), as ``tracuu ngrams
        --json``; ``limit`` 0 for all."""
        spec = _query(
            query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
        )
        record = self._native.ngrams(
            spec,
            _pair("n", n),
            _count("min_docs", min_docs),
            _count("limit", limit),
            no_function_words,
        )
        return Ngrams([Ngram(**g) for g in record["ngrams"]], record)

    def reuse(
        self,
        query: Optional[str] = None,
        *,
        id: Optional[str] = None,
        limit: int = 10,
        fold: bool = False,
        any_spelling: bool = False,
        fuzzy: bool = False,
        literal: bool = False,
        expand: bool = True,
        synonyms: Optional[PathLike] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
    ) -> Stories:
        """The stories with copies among the documents ``query`` matches (at most ``limit``,
        best match first; ``total`` counts them all), or the story of the document ``id``, as
        ``tracuu reuse --json``: who carried a text, when, and what each copy changed."""
        spec = None
        if query is not None:
            spec = _query(
                query, fold, any_spelling, fuzzy, literal, expand, synonyms, date_from, date_to
            )
        record = self._native.reuse(
            spec, None if id is None else _text("id", id), _count("limit", limit)
        )
        return Stories([ReuseStory._from(s) for s in record["stories"]], record["total"])

    def stats(self) -> IndexStats:
        """What the index holds, as ``tracuu stats --json``."""
        return IndexStats._from(self._native.stats())


