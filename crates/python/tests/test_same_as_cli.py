"""The Python API gives what the `tracuu` command gives over the same index: counts, hits,
concordance lines, trends, facets, research views, statistics and analysis."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
import tracuu

from conftest import CORPUS, Cli

#: Queries of every kind: accent-free (read in context), accented, phrase, group, OR,
#: exclusion, fields, dates, codes, abbreviations, prefix.
QUERIES = [
    "dang uy",
    "tham nhung",
    "quoc hoi",
    '"đảng viên"',
    "đảng ủy",
    "thông qua",
    "tham nhũng",
    "thông qua OR biểu quyết",
    '"đảng viên" -"giáo viên"',
    'title:"Quốc hội" (thông qua OR biểu quyết)',
    'source:"Bao Ha Tinh" kỷ luật',
    "quoc hoi date:2023..2024-06",
    "quoc hoi -dang",
    "tham nhung OR lang phi",
    "45/2019/QH14",
    "QH14",
    "UBND",
    "Thươn*",
    '"quốc hội luật"~3',
]


def json_like(value: Any) -> Any:
    """`value` as the command's JSON would hold it: dates as ISO text, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: json_like(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_like(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def same_hits(python: list[dict[str, Any]], command: list[dict[str, Any]]) -> None:
    """Hit records equal, scores included (the shortest decimal of the engine's f32, in both)."""
    assert python == command


@pytest.mark.parametrize("query", QUERIES)
def test_count_hits_and_reading_are_the_commands(ix: tracuu.Index, cli: Cli, query: str) -> None:
    assert ix.count(query) == cli.count(query)
    results = ix.search(query, limit=20)
    same_hits(json_like(results.to_dicts()), cli.hits(query, "--limit", "20"))
    assert results.total == ix.count(query)
    spellings = [r for r in cli.records("search", query) if r.get("type") == "spellings"]
    found = ix.spellings(query)
    assert (found is None) == (not spellings)
    if spellings:
        assert json_like(found) == {
            "reading": spellings[0]["reading"],
            "others": [[o["text"], o["documents"]] for o in spellings[0]["others"]],
            "any_spelling": spellings[0]["any_spelling"],
        }
    count_line = cli.records("search", query, "--count", status=None)[0]
    assert results.reading == count_line["reading"]


@pytest.mark.parametrize(
    ("options", "args"),
    [
        ({"fold": True}, ["--fold"]),
        ({"any_spelling": True}, ["--any-spelling"]),
        ({"fuzzy": True}, ["--fuzzy"]),
        ({"expand": False}, ["--no-expand"]),
        ({"literal": True}, ["-F"]),
        ({"date_from": 2019, "date_to": "2021-06"}, ["--from", "2019", "--to", "2021-06"]),
        ({"date_from": datetime.date(2020, 3, 1)}, ["--from", "2020-03-01"]),
        ({"sort": "date", "offset": 2}, ["--sort", "date", "--offset", "2"]),
        ({"collapse": False}, ["--no-collapse"]),
    ],
)
@pytest.mark.parametrize("query", ["dang uy", "đăng", "UBND tỉnh", "đảng viên"])
def test_search_options_are_the_commands(
    ix: tracuu.Index, cli: Cli, query: str, options: dict[str, Any], args: list[str]
) -> None:
    same_hits(
        json_like(ix.search(query, limit=30, **options).to_dicts()),
        cli.hits(query, "--limit", "30", *args),
    )
    if not {"sort", "offset", "collapse"} & options.keys():
        assert ix.count(query, **options) == cli.count(query, *args)


@pytest.mark.parametrize("query", ['"đảng viên"', "tham nhung", "dang uy", "UBND"])
@pytest.mark.parametrize(
    ("options", "args"),
    [({}, []), ({"context": 3, "sort": "left"}, ["-C", "3", "--sort", "left"]),
     ({"sort": "right", "limit": 4}, ["--sort", "right", "-n", "4"])],
)
def test_kwic_rows_are_the_commands(
    ix: tracuu.Index, cli: Cli, query: str, options: dict[str, Any], args: list[str]
) -> None:
    concordance = ix.kwic(query, **options)
    assert json_like(concordance.to_dicts()) == cli.records("kwic", query, *args)
    assert concordance.documents == ix.count(query)


def test_trend_rows_are_the_commands(ix: tracuu.Index, cli: Cli) -> None:
    queries = ['"tham nhũng"', '"đảng viên"', "dang uy"]
    for by in ("year", "month"):
        trend = ix.trend(queries, by=by)
        assert json_like(trend.to_dicts()) == cli.records("trend", *queries, "--by", by)
    assert ix.trend("dang uy").readings == [ix.search("dang uy").reading]


def test_facets_are_the_commands(ix: tracuu.Index, cli: Cli) -> None:
    query = '"đảng viên"'
    line = cli.records("search", query, "--facet", "source", "--facet", "year")[-1]
    assert line["type"] == "facets"
    facets = ix.facets(query)
    for field in ("source", "year"):
        assert [[c.value, c.count] for c in facets if c.field == field] == [
            [c["value"], c["count"]] for c in line["facets"][field]
        ]
    assert ix.search(query, facets=["year"]).facets.of("year") == {
        c["value"]: c["count"] for c in line["facets"]["year"]
    }


