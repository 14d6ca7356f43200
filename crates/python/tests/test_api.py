"""The Python API itself: errors, DataFrames, indexing from Python, types."""

from __future__ import annotations

import builtins
import datetime
import json
import math
import os
import re
import signal
import sys
import threading
from pathlib import Path

import pytest
import tracuu

from conftest import ARTICLE_FOLDERS, CORPUS, Cli


def test_a_bad_query_raises_query_error_with_its_column(ix: tracuu.Index, cli: Cli) -> None:
    for query in ['"đảng viên', "quốc hội (luật", "a OR", "tham nhũng a*b"]:
        with pytest.raises(tracuu.QueryError) as raised:
            ix.search(query)
        message = cli.run("search", query, status=2).stderr.strip()
        assert message.startswith(f"tracuu: {str(raised.value).split(' (')[0]}")
        assert raised.value.kind == "invalid_query"
        column = raised.value.column
        assert column is not None and 1 <= column <= len(query)
        assert f"column {column}" in message
    with pytest.raises(tracuu.QueryError) as raised:
        ix.count('say "hello')
    assert raised.value.column == len('say "')
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, tracuu.TracuuError)
    with pytest.raises(tracuu.QueryError):
        ix.kwic("...")  # nothing to search for
    with pytest.raises(tracuu.QueryError):
        ix.count("x", date_from="2021-13")


def test_bad_options_raise_request_errors(ix: tracuu.Index) -> None:
    with pytest.raises(tracuu.RequestError, match='sort="oldest" is not one of'):
        ix.search("đảng", sort="oldest")  # type: ignore[arg-type]
    with pytest.raises(tracuu.RequestError, match="limit=20000 is too large"):
        ix.search("đảng", limit=20_000)
    with pytest.raises(tracuu.RequestError):
        ix.kwic("đảng", context=101)
    with pytest.raises(tracuu.RequestError):
        ix.reuse("đảng", id="vn-2022-0517")


def test_index_errors(tmp_path: Path) -> None:
    with pytest.raises(tracuu.IndexNotFoundError) as raised:
        tracuu.Index.open(tmp_path / "none")
    assert raised.value.path == str(tmp_path / "none")
    assert "Index.create" in str(raised.value)
    assert isinstance(raised.value, tracuu.IndexError)
    assert not isinstance(raised.value, builtins.IndexError)
    tracuu.Index.create(tmp_path / "new")
    with pytest.raises(tracuu.RequestError, match="already holds an index"):
        tracuu.Index.create(tmp_path / "new")
    assert tracuu.Index.create(tmp_path / "new", exist_ok=True).count("đảng") == 0


def test_results_are_typed_sequences(ix: tracuu.Index) -> None:
    results = ix.search("dang uy", limit=5)
    assert len(results) == 5 and results.total >= 5
    assert results.reading == "đảng ủy"
    assert [h.id for h in results] == [results[i].id for i in range(5)] == results.ids()
    assert results[1:3] == list(results)[1:3]
    hit = results[0]
    assert isinstance(hit, tracuu.Hit)
    assert isinstance(hit.date, datetime.date)
    assert all(isinstance(r, tuple) and len(r) == 2 for r in hit.highlights)
    snippet = hit.snippet.encode()
    assert all(snippet[s:e].decode() for s, e in hit.highlights)
    assert hit.marked("<", ">").count("<") == len(hit.highlights)
    assert ix.search("UBND").expansions[0].typed == "UBND"


