"""Type stubs of the native module ``tracuu._tracuu`` (internal: use ``tracuu``). Records
cross as the dicts of the command's ``--json`` records; ``tracuu`` turns them into
dataclasses."""

from collections.abc import Callable
from typing import Any, Optional, TypedDict

class QueryOptions(TypedDict):
    query: str
    fold: bool
    any_spelling: bool
    fuzzy: bool
    literal: bool
    expand: bool
    synonyms: Optional[str]
    date_from: Optional[str]
    date_to: Optional[str]

Record = dict[str, Any]

class NativeIndex:
    """An index opened for searching and adding."""

    @staticmethod
    def open(path: str) -> NativeIndex: ...
    @staticmethod
    def create(path: str, exist_ok: bool) -> NativeIndex: ...
    @staticmethod
    def rebuild(
        path: str,
        paths: list[str],
        threads: Optional[int],
        memory_mb: int,
        commit_every: int,
        story_threshold: float,
        progress: Optional[Callable[[int, int, int, bool], Any]],
    ) -> Record: ...
    def add(
        self,
        paths: list[str],
        rebuild: bool,
        threads: Optional[int],
        memory_mb: int,
        commit_every: int,
        story_threshold: float,
        progress: Optional[Callable[[int, int, int, bool], Any]],
    ) -> Record: ...
    def search(
        self,
        query: QueryOptions,
        limit: int,
        offset: int,
        sort: str,
        collapse: bool,
        facets: list[str],
    ) -> Record: ...
    def count(self, query: QueryOptions) -> int: ...
    def spellings(self, query: QueryOptions) -> Optional[Record]: ...
    def suggest(self, query: QueryOptions) -> Optional[Record]: ...
    def kwic(
        self, query: QueryOptions, context: int, sort: str, limit: Optional[int]
    ) -> Record: ...
    def trend(self, queries: list[QueryOptions], by: str) -> Record: ...
    def collocates(
        self,
        query: QueryOptions,
        window: tuple[int, int],
        side: str,
        by: str,
        min_freq: int,
        limit: int,
        max_words: int,
        no_function_words: bool,
    ) -> Record: ...
    def keywords(
        self,
        query: QueryOptions,
        reference: Optional[str],
        reference_from: Optional[str],
        reference_to: Optional[str],
        by: str,
        min_freq: int,
        limit: int,
        max_words: int,
        no_function_words: bool,
    ) -> Record: ...
    def ngrams(
        self,
        query: QueryOptions,
        sizes: tuple[int, int],
        min_docs: int,
        limit: int,
        no_function_words: bool,
    ) -> Record: ...
    def reuse(self, query: Optional[QueryOptions], id: Optional[str], limit: int) -> Record: ...
    def stats(self) -> Record: ...
    def time_rust_search(self, query: QueryOptions, limit: int, repeat: int) -> float: ...
    def reload(self) -> None: ...

def analyze(text: str) -> list[Record]: ...