def test_research_views_are_the_commands(ix: tracuu.Index, cli: Cli) -> None:
    assert json_like(ix.collocates('"đảng viên"', min_freq=1, limit=0).to_dicts()) == cli.records(
        "collocates", '"đảng viên"', "--min-freq", "1", "-n", "0"
    )
    assert json_like(
        ix.collocates("tham nhung", window=(3, 0), by="logdice", min_freq=1).to_dicts()
    ) == cli.records("collocates", "tham nhung", "-w", "3,0", "--by", "logdice", "--min-freq", "1")
    assert json_like(ix.keywords(date_from=2021, date_to=2021, min_freq=2).to_dicts()) == cli.records(
        "keywords", "--from", "2021", "--to", "2021", "--min-freq", "2"
    )
    assert json_like(
        ix.keywords('source:"Báo Hà Tĩnh"', reference='source:"Báo Nghệ An"', by="ratio").to_dicts()
    ) == cli.records(
        "keywords", 'source:"Báo Hà Tĩnh"', "--reference", 'source:"Báo Nghệ An"', "--by", "ratio"
    )
    assert json_like(ix.ngrams(n=(2, 3), min_docs=3).to_dicts()) == cli.records(
        "ngrams", "-N", "2-3", "--min-docs", "3"
    )
    assert json_like(ix.ngrams('"đảng viên"', no_function_words=True).to_dicts()) == cli.records(
        "ngrams", '"đảng viên"', "--no-function-words"
    )


def test_reuse_is_the_commands(ix: tracuu.Index, cli: Cli) -> None:
    stories = ix.reuse("Hà Tĩnh")
    assert len(stories) > 0, "the corpus has a story with a copy"
    assert json_like(stories.to_dicts()) == cli.records("reuse", "Hà Tĩnh", status=0)
    original = stories[0].members[0].id
    assert json_like(ix.reuse(id=original).to_dicts()) == cli.records("reuse", "--id", original)


def test_reuse_to_pandas_is_the_commands_csv(ix: tracuu.Index, cli: Cli) -> None:
    pandas = pytest.importorskip("pandas")
    frame = ix.reuse("Hà Tĩnh", limit=100).to_pandas()
    command = pandas.read_csv(io.StringIO(cli.run("reuse", "Hà Tĩnh", "--csv", "-n", "100").stdout))
    assert list(frame.columns) == list(command.columns)
    assert list(frame["id"]) == list(command["id"])
    assert list(frame["resemblance"].fillna(-1)) == list(command["resemblance"].fillna(-1))


def test_scores_and_resemblances_equal_the_commands_json(
    ix: tracuu.Index, cli: Cli, tmp_path: Path
) -> None:
    """f32 values reach Python as the number the command's JSON prints (15.647031, not
    15.6470308303833)."""
    for query in QUERIES:
        python = [h.score for h in ix.search(query, limit=50)]
        assert python == [h["score"] for h in cli.hits(query, "--limit", "50")], query
    # An article and a copy cut and edited: a resemblance that is no binary fraction.
    lines = (CORPUS / "jsonl" / "articles.jsonl").read_text().splitlines()
    article = json.loads(lines[4])
    sentences = article["body"].split(". ")
    edited = ". ".join(sentences[:-2]) + ". Phóng viên ghi nhận thêm nhiều ý kiến của cử tri."
    dump = tmp_path / "copies.jsonl"
    dump.write_text(
        "\n".join(
            json.dumps({"id": id, "title": article["title"], "body": body}, ensure_ascii=False)
            for id, body in [("goc", article["body"]), ("ban-sao", edited)]
        )
    )
    own = tracuu.Index.create(tmp_path / "index")
    own.add(dump, progress=False, warn=False)
    (story,) = own.reuse(id="ban-sao")
    assert story.members[1].resemblance not in (None, 1.0)
    (record,) = Cli(cli.binary, tmp_path / "index").records("reuse", "--id", "ban-sao")
    assert json_like(story) == record


def test_stats_are_the_commands(ix: tracuu.Index, cli: Cli) -> None:
    (record,) = cli.records("stats")
    stats = json_like(ix.stats())
    stats["updated_at"] = stats["updated_at"].replace("+00:00", "Z")
    assert stats == record


@pytest.mark.parametrize(
    "text", ["Đảng uỷ TP.HCM họp", "Nghị quyết 45/2019/QH14, Covid-19.", "Đảng. Uỷ ban", "café"]
)
def test_analyze_is_the_commands(cli: Cli, text: str) -> None:
    tokens = tracuu.analyze(text)
    (record,) = cli.records("analyze", text)
    assert [
        {k: t[k] for k in ("text", "term", "folded", "start", "end", "position")}
        for t in tokens.to_dicts()
    ] == record["tokens"]
    for token in tokens:
        assert text[token.char_start : token.char_end] == token.text
        assert text.encode()[token.start : token.end].decode() == token.text
