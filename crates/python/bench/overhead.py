"""What a search costs through Python beyond the Rust API (goal: at most 50 µs).

Times the same searches (the 10 best hits, with snippets) through `tracuu.Index.search` and
through the Rust API in the same process and build (`Searcher::search`, timed in Rust, no
conversion to Python), one of each in turn (in alternating order) so that both see the same
load on the machine. Prints, per query, the fastest run of each (as `timeit` advises: the
slower ones measure the machine's other work) and their difference, and the difference of the
medians.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", nargs="?", help="an index directory (default: corpus/)")
    parser.add_argument("--repeat", type=int, default=1000, help="pairs of searches per query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.index:
            index = tracuu.Index.open(args.index)
        else:
            corpus = Path(__file__).resolve().parents[3] / "corpus"
            index = tracuu.Index.create(Path(scratch) / "index")
            folders = ("compressed", "header", "jsonl", "plain", "scraped")
            index.add([corpus / f for f in folders], progress=False, warn=False)
        print(f"{index.stats().documents} documents; {args.repeat} pairs of searches per query")
        print(f"{'query':<28} {'python µs':>10} {'rust µs':>10} {'overhead µs':>12} {'median':>8}")
        overheads, medians = [], []
        for query in QUERIES:
            spec = _query(query, False, False, False, True, None, None, None)
            index.search(query)  # warm up
            python, rust = [], []
            for i in range(args.repeat):
                # Which runs first alternates: the second of a pair finds the caches warmer.
                if i % 2:
                    rust.append(index._native.time_rust_search(spec, 10, 1) * 1e6)
                started = time.perf_counter()
                index.search(query, limit=10)
                python.append((time.perf_counter() - started) * 1e6)
                if not i % 2:
                    rust.append(index._native.time_rust_search(spec, 10, 1) * 1e6)
            overheads.append(min(python) - min(rust))
            medians.append(statistics.median(python) - statistics.median(rust))
            print(
                f"{query:<28} {min(python):>10.1f} {min(rust):>10.1f} "
                f"{overheads[-1]:>12.1f} {medians[-1]:>8.1f}"
            )
        print(
            f"overhead per search, median over the queries: {statistics.median(overheads):.1f} µs "
            f"of the fastest runs ({statistics.median(medians):.1f} µs of the medians); "
            "goal ≤ 50 µs"
        )

if __name__ == "__main__":
    main()