def test_to_pandas_gives_dataframes(ix: tracuu.Index) -> None:
    pandas = pytest.importorskip("pandas")
    frame = ix.search("dang uy", limit=20).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["id"]) == ix.search("dang uy", limit=20).ids()
    assert pandas.api.types.is_datetime64_any_dtype(frame["date"])
    kwic = ix.kwic('"đảng viên"').to_pandas()
    assert list(kwic.columns) == [
        "id", "date", "source", "left", "match", "right", "start", "end", "space_before",
        "space_after",
    ]
    assert len(kwic) == ix.kwic('"đảng viên"').occurrences
    trend = ix.trend(['"tham nhũng"', '"đảng viên"']).to_pandas()
    table = trend.pivot(index="period", columns="query", values="documents")
    assert list(table.columns) == ['"tham nhũng"', '"đảng viên"']
    for view in (
        ix.facets("đảng"),
        ix.collocates('"đảng viên"', min_freq=1),
        ix.keywords(date_from=2021, date_to=2021),
        ix.ngrams(),
        ix.reuse("Hà Tĩnh"),
        tracuu.analyze("Đảng uỷ TP.HCM họp"),
    ):
        frame = view.to_pandas()
        assert isinstance(frame, pandas.DataFrame) and len(frame) > 0, view
    assert set(ix.reuse("Hà Tĩnh").to_pandas()["story"]) == {s.story for s in ix.reuse("Hà Tĩnh")}


def test_the_keywords_reference_takes_the_query_options(ix: tracuu.Index) -> None:
    """The reference query is read with the target's options: ``expand=False`` matches
    ``UBND`` as typed there too. Its documents are those it matches outside the target."""
    for expand in (True, False):
        outside = ix.count("UBND", expand=expand) - ix.count(
            "UBND", expand=expand, date_from=2021, date_to=2021
        )
        found = ix.keywords(
            date_from=2021, date_to=2021, reference="UBND", expand=expand, min_freq=1
        )
        assert found.reference_documents == outside, expand
    assert ix.count("UBND") != ix.count("UBND", expand=False)


def test_reuse_counts_every_story_with_copies_shown_or_not(ix: tracuu.Index) -> None:
    """``total`` is the stories with copies among the matches, whatever ``limit`` shows."""
    every = ix.reuse("Hà Tĩnh", limit=1000)
    assert len(every) == every.total > 0
    none = ix.reuse("Hà Tĩnh", limit=0)
    assert len(none) == 0 and none.total == every.total


