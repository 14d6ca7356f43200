"""Fixtures of the Python package's tests: the bundled corpus, the `tracuu` command (to
compare with), an index it built, and the corpus's fixture table (corpus/README.md, "Every
article"), from which the tests derive what the corpus holds."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Optional

import pytest
import tracuu

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "corpus"
#: The article folders: the corpus without its README (which would be one more document).
ARTICLE_FOLDERS = [CORPUS / f for f in ("compressed", "header", "jsonl", "plain", "scraped")]


# ------------------------------------------------------------------------------------------
# The tracuu command
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tracuu_bin() -> str:
    """The `tracuu` binary: $TRACUU_BIN, else the workspace's debug build (built if needed)."""
    if "TRACUU_BIN" in os.environ:
        return os.environ["TRACUU_BIN"]
    subprocess.run(["cargo", "build", "-q", "--bin", "tracuu"], cwd=REPO, check=True)
    metadata = subprocess.run(
        ["cargo", "metadata", "-q", "--format-version", "1", "--no-deps"],
        cwd=REPO, check=True, capture_output=True, text=True,
    )
    return str(Path(json.loads(metadata.stdout)["target_directory"]) / "debug" / "tracuu")


@dataclass
class Cli:
    """Runs `tracuu --index INDEX ...`."""

    binary: str
    index: Path

    def run(self, *args: str, status: Optional[int] = 0) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "TRACUU_INDEX"} | {"NO_COLOR": "1"}
        done = subprocess.run(
            [self.binary, "--index", str(self.index), *args],
            capture_output=True, text=True, env=env,
        )
        if status is not None:
            assert done.returncode == status, f"tracuu {args}: {done.stderr}"
        return done

    def records(self, *args: str, status: Optional[int] = None) -> list[dict[str, Any]]:
        """The JSON lines of `tracuu ARGS --json`."""
        out = self.run(*args, "--json", status=status).stdout
        return [json.loads(line) for line in out.splitlines()]

    def hits(self, *args: str) -> list[dict[str, Any]]:
        """The hit lines of `tracuu search ARGS --json` (the lines without a type)."""
        return [r for r in self.records("search", *args) if "type" not in r]

    def count(self, *args: str) -> int:
        return int(self.run("search", *args, "--count", status=None).stdout)


@pytest.fixture(scope="session")
def cli(tracuu_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """The command over an index it built of the article folders."""
    index = tmp_path_factory.mktemp("cli") / "index"
    cli = Cli(tracuu_bin, index)
    cli.run("index", *map(str, ARTICLE_FOLDERS))
    return cli


@pytest.fixture(scope="session")
def ix(cli: Cli) -> tracuu.Index:
    """The command's index, opened in Python."""
    return tracuu.Index.open(cli.index)


# ------------------------------------------------------------------------------------------
# The fixture table of corpus/README.md
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """A row of the table "Every article"."""

    label: str  # `jsonl/articles.jsonl line 9` or `header/vn-2019-0320.txt`
    id: str  # given, or `<stem>-<hash>` / `<stem>-<hash>:N`
    date: Optional[str]
    source: Optional[str]
    title: str

    def has_id(self, id: str) -> bool:
        """Whether `id` is this article's (derived ids end in 8 hex digits, and a line)."""
        if "<hash>" not in self.id:
            return id == self.id
        pattern = re.escape(self.id).replace(re.escape("<hash>"), "[0-9a-f]{8}")
        return re.fullmatch(pattern, id) is not None


def _cell(text: str) -> Optional[str]:
    text = text.strip().replace("\\|", "|")
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return None if text == "—" else text


@cache
def articles() -> tuple[Article, ...]:
    lines = (CORPUS / "README.md").read_text().splitlines()
    start = lines.index("### Every article")
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("|"))
    end = next((i for i in range(first, len(lines)) if not lines[i].startswith("|")), len(lines))
    rows = lines[first + 2 : end]  # without the header and delimiter rows
    table = []
    for row in rows:
        cells = [_cell(c) for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]
        _, file, id, date, source, _, _, title = cells
        table.append(Article(file, id, date, source, title))
    assert len(table) > 40, "the fixture table is read"
    return tuple(table)


def article_of(id: str) -> Article:
    """The article whose id is `id`."""
    (found,) = [a for a in articles() if a.has_id(id)]
    return found


# ------------------------------------------------------------------------------------------
# The corpus read without tracuu (as tests/cli_views.rs reads it)
# ------------------------------------------------------------------------------------------

_SECOND_TO_FIRST = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def words(text: str) -> list[str]:
    """NFC, lower case, one tone placement, split at whatever is not a letter or digit."""
    text = unicodedata.normalize("NFC", text).lower()
    for second, first in _SECOND_TO_FIRST.items():
        text = text.replace(second, first)
    return [w for w in re.split(r"[^\w]|_", text) if w]


def occurrences(text: str, phrase: str) -> int:
    """How often the words of `phrase` stand side by side, in order, in `text`."""
    p, t = words(phrase), words(text)
    return sum(t[i : i + len(p)] == p for i in range(len(t) - len(p) + 1))


def _file_text(file: str) -> str:
    data = (CORPUS / file).read_bytes()
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    elif data.startswith(b"\x28\xb5\x2f\xfd"):
        import zstandard

        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return data.decode()


@cache
def _body_and_title(article: Article) -> tuple[str, bool]:
    """The text the body comes from, and whether it holds the title line."""
    file, _, line = article.label.partition(" line ")
    text = _file_text(file)
    if line:
        record = json.loads(text.splitlines()[int(line) - 1])
        body = next(record[k] for k in ("text", "body", "content") if k in record)
        return body, False
    lines = text.splitlines()
    header = []
    while lines and (lines[0].startswith("# ") or not lines[0].strip()):
        header.append(lines.pop(0))
    is_header = any(l.startswith("# ") for l in header)
    holds_title = (
        not any(l.startswith("# title ") for l in header) if is_header else not file.startswith("plain/")
    )
    return "\n".join(lines), holds_title


def body_occurrences(article: Article, phrase: str) -> int:
    """Occurrences of `phrase` in the article's body, read from its file."""
    text, holds_title = _body_and_title(article)
    in_title = occurrences(article.title, phrase) if holds_title else 0
    return occurrences(text, phrase) - in_title
