"""Benchmark circle formation against the peers a Python user would otherwise pick.

    .venv/bin/python benchmarks/circles.py [--quick] [--sizes 1000,10000,100000]

For each pool size (synthetic, ``generate_circle_problem``) and each method, in a fresh
process (so peak memory is that method's own): seconds for forming circles (loading
and figures excluded), peak RSS, and the same quality figures for all methods:

* ``belong`` - our min-cost flow with tenure-band quotas (``form_circles``);
* ``flow-affinity-only`` - the same flow without band quotas (what quotas cost);
* ``greedy-theme-first`` - each person, in random order, joins the circle with room
  that shares most themes (within the time-zone window and language);
* ``random-equal`` - a random partition into the same number of equal-size circles.

Writes ``benchmarks/results/circles.json``; summarised in ``docs/benchmarks/circles.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from belong.matching import circles_candidates as candidates  # noqa: E402
from belong.matching import circles_engine as engine  # noqa: E402
from belong.matching.circles import CircleProblem, CircleRules, form_circles  # noqa: E402
from belong.matching.circles_figures import make_circle, quality_report  # noqa: E402
from belong.matching.circles_io import generate_circle_problem, load_circle_problem  # noqa: E402

METHODS = ("belong", "flow-affinity-only", "greedy-theme-first", "random-equal")
RESULTS = ROOT / "benchmarks" / "results" / "circles.json"


def _peers_groups(
    problem: CircleProblem, method: str, seed: int
) -> list[tuple[list[str], list[str]]]:
    """Circles (lead ids, member ids) from a peer method, with as many circles as ours."""
    rules = problem.rules
    pool = list(problem.people)
    enc = candidates.encode(pool, rules)
    is_lead = np.array([p.role == "lead" for p in pool])
    lead_rows, part_rows = np.flatnonzero(is_lead), np.flatnonzero(~is_lead)
    k = engine.n_circles(len(part_rows), len(lead_rows), rules)
    rng = np.random.default_rng(seed)
    seeds = lead_rows[rng.permutation(len(lead_rows))][:k]
    members: list[list[int]] = [[] for _ in range(k)]
    if method == "random-equal":
        order = part_rows[rng.permutation(len(part_rows))]
        for i, r in enumerate(order.tolist()):
            members[i % k].append(r)
    else:  # greedy-theme-first
        side = candidates.CircleSide(
            centroid=enc.vec[seeds].copy(),
            anchor=enc.tz[seeds].copy(),
            lang=np.where(enc.has_lang[seeds], np.maximum(enc.first_lang[seeds], 0), -1),
        )
        ap, ac, av = candidates.candidate_arcs(enc, part_rows, side, rules, {}, k=64, r=0)
        size = np.zeros(k, dtype=np.int64)
        starts = np.searchsorted(ap, part_rows)
        ends = np.searchsorted(ap, part_rows, side="right")
        for j in rng.permutation(len(part_rows)).tolist():
            lo, hi = starts[j], ends[j]
            for t in np.argsort(-av[lo:hi], kind="stable").tolist():
                c = int(ac[lo + t])
                if size[c] < rules.max_size:
                    members[c].append(int(part_rows[j]))
                    size[c] += 1
                    break
    return [
        ([pool[int(s)].id], [pool[r].id for r in m]) for s, m in zip(seeds, members, strict=True)
    ]


def run_one(n: int, method: str, seed: int) -> dict[str, Any]:
    data = generate_circle_problem(n, seed=seed)
    problem = load_circle_problem(data)
    by_id = {p.id: p for p in problem.people}
    start, cpu = time.perf_counter(), time.process_time()
    if method in ("belong", "flow-affinity-only"):
        if method == "flow-affinity-only":
            rules = CircleRules(min_per_band=0, max_per_band=None)
            problem = CircleProblem(problem.people, rules)
        result = form_circles(problem, seed=seed)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        groups = [(list(c.lead_ids), list(c.member_ids)) for c in result.circles]
    else:
        groups = _peers_groups(problem, method, seed)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # Figures under the real rules (bands, window, language) for every method alike.
    rules = CircleRules()
    circles = [make_circle(f"c{i}", ls, ms, by_id, rules) for i, (ls, ms) in enumerate(groups)]
    placed = {i for ls, ms in groups for i in (*ls, *ms)}
    unplaced = {p.id: "" for p in problem.people if p.id not in placed}
    q = quality_report(circles, unplaced, len(by_id))
    cells_over = sum(1 for c in circles for x in c.figures.band_counts if x > rules.band_cap)
    sizes_bad = sum(1 for c in circles if not rules.min_size <= c.figures.size <= rules.max_size)
    return {
        "n": n,
        "method": method,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "circles": q.circles,
        "placed_share": q.placed_share,
        "band_rule_met_share": q.band_rule_met_share,
        "bands_covered_share": q.bands_covered_share,
        "band_cells_over_cap": cells_over,
        "size_out_of_bounds": sizes_bad,
        "mean_theme_coherence": q.mean_theme_coherence,
        "mean_tz_spread_hours": q.mean_tz_spread_hours,
        "mean_orgs": q.mean_orgs,
        "violations": q.violations,
        "violations_by_kind": dict(q.violations_by_kind),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 people only")
    parser.add_argument("--sizes", help="comma-separated pool sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="OpenBLAS threads per run (default 1: the products are thin, threads contend)",
    )
    parser.add_argument("--one", nargs=2, metavar=("N", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1], args.seed)))
        return
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    env = {**os.environ, "OPENBLAS_NUM_THREADS": str(args.blas_threads)}
    env["OMP_NUM_THREADS"] = str(args.blas_threads)
    for n in sizes:
        for method in METHODS:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(n), method, "--seed", str(args.seed)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            row = json.loads(out.stdout)
            rows.append(row)
            print(
                f"{n:>7} {method:<20} {row['seconds']:>7.2f} s (cpu {row['cpu_seconds']:.2f}) "
                f"{row['peak_mb']:>6} MB  "
                f"bands met {row['band_rule_met_share']:.1%}  coherence "
                f"{row['mean_theme_coherence']:.3f}  size bad {row['size_out_of_bounds']}  "
                f"violations {row['violations']}",
                flush=True,
            )
    for row in rows:
        ours = next(r for r in rows if r["n"] == row["n"] and r["method"] == "belong")
        row["time_ratio_vs_belong"] = round(row["seconds"] / max(ours["seconds"], 1e-9), 3)
        row["band_rule_ratio_vs_belong"] = round(
            row["band_rule_met_share"] / max(ours["band_rule_met_share"], 1e-9), 4
        )
        row["coherence_ratio_vs_belong"] = round(
            row["mean_theme_coherence"] / max(ours["mean_theme_coherence"], 1e-9), 4
        )
    import ortools

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "circles",
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "numpy": np.__version__,
                    "ortools": ortools.__version__,
                    "load_average_at_end": os.getloadavg(),
                    "blas_threads": args.blas_threads,
                },
                "seed": args.seed,
                "rows": rows,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
