"""What a search costs through Python beyond the Rust API (goal: at most 50 µs).

Times the same searches (the 10 best hits, with snippets) through `tracuu.Index.search` and
through the Rust API in the same process and build (`Searcher::search`, timed in Rust, no
conversion), alternating rounds, and prints the median per search of each and the difference.

    python crates/python/bench/overhead.py [INDEX_DIR] [--repeat N]

Without INDEX_DIR, the bundled corpus/ is indexed into a temporary directory first.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import tracuu
from tracuu._index import _query

QUERIES = ["dang uy", '"đảng viên"', "tham nhũng", "quoc hoi", "thông qua OR biểu quyết", "UBND"]
ROUNDS = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", nargs="?", help="an index directory (default: corpus/)")
    parser.add_argument("--repeat", type=int, default=200, help="searches per round and query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.index:
            index = tracuu.Index.open(args.index)
        else:
            corpus = Path(__file__).resolve().parents[3] / "corpus"
            index = tracuu.Index.create(Path(scratch) / "index")
            index.add([corpus / f for f in ("compressed", "header", "jsonl", "plain", "scraped")], progress=False)
        print(f"{index.stats().documents} documents; {args.repeat} searches × {ROUNDS} rounds per query")
        print(f"{'query':<28} {'python µs':>10} {'rust µs':>10} {'overhead µs':>12}")
        overheads = []
        for query in QUERIES:
            spec = _query(query, False, False, False, True, None, None, None)
            python, rust = [], []
            index.search(query)  # warm up
            for _ in range(ROUNDS):
                started = time.perf_counter()
                for _ in range(args.repeat):
                    index.search(query, limit=10)
                python.append((time.perf_counter() - started) / args.repeat * 1e6)
                seconds = index._native.time_rust_search(spec, 10, args.repeat)
                rust.append(seconds / args.repeat * 1e6)
            p, r = statistics.median(python), statistics.median(rust)
            overheads.append(p - r)
            print(f"{query:<28} {p:>10.1f} {r:>10.1f} {p - r:>12.1f}")
        print(f"median overhead per search: {statistics.median(overheads):.1f} µs (goal ≤ 50 µs)")


if __name__ == "__main__":
    main()