def test_to_pandas_without_pandas_says_how_to_get_it(
    ix: tracuu.Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        ix.search("đảng").to_pandas()
    assert ix.search("đảng").to_dicts()[0]["id"] == ix.search("đảng")[0].id


def test_an_index_built_in_python_is_the_commands(
    cli: Cli, ix: tracuu.Index, tmp_path: Path
) -> None:
    own = tracuu.Index.create(tmp_path / "index")
    calls = []
    with pytest.warns(tracuu.InputWarning, match="empty.txt: empty file"):
        summary = own.add(ARTICLE_FOLDERS, progress=lambda *counts: calls.append(counts))
    assert calls and calls[-1][0] == summary.indexed
    (record,) = Cli(cli.binary, tmp_path / "other").records("index", *map(str, ARTICLE_FOLDERS))
    assert (summary.indexed, summary.copies, summary.rejected) == (
        record["indexed"], record["copies"], record["rejected"],
    )
    for query in ["dang uy", '"đảng viên"', "tham nhung"]:
        assert own.count(query) == ix.count(query)
        # Two runs may order documents of equal score differently: compared as sets.
        scored = [{(h.id, round(h.score, 3)) for h in i.search(query, limit=100)} for i in (own, ix)]
        assert scored[0] == scored[1]
    again = own.add(ARTICLE_FOLDERS, progress=False, warn=False)
    assert (again.indexed, again.unchanged) == (0, summary.indexed)


def test_bad_input_is_returned_and_warned_with_path_and_line(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    good = '{"id": "a1", "title": "Đảng ủy xã", "text": "Đảng uỷ xã kết nạp đảng viên mới."}'
    (inputs / "dump.jsonl").write_text(f"{good}\n{{not json\n")
    (inputs / "empty.txt").write_text("")
    index = tracuu.Index.create(tmp_path / "index")
    with pytest.warns(tracuu.InputWarning) as warned:
        summary = index.add(inputs, progress=False)
    assert summary.indexed == 1
    (rejected,) = summary.rejected
    assert (rejected.path, rejected.line, rejected.kind) == (
        str(inputs / "dump.jsonl"), 2, "malformed_json",
    )
    (warning,) = summary.warnings
    assert warning.path == str(inputs / "empty.txt")
    messages = [str(w.message) for w in warned]
    assert any(f"{inputs / 'dump.jsonl'}:2: " in m for m in messages), messages
    assert any(str(inputs / "empty.txt") in m for m in messages), messages
    assert index.count("đảng ủy") == 1, "the index is searchable after add"


def test_a_second_writer_gets_index_in_use(tmp_path: Path) -> None:
    index = tracuu.Index.create(tmp_path / "index")
    inside, release = threading.Event(), threading.Event()

    def progress(*_: object) -> None:
        inside.set()
        release.wait(30)

    writer = threading.Thread(
        target=index.add, args=(ARTICLE_FOLDERS,), kwargs={"progress": progress, "warn": False}
    )
    writer.start()
    try:
        assert inside.wait(30), "the first writer reports progress"
        # The first writer is indexing (its thread released the GIL): a second one is refused.
        with pytest.raises(tracuu.IndexInUseError, match="index is in use"):
            tracuu.Index.open(tmp_path / "index").add(ARTICLE_FOLDERS, progress=False, warn=False)
    finally:
        release.set()
        writer.join()
    assert index.stats().documents > 0


def test_analyze_gives_byte_and_character_offsets() -> None:
    text = "Đảng uỷ TP.HCM họp"
    tokens = tracuu.analyze(text)
    assert [t.term for t in tokens] == ["đảng", "ủy", "tp.hcm", "tp", "hcm", "họp"]
    assert [t.kind for t in tokens] == ["word", "word", "code", "word", "word", "word"]
    assert [(t.start, t.end) for t in tokens][:2] == [(0, 7), (8, 12)]
    assert [(t.char_start, t.char_end) for t in tokens][:2] == [(0, 4), (5, 7)]


def test_a_story_threshold_outside_0_to_1_is_refused(tmp_path: Path) -> None:
    """A threshold of 0 or less would join every new article to a story, permanently: refused
    before anything is indexed, as `tracuu index --story-threshold` refuses it."""
    index = tracuu.Index.create(tmp_path / "index")
    for threshold in (0, -1, math.nan, 1.5, math.inf):
        with pytest.raises(tracuu.RequestError, match="is not a resemblance above 0 and at most 1"):
            index.add(ARTICLE_FOLDERS, story_threshold=threshold, progress=False, warn=False)
    assert index.count("đảng ủy") == 0
    summary = index.add(ARTICLE_FOLDERS, story_threshold=1, progress=False, warn=False)
    assert summary.indexed > 0


def many_articles(folder: Path, count: int) -> Path:
    """A JSON lines dump of `count` articles (the corpus's, with ids of their own): several of
    the indexer's batches (256 records each)."""
    lines = (CORPUS / "jsonl" / "articles.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    records = [r for r in records if "id" in r]
    dump = folder / "many.jsonl"
    with dump.open("w") as out:
        for i in range(count):
            record = records[i % len(records)]
            out.write(json.dumps({**record, "id": f"{record['id']}-{i}"}, ensure_ascii=False) + "\n")
    return dump


class Stop(Exception):
    pass


def test_an_exception_in_progress_stops_add_and_keeps_what_it_added(tmp_path: Path) -> None:
    dump = many_articles(tmp_path, 1500)
    index = tracuu.Index.create(tmp_path / "index")
    calls = []

    def progress(documents: int, *_: object) -> None:
        calls.append(documents)
        if len(calls) > 1:
            raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        index.add(dump, progress=progress, warn=False)
    assert len(calls) == 2, "no call after the one that raised"
    reopened = tracuu.Index.open(tmp_path / "index")
    stopped_at = reopened.stats().documents
    assert 0 < stopped_at < 1500 and index.stats().documents == stopped_at
    again = reopened.add(dump, progress=False, warn=False)
    assert (again.unchanged, again.indexed) == (stopped_at, 1500 - stopped_at)
    assert reopened.stats().documents == 1500


def test_ctrl_c_stops_add(tmp_path: Path) -> None:
    """SIGINT during `add` raises KeyboardInterrupt at the next batch, not at the end."""
    dump = many_articles(tmp_path, 1500)
    index = tracuu.Index.create(tmp_path / "index")

    sent = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT))

    def progress(*_: object) -> None:
        # From another thread, as a terminal's Ctrl-C, while the run goes on.
        if sent.ident is None:
            sent.start()

    with pytest.raises(KeyboardInterrupt):
        index.add(dump, progress=progress, warn=False)
    sent.join()
    assert 0 < tracuu.Index.open(tmp_path / "index").stats().documents < 1500


@pytest.mark.parametrize(
    "call",
    [
        lambda ix, synonyms: ix.search("đảng", sort="x"),
        lambda ix, synonyms: ix.search("đảng", facets=["nguồn"]),
        lambda ix, synonyms: ix.trend("đảng", by="week"),
        lambda ix, synonyms: ix.collocates("đảng", side="up"),
        lambda ix, synonyms: ix.kwic("đảng", context=101),
        lambda ix, synonyms: ix.reuse("đảng", id="vn-2022-0517"),
        lambda ix, synonyms: ix.search("đảng", synonyms=synonyms),
        lambda ix, synonyms: ix.search("đảng", limit=20_000),
        lambda ix, synonyms: ix.search('"đảng'),
    ],
)
def test_error_kinds_are_snake_case(ix: tracuu.Index, tmp_path: Path, call) -> None:  # type: ignore[no-untyped-def]
    synonyms = tmp_path / "no-such-synonyms.txt"
    with pytest.raises(tracuu.TracuuError) as raised:
        call(ix, synonyms)
    assert re.fullmatch("[a-z]+(_[a-z]+)*", raised.value.kind), raised.value.kind
    if isinstance(raised.value, tracuu.RequestError):
        assert raised.value.kind in ("invalid_request", "limit_too_large")


def test_rejected_records_are_warned_as_rejected(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "dump.jsonl").write_text('{"id": "a1", "title": "Đảng ủy", "text": "Đảng uỷ họp."}\n{oops\n')
    (inputs / "empty.txt").write_text("")
    with pytest.warns(tracuu.InputWarning) as warned:
        summary = tracuu.Index.create(tmp_path / "index").add(inputs, progress=False)
    assert [i.severity for i in summary.rejected] == ["rejected"]
    assert [i.severity for i in summary.warnings] == ["warning"]
    messages = sorted(str(w.message) for w in warned)
    assert messages == [
        f"rejected: {inputs / 'dump.jsonl'}:2: {summary.rejected[0].message}",
        f"warning: {inputs / 'empty.txt'}: {summary.warnings[0].message}",
    ]


def outdate(index: Path) -> None:
    """Marks the index as written by an older tracuu (format 5)."""
    meta = json.loads((index / "meta.json").read_text())
    payload = json.loads(meta["payload"])
    meta["payload"] = json.dumps({**payload, "tracuu_format": 5})
    (index / "meta.json").write_text(json.dumps(meta))


def test_an_outdated_index_is_rebuilt_from_python(tmp_path: Path) -> None:
    index = tmp_path / "index"
    built = tracuu.Index.create(index).add(ARTICLE_FOLDERS, progress=False, warn=False)
    outdate(index)
    with pytest.raises(tracuu.IndexOutdatedError) as raised:
        tracuu.Index.open(index)
    assert f'tracuu.Index.rebuild("{index}", paths)' in str(raised.value)
    summary = tracuu.Index.rebuild(index, ARTICLE_FOLDERS, progress=False, warn=False)
    assert summary.indexed == built.indexed
    rebuilt = tracuu.Index.open(index)
    assert rebuilt.stats().documents == built.indexed
    assert rebuilt.count("đảng ủy") > 0


def test_star_import_shadows_no_builtin() -> None:
    for module in ("tracuu", "tracuu.errors"):
        names: dict[str, object] = {}
        exec(f"from {module} import *", names)
        shadowed = (set(names) - {"__builtins__"}) & set(dir(builtins))
        assert not shadowed, module
    assert issubclass(tracuu.IndexNotFoundError, tracuu.IndexError)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda ix: ix.search("đảng", limit=-1), "limit"),
        (lambda ix: ix.search("đảng", offset=-1), "offset"),
        (lambda ix: ix.kwic("đảng", context=-1), "context"),
        (lambda ix: ix.kwic("đảng", limit=-1), "limit"),
        (lambda ix: ix.reuse("đảng", limit=-1), "limit"),
        (lambda ix: ix.collocates("đảng", min_freq=-1), "min_freq"),
        (lambda ix: ix.collocates("đảng", window=(1, 2, 3)), "window"),
        (lambda ix: ix.collocates("đảng", window=-1), "window"),
        (lambda ix: ix.ngrams("đảng", n=(2, 3, 4)), "n"),
        (lambda ix: ix.add([], threads=-1), "threads"),
        (lambda ix: ix.add([], memory_mb=-1), "memory_mb"),
    ],
)
def test_bad_numbers_raise_request_errors_naming_the_argument(ix: tracuu.Index, call, argument: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(tracuu.RequestError, match=f"^{argument}=") as raised:
        call(ix)
    assert raised.value.kind == "invalid_request"


def test_a_query_that_is_not_text_is_a_type_error(ix: tracuu.Index) -> None:
    for query in (None, 5, b"\xc4\x91\xe1\xba\xa3ng"):
        with pytest.raises(TypeError, match="^query must be a str"):
            ix.search(query)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^query must be a str"):
        ix.trend(["đảng", None])  # type: ignore[list-item]


def test_one_facet_field_may_be_given_alone(ix: tracuu.Index) -> None:
    alone = ix.search("đảng ủy", facets="source").facets.to_dicts()
    assert alone == ix.search("đảng ủy", facets=["source"]).facets.to_dicts()
    assert {f["field"] for f in alone} == {"source"}
    assert ix.facets("đảng ủy", "year").to_dicts() == ix.facets("đảng ủy", ["year"]).to_dicts()


def test_dates_may_be_datetimes_and_timestamps(ix: tracuu.Index) -> None:
    pandas = pytest.importorskip("pandas")
    day = datetime.date(2021, 4, 1)
    expected = ix.count("đảng", date_from=day, date_to=day.replace(year=2023))
    assert 0 < expected < ix.count("đảng")
    for start, end in [
        (datetime.datetime(2021, 4, 1, 15, 30), datetime.datetime(2023, 4, 1)),
        (pandas.Timestamp("2021-04-01 08:00"), pandas.Timestamp("2023-04-01")),
    ]:
        assert ix.count("đảng", date_from=start, date_to=end) == expected
        assert ix.search("đảng", date_from=start, date_to=end).total == expected
        assert ix.trend("đảng", date_from=start, date_to=end).to_dicts() == ix.trend(
            "đảng", date_from=day, date_to=day.replace(year=2023)
        ).to_dicts()


def test_reuse_without_query_or_id_says_it_needs_one(ix: tracuu.Index) -> None:
    with pytest.raises(tracuu.RequestError, match="reuse needs a query or an id"):
        ix.reuse()


def test_spellings_of_an_invalid_query_raise_as_count_does(ix: tracuu.Index) -> None:
    for call in (ix.count, ix.suggest, ix.spellings):
        with pytest.raises(tracuu.QueryError, match="unclosed quote"):
            call('"dang uy')
