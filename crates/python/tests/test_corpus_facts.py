"""The facts of the Rust end-to-end tests (tests/cli_views.rs), through Python: what the
bundled corpus holds, derived from its fixture table and its files, not from tracuu."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
import tracuu

from conftest import article_of, articles, body_occurrences, occurrences

#: `đảng ủy` is written with either tone placement, `đảng viên` also in an NFD file, once
#: joined by a no-break space, and in an undated document.
PHRASES = ["đảng ủy", "đảng viên"]


def nfc(text: str | None) -> str | None:
    return None if text is None else unicodedata.normalize("NFC", text)


#: `nâng cao` also stands in two titles whose bodies lack it.
@pytest.mark.parametrize("phrase", [*PHRASES, "nâng cao"])
def test_kwic_lines_are_every_body_occurrence_of_the_phrase(ix: tracuu.Index, phrase: str) -> None:
    concordance = ix.kwic(f'"{phrase}"')
    per_article = Counter(article_of(line.id).label for line in concordance)
    expected = {a.label: n for a in articles() if (n := body_occurrences(a, phrase)) > 0}
    assert dict(per_article) == expected
    assert concordance.occurrences == sum(expected.values())
    in_title_only = [
        a
        for a in articles()
        if occurrences(a.title, phrase) > 0 and body_occurrences(a, phrase) == 0
    ]
    assert concordance.without_occurrences == len(in_title_only)
    for line in concordance:
        article = article_of(line.id)
        assert occurrences(line.match, phrase) == 1, line
        assert (line.date.isoformat() if line.date else None) == article.date
        assert nfc(line.source) == article.source
    dates = [(line.date is None, line.date) for line in concordance]
    assert dates == sorted(dates, key=lambda d: (d[0], d[1] or 0)), "oldest first, undated last"


@pytest.mark.parametrize("phrase", PHRASES)
def test_search_finds_the_articles_with_the_phrase(ix: tracuu.Index, phrase: str) -> None:
    matching = {
        a.label
        for a in articles()
        if body_occurrences(a, phrase) > 0 or occurrences(a.title, phrase) > 0
    }
    hits = ix.search(f'"{phrase}"', limit=100, collapse=False)
    assert {article_of(h.id).label for h in hits} == matching
    assert hits.total == len(matching) == ix.count(f'"{phrase}"')
    facets = ix.facets(f'"{phrase}"')
    years = Counter(int(article_of(h.id).date[:4]) if article_of(h.id).date else None for h in hits)
    assert facets.of("year") == dict(years)
    sources = Counter(article_of(h.id).source for h in hits)
    assert {nfc(k): v for k, v in facets.of("source").items()} == dict(sources)


def test_stats_describe_the_fixture_table(ix: tracuu.Index) -> None:
    table = articles()
    stats = ix.stats()
    dates = [a.date for a in table if a.date]
    assert stats.documents == len(table)
    assert stats.first_date.isoformat() == min(dates)
    assert stats.last_date.isoformat() == max(dates)
    assert stats.undated == len(table) - len(dates)
    assert {nfc(c.value): c.count for c in stats.sources} == dict(
        Counter(a.source for a in table if a.source)
    )
    assert [(c.value, c.count) for c in stats.years] == sorted(
        Counter(int(d[:4]) for d in dates).items()
    )
    # One article is an exact copy of an earlier one: one story fewer than documents.
    assert (stats.stories, stats.copies) == (len(table) - 1, 1)


def test_hits_carry_the_articles_fields(ix: tracuu.Index) -> None:
    for hit in ix.search('"đảng viên"', limit=100, collapse=False):
        article = article_of(hit.id)
        assert nfc(hit.title) == article.title
        assert (hit.date.isoformat() if hit.date else None) == article.date
        assert nfc(hit.source) == article.source
        assert "[" in hit.marked() and occurrences(hit.marked(), "đảng viên") >= 1
