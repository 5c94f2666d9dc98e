"""Benchmark of the 1:1 matching engine against the peers a Python user would otherwise pick.

    .venv/bin/python benchmarks/matching.py            # 1k, 10k, 100k mentees (many minutes)
    .venv/bin/python benchmarks/matching.py --quick    # 1k only (smoke test, < 60 s)

Every measurement runs in its own process (peak memory = that process's max RSS, which includes
the in-memory problem). All methods see the same instance (`generate(n, 0.6 n, seed)`) and the
peers that work on a candidate graph get ours (k per mentee). Quality is measured against the
certified optimum over all pairs when the certificate ran, else our optimum on the graph.
Writes benchmarks/results/matching.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# This file is called matching.py: keep its folder off the path so `import matching` finds the
# `matching` package (a peer), and put the repository on it instead.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

SEED = 7
MENTOR_RATIO = 0.6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _problem(n: int) -> Any:
    from belong.matching import generate

    return generate(n, int(n * MENTOR_RATIO), seed=SEED)


def _load(path: str) -> dict[str, np.ndarray]:
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def _evaluate(
    g: dict[str, np.ndarray],
    ei: np.ndarray,
    mj: np.ndarray,
    score: np.ndarray,
    chosen: np.ndarray | None,
) -> dict[str, Any]:
    """Quality of an assignment; blocking pairs are counted on the candidate graph."""
    from belong.matching.stable import blocking_pairs, mentee_ranks, mentor_ranks_by_score

    n_e = int(g["n_mentees"])
    out: dict[str, Any] = {
        "total": float(score.sum()),
        "coverage": len(ei) / n_e,
        "p10": float(np.percentile(score, 10)) if len(score) else None,
    }
    if chosen is None:  # map pairs onto graph edges (pairs outside the graph have no edge)
        keys = g["ei"] * int(g["n_mentors"]) + g["mj"]
        order = np.argsort(keys)
        want = ei * int(g["n_mentors"]) + mj
        pos = np.minimum(np.searchsorted(keys[order], want), len(keys) - 1)
        hit = keys[order][pos] == want
        chosen = np.full(n_e, -1, dtype=np.int64)
        chosen[ei[hit]] = order[pos[hit]]
        # A mentee matched outside the graph is not "unmatched": give it a rank beyond its list.
        outside = ei[~hit]
    else:
        outside = np.zeros(0, dtype=np.int64)
    m_rank = mentor_ranks_by_score(g["ei"], g["mj"], g["score"])
    active = np.ones(n_e, dtype=bool)
    active[outside] = False
    out["blocking_pairs"] = blocking_pairs(
        g["ei"], g["mj"], mentee_ranks(g["ei"]), m_rank, chosen, g["capacity"], active
    )
    return out


# ----------------------------------------------------------------------------- workers


def worker_prepare(n: int, graph_path: str) -> dict[str, Any]:
    """Our end-to-end run (scoring + candidates + optimal), then the graph the peers share."""
    from belong.matching import solve
    from belong.matching.candidates import build_candidates
    from belong.matching.constraints import build_conflicts
    from belong.matching.features import encode
    from belong.matching.scoring import dense_factors

    problem = _problem(n)
    t = time.perf_counter()
    result = solve(problem, explain=False)
    seconds = time.perf_counter() - t
    peak = _peak_mb()
    f = encode(problem)
    a, b = dense_factors(f, problem.weights, problem.rules)
    g = build_candidates(problem, f, build_conflicts(problem, f), a, b)
    np.savez(
        graph_path,
        ei=g.ei,
        mj=g.mj,
        score=g.score,
        capacity=f.mentors.capacity,
        n_mentees=len(problem.mentees),
        n_mentors=len(problem.mentors),
    )
    q = result.quality
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "stages": result.run["seconds"],
        "edges": len(g),
        "total": q["total_score"],
        "coverage": q["share_matched"],
        "p10": q["p10_score"],
        "blocking_pairs": q["blocking_pairs"],
        "slots": int(f.mentors.capacity.sum()),
    }


def worker_certify(n: int) -> dict[str, Any]:
    from belong.matching import solve

    problem = _problem(n)
    t = time.perf_counter()
    result = solve(problem, certify=True, explain=False)
    seconds = time.perf_counter() - t
    cert = result.certificate or {}
    q = result.quality
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "total": q["total_score"],
        "coverage": q["share_matched"],
        "p10": q["p10_score"],
        "blocking_pairs": q["blocking_pairs"],
        "upper_bound": cert.get("upper_bound"),
        "gap": cert.get("gap"),
        "rounds": cert.get("rounds"),
    }


def worker_stable_e2e(n: int) -> dict[str, Any]:
    from belong.matching import solve

    problem = _problem(n)
    t = time.perf_counter()
    result = solve(problem, mode="stable", explain=False)
    seconds = time.perf_counter() - t
    q = result.quality
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "stages": result.run["seconds"],
        "total": q["total_score"],
        "coverage": q["share_matched"],
        "p10": q["p10_score"],
        "blocking_pairs": q["blocking_pairs"],
    }


def worker_on_graph(method: str, graph_path: str) -> dict[str, Any]:
    g = _load(graph_path)
    n_e, n_m = int(g["n_mentees"]), int(g["n_mentors"])
    ei, mj, score, cap = g["ei"], g["mj"], g["score"], g["capacity"]
    active = np.ones(n_e, dtype=bool)
    chosen: np.ndarray | None = None
    # Imports happen before the clock starts: only the algorithm is timed.
    import matching.games  # noqa: F401
    import networkx  # noqa: F401
    import scipy.sparse.csgraph  # noqa: F401

    from belong.matching.optimal import solve_optimal
    from belong.matching.stable import deferred_acceptance, mentor_ranks_by_score

    t = time.perf_counter()
    if method == "ours_flow":
        chosen = solve_optimal(ei, mj, score, cap, active, "score").chosen
    elif method == "ours_stable":
        ranks = mentor_ranks_by_score(ei, mj, score)
        chosen = deferred_acceptance(ei, mj, ranks, cap, active)
    elif method == "greedy":
        chosen = np.full(n_e, -1, dtype=np.int64)
        load = np.zeros(n_m, dtype=np.int64)
        for e in np.argsort(-score, kind="stable").tolist():
            i, j = int(ei[e]), int(mj[e])
            if chosen[i] < 0 and load[j] < cap[j]:
                chosen[i] = e
                load[j] += 1
    elif method == "matching_hr":
        chosen = _hospital_resident(g)
    elif method == "scipy_sparse":
        chosen = _scipy_sparse(g)
    elif method == "networkx":
        chosen = _networkx(g)
    else:
        raise ValueError(method)
    seconds = time.perf_counter() - t
    m = chosen >= 0
    out = _evaluate(g, np.flatnonzero(m), mj[chosen[m]], score[chosen[m]], chosen)
    out.update(seconds=seconds, peak_mb=_peak_mb())
    if method in ("ours_stable", "matching_hr"):
        out["pairs_hash"] = int(np.sum((np.flatnonzero(m) + 1) * (mj[chosen[m]] + 7) % 1000003))
    return out


def _hospital_resident(g: dict[str, np.ndarray]) -> np.ndarray:
    import threading

    from matching.games import HospitalResident

    from belong.matching.stable import mentor_ranks_by_score

    ei, mj, score, cap = g["ei"], g["mj"], g["score"], g["capacity"]
    residents: dict[str, list[str]] = {}
    for i, j in zip(ei.tolist(), mj.tolist(), strict=True):
        residents.setdefault(f"e{i}", []).append(f"m{j}")
    ranks = mentor_ranks_by_score(ei, mj, score)
    order = np.lexsort((ranks, mj))
    hospitals: dict[str, list[str]] = {f"m{j}": [] for j in range(len(cap))}
    for e in order.tolist():
        hospitals[f"m{mj[e]}"].append(f"e{ei[e]}")
    caps = {f"m{j}": int(c) for j, c in enumerate(cap)}
    box: dict[str, Any] = {}

    def run() -> None:
        game = HospitalResident.create_from_dictionaries(residents, hospitals, caps)
        box["solution"] = game.solve(optimal="resident")

    # The package deep-copies its cyclic player graph: it needs a deep stack.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    th = threading.Thread(target=run)
    th.start()
    th.join()
    edge = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(ei, mj, strict=True))}
    chosen = np.full(int(g["n_mentees"]), -1, dtype=np.int64)
    for h, rs in box["solution"].items():
        for r in rs:
            i, j = int(r.name[1:]), int(h.name[1:])
            chosen[i] = edge[(i, j)]
    return chosen


def _scipy_sparse(g: dict[str, np.ndarray]) -> np.ndarray:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    ei, mj, score, cap = g["ei"], g["mj"], g["score"], g["capacity"]
    n_e = int(g["n_mentees"])
    first_slot = np.r_[0, np.cumsum(cap)[:-1]]
    rep = cap[mj]
    rows = np.repeat(ei, rep)
    edge_of = np.repeat(np.arange(len(ei)), rep)
    cols = np.repeat(first_slot[mj], rep) + (
        np.arange(rep.sum()) - np.repeat(np.cumsum(rep) - rep, rep)
    )
    slots = int(cap.sum())
    # Costs must be non-zero: 2 - score for an edge, 2 for the mentee's own "unmatched" column.
    data = np.r_[2.0 - score[edge_of], np.full(n_e, 2.0)]
    m = sp.csr_matrix(
        (data, (np.r_[rows, np.arange(n_e)], np.r_[cols, slots + np.arange(n_e)])),
        shape=(n_e, slots + n_e),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(m)
    slot_owner = np.repeat(np.arange(len(cap)), cap)
    key = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(ei, mj, strict=True))}
    chosen = np.full(n_e, -1, dtype=np.int64)
    for r, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if c < slots:
            chosen[r] = key[(r, int(slot_owner[c]))]
    return chosen


def _networkx(g: dict[str, np.ndarray]) -> np.ndarray:
    import networkx as nx

    ei, mj, score, cap = g["ei"], g["mj"], g["score"], g["capacity"]
    graph = nx.Graph()
    for e, (i, j, s) in enumerate(zip(ei.tolist(), mj.tolist(), score.tolist(), strict=True)):
        for slot in range(int(cap[j])):
            graph.add_edge(("e", i), ("m", j, slot), weight=s, edge=e)
    chosen = np.full(int(g["n_mentees"]), -1, dtype=np.int64)
    for u, v in nx.max_weight_matching(graph):
        e = graph.edges[u, v]["edge"]
        chosen[int(ei[e])] = e
    return chosen


def worker_scipy_dense(n: int) -> dict[str, Any]:
    """linear_sum_assignment on the dense all-pairs, slot-expanded matrix."""
    from scipy.optimize import linear_sum_assignment

    from belong.matching.constraints import build_conflicts
    from belong.matching.features import encode
    from belong.matching.scoring import dense_factors, pair_blocks

    problem = _problem(n)
    f = encode(problem)
    a, b = dense_factors(f, problem.weights, problem.rules)
    conflicts = build_conflicts(problem, f)
    t = time.perf_counter()
    s = (a @ b.T).astype(np.float64)
    s[s < -1.0] = -1e6
    keys = conflicts.keys
    s[keys // len(b), keys % len(b)] = -1e6
    cap = f.mentors.capacity
    slot_owner = np.repeat(np.arange(len(cap)), cap)
    expanded = np.concatenate([s[:, slot_owner], np.zeros((len(a), len(a)))], axis=1)
    del s
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    seconds = time.perf_counter() - t
    real = (cols < len(slot_owner)) & (expanded[rows, np.minimum(cols, expanded.shape[1] - 1)] > -1)
    ei, mj = rows[real], slot_owner[cols[real]]
    exact = pair_blocks(f, problem.weights, problem.rules, ei, mj).sum(axis=1)
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "ei": ei.tolist(),
        "mj": mj.tolist(),
        "score": exact.tolist(),
    }


# ----------------------------------------------------------------------------- driver


def _spawn(args: list[str], timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", *args]
    t = time.perf_counter()
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        return {"skipped": f"timeout > {timeout:.0f} s"}
    if done.returncode != 0:
        return {"skipped": "failed: " + done.stderr.strip().splitlines()[-1][:200]}
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    out["process_seconds"] = time.perf_counter() - t
    return out


# Peers that would run past the time budget at a size are skipped up front, with the reason.
SKIP = {
    "networkx": (2_000, "pure-Python blossom, O(n^3): measured minutes at 1k"),
    "matching_hr": (20_000, "O(|R|·|H|) input checks: projected > 1 hour at 100k"),
    "scipy_dense": (20_000, "dense slot-expanded matrix ~90 GB at 100k (> RAM), O(n^3)"),
}


def run_size(n: int, quick: bool, timeout: float) -> dict[str, Any]:
    print(f"\n== {n:,} mentees x {int(n * MENTOR_RATIO):,} mentors", flush=True)
    res: dict[str, Any] = {"mentees": n, "mentors": int(n * MENTOR_RATIO), "methods": {}}
    methods = res["methods"]
    with tempfile.TemporaryDirectory() as tmp:
        graph = str(Path(tmp) / "graph.npz")
        prep = _spawn(["prepare", str(n), graph], timeout * 2)
        res["end_to_end_optimal"] = prep
        print(f"  end to end optimal: {prep.get('seconds', 0):.1f} s", flush=True)
        if "skipped" in prep:
            return res
        res["edges"], res["slots"] = prep["edges"], prep["slots"]
        res["end_to_end_certify"] = _spawn(["certify", str(n)], timeout * 2)
        print(
            f"  end to end certify: {res['end_to_end_certify'].get('seconds', 0):.1f} s", flush=True
        )
        res["end_to_end_stable"] = _spawn(["stable_e2e", str(n)], timeout)
        for method in (
            "ours_flow",
            "ours_stable",
            "greedy",
            "scipy_sparse",
            "matching_hr",
            "networkx",
        ):
            limit, why = SKIP.get(method, (10**9, ""))
            if n > limit or (quick and method == "networkx"):
                methods[method] = {"skipped": why if n > limit else "skipped in --quick"}
            else:
                methods[method] = _spawn([method, graph], timeout)
            print(
                f"  {method}: {methods[method].get('seconds', methods[method].get('skipped'))}",
                flush=True,
            )
        limit, why = SKIP["scipy_dense"]
        if n > limit:
            methods["scipy_dense"] = {"skipped": why}
        else:
            dense = _spawn(["scipy_dense", str(n)], timeout)
            if "skipped" not in dense:
                g = _load(graph)
                ev = _evaluate(
                    g,
                    np.array(dense.pop("ei"), dtype=np.int64),
                    np.array(dense.pop("mj"), dtype=np.int64),
                    np.array(dense.pop("score")),
                    None,
                )
                dense.update(ev)
            methods["scipy_dense"] = dense
            print(f"  scipy_dense: {dense.get('seconds', dense.get('skipped'))}", flush=True)
    cert = res["end_to_end_certify"]
    reference = cert.get("total") if cert.get("gap") is not None else None
    res["reference"] = {
        "total": reference or methods["ours_flow"].get("total"),
        "kind": "certified all-pairs optimum" if reference else "graph optimum",
    }
    ours = methods["ours_flow"].get("seconds")
    ours_stable = methods["ours_stable"].get("seconds")
    for name, m in methods.items():
        if "total" in m:
            m["share_of_optimum"] = m["total"] / res["reference"]["total"]
            base = ours_stable if name in ("matching_hr", "ours_stable") else ours
            m["time_ratio_vs_ours"] = m["seconds"] / base if base else None
    if "pairs_hash" in methods.get("matching_hr", {}):
        methods["matching_hr"]["identical_to_ours"] = (
            methods["matching_hr"]["pairs_hash"] == methods["ours_stable"]["pairs_hash"]
        )
    return res


def _table(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"\n{r['mentees']:,} mentees x {r['mentors']:,} mentors, "
            f"{r.get('edges', 0):,} candidate edges, reference: {r['reference']['kind']}"
        )
        lines.append(
            f"{'method':<22}{'seconds':>10}{'peak MB':>9}{'x ours':>9}{'share':>9}"
            f"{'coverage':>9}{'P10':>7}{'blocking':>10}"
        )
        rows = [
            ("ours end-to-end", r["end_to_end_optimal"]),
            ("ours e2e + certify", r["end_to_end_certify"]),
            ("ours e2e stable", r["end_to_end_stable"]),
            *r["methods"].items(),
        ]
        for name, m in rows:
            if "skipped" in m:
                lines.append(f"{name:<22}  skipped: {m['skipped']}")
                continue
            share = m.get("share_of_optimum", m.get("total", 0) / r["reference"]["total"])
            ratio = m.get("time_ratio_vs_ours")
            lines.append(
                f"{name:<22}{m['seconds']:>10.2f}{m['peak_mb']:>9.0f}"
                f"{(f'{ratio:.1f}' if ratio else '-'):>9}{share:>9.5f}{m['coverage']:>9.4f}"
                f"{(m['p10'] or 0):>7.3f}{m['blocking_pairs']:>10,}"
            )
        cert = r["end_to_end_certify"]
        if cert.get("gap") is not None:
            lines.append(f"certificate: gap {cert['gap']:.2e} after {len(cert['rounds'])} rounds")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1k only (smoke test)")
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per peer run")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, default=None)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "prepare":
            out = worker_prepare(int(rest[0]), rest[1])
        elif kind == "certify":
            out = worker_certify(int(rest[0]))
        elif kind == "stable_e2e":
            out = worker_stable_e2e(int(rest[0]))
        elif kind == "scipy_dense":
            out = worker_scipy_dense(int(rest[0]))
        else:
            out = worker_on_graph(kind, rest[0])
        print(json.dumps(out, default=float))
        return 0
    sizes = args.sizes or ([1_000] if args.quick else [1_000, 10_000, 100_000])
    # A smoke test must not overwrite the recorded full run.
    name = "matching-quick.json" if args.quick or args.sizes else "matching.json"
    args.output = args.output or ROOT / "benchmarks/results" / name
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    load_before = os.getloadavg()
    results = [run_size(n, args.quick, args.timeout) for n in sizes]
    report = {
        "started": started,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "seed": SEED,
        "results": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=1, default=float) + "\n")
    print(_table(results))
    print(
        f"\nload average before {load_before}, after {report['load_average_after']}; "
        f"written {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
