"""The exceptions of tracuu: what the ``tracuu`` command would print, as Python exceptions.

Every exception is a :class:`TracuuError`, with ``kind`` (the engine's error kind, in
snake_case: ``invalid_query``, ``invalid_request``, ``not_found``, ``in_use``...) and ``path``
(the file or index directory involved, if any). The message is the command line's, with its
advice.

:class:`IndexError` is not the built-in one: ``from tracuu.errors import *`` leaves it out, so
as not to hide the built-in; name it ``tracuu.IndexError``.
"""

from __future__ import annotations

__all__ = [
    "TracuuError",
    "QueryError",
    "RequestError",
    "IndexNotFoundError",
    "IndexInUseError",
    "IndexOutdatedError",
    "InputWarning",
]


class TracuuError(Exception):
    """Base class of every tracuu exception.

    Attributes:
        kind: the engine's error kind in snake_case: ``"invalid_query"``,
            ``"nothing_to_search"``, ``"prefix_too_broad"``, ``"too_many_spellings"``
            (:class:`QueryError`); ``"invalid_request"``, ``"limit_too_large"``,
            ``"too_large"`` (:class:`RequestError`); ``"not_found"``, ``"in_use"``,
            ``"damaged"``, ``"outdated"``, ``"nothing_to_rebuild"``, ``"io"`` (the index);
            ``"invalid_synonyms"``, ``"no_such_document"``, ``"internal"``...
        path: the file or index directory involved, or ``None``.
    """

    def __init__(self, message: str, *, kind: str = "error", path: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.path = path


class QueryError(TracuuError, ValueError):
    """A query that cannot be searched: invalid syntax (``column`` says where), no word to
    search for, a prefix standing for too many words, an invalid date.

    Attributes:
        column: the 1-based column of the problem in the query, when it has one (as
            ``tracuu: unclosed quote starting at column 1``).
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "invalid_query",
        path: str | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, kind=kind, path=path)
        self.column = column


class RequestError(TracuuError, ValueError):
    """Options the engine does not take: an unknown sort order, a negative number, a limit
    above the most, a window or context too large, a view asked for something it cannot
    answer. The message names the argument."""

    def __init__(
        self, message: str, *, kind: str = "invalid_request", path: str | None = None
    ) -> None:
        super().__init__(message, kind=kind, path=path)


class IndexError(TracuuError):  # noqa: A001 - the name the API promises; see also builtins
    """The index cannot be opened, read or written: damaged, not a tracuu index, a file-system
    error. (Not the built-in :class:`builtins.IndexError`, which tracuu never raises for this.)"""


class IndexNotFoundError(IndexError):
    """There is no index at the path given."""


class IndexInUseError(IndexError):
    """Another writer (``tracuu index`` or :meth:`tracuu.Index.add`) holds the index."""


class IndexOutdatedError(IndexError):
    """The index was built by an older tracuu; rebuild it with
    :meth:`tracuu.Index.rebuild`."""


class InputWarning(UserWarning):
    """A problem with an input of :meth:`tracuu.Index.add` (``rejected: path:line: message``
    or ``warning: ...``); the run went on. Every problem is also in the returned
    :class:`tracuu.IndexSummary`."""


