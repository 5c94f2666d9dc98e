"""The numerical core of circle formation: encoding, candidates, min-cost flow, repair.

Network (one unit of flow per participant)::

    participant --(affinity)--> (circle, tenure band) --(band quota)--> circle --(size)--> sink
         \\________________________ bypass (not placed) ______________________________/

Costs are integers. Placing someone earns ``PLACE``; the first ``min_per_band`` units
into a (circle, band) node earn ``BAND_REWARD``; the first ``min_size`` units into a
circle earn ``SIZE_REWARD``; each arc adds its affinity (x ``AFF_SCALE``). Upper bounds
(``max_per_band``, ``max_size``) are capacities. Lower bounds are therefore soft: the
flow is always feasible and a missed quota shows as a violation, never as a failure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from belong.matching.circles import CirclePerson, CircleRules
from belong.matching.circles_candidates import (
    K_PER_PERSON,
    R_PER_BAND,
    UNKNOWN_TZ,
    CircleSide,
    Encoded,
    F32Array,
    FloatArray,
    IntArray,
    candidate_arcs,
    circular_distance,
    encode,
)
from belong.matching.circles_repair import repair_conflicts, repair_quotas

AFF_SCALE = 1000
PLACE = 10**6
BAND_REWARD = 10**5
SIZE_REWARD = 2 * 10**4
ROUNDS = 2
ROUNDS_UP_TO = 30_000
LEAD_WEIGHT = 0.5
JITTER = 3e-4
JITTER_DIMS = 8


def solve_flow(
    n_people: int,
    band: IntArray,
    arc_p: IntArray,
    arc_c: IntArray,
    arc_aff: FloatArray,
    band_min: IntArray,
    band_cap: IntArray,
    size_min: IntArray,
    size_cap: IntArray,
) -> IntArray:
    """Min-cost flow; returns the circle of each person row (``-1``: not placed).

    ``band_min``/``band_cap`` are (circles x bands), ``size_min``/``size_cap`` per circle;
    people rows not on any arc simply stay unplaced.
    """
    assign = np.full(n_people, -1, dtype=np.int64)
    if len(arc_p) == 0:
        return assign
    # Only people on some arc get a node (a late-enrollee flow touches few of them).
    rows, arc_local = np.unique(arc_p, return_inverse=True)
    local = _solve_flow_compact(
        len(rows), band[rows], arc_local.reshape(-1), arc_c, arc_aff,
        band_min, band_cap, size_min, size_cap,
    )  # fmt: skip
    assign[rows] = local
    return assign


def _solve_flow_compact(
    n_people: int,
    band: IntArray,
    arc_p: IntArray,
    arc_c: IntArray,
    arc_aff: FloatArray,
    band_min: IntArray,
    band_cap: IntArray,
    size_min: IntArray,
    size_cap: IntArray,
) -> IntArray:
    n_circ, n_bands = band_cap.shape
    assign = np.full(n_people, -1, dtype=np.int64)
    cb0 = n_people
    c0 = cb0 + n_circ * n_bands
    sink = c0 + n_circ
    cb_nodes = np.arange(n_circ * n_bands, dtype=np.int64)
    cb_circle = c0 + cb_nodes // n_bands
    bmin = np.minimum(band_min, band_cap).ravel()
    bcap = band_cap.ravel()
    smin = np.minimum(size_min, size_cap)
    circles = np.arange(n_circ, dtype=np.int64)
    people = np.arange(n_people, dtype=np.int64)
    tails = np.concatenate(
        [arc_p, people, cb0 + cb_nodes, cb0 + cb_nodes, c0 + circles, c0 + circles]
    )
    heads = np.concatenate(
        [
            cb0 + arc_c * n_bands + band[arc_p],
            np.full(n_people, sink),
            cb_circle,
            cb_circle,
            np.full(n_circ, sink),
            np.full(n_circ, sink),
        ]
    )
    caps = np.concatenate(
        [np.ones(len(arc_p) + n_people, np.int64), bmin, bcap - bmin, smin, size_cap - smin]
    )
    aff = np.rint(arc_aff * AFF_SCALE).astype(np.int64)
    costs = np.concatenate(
        [
            -(PLACE + aff),
            np.zeros(n_people, np.int64),
            np.full(len(bmin), -BAND_REWARD, np.int64),
            np.zeros(len(bmin), np.int64),
            np.full(n_circ, -SIZE_REWARD, np.int64),
            np.zeros(n_circ, np.int64),
        ]
    )
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_people] = 1
    supplies[sink] = -n_people
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:  # pragma: no cover - the bypass arcs make it always feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = smcf.flows(np.arange(len(arc_p), dtype=np.int32))
    used = flows > 0
    assign[arc_p[used]] = arc_c[used]
    return assign


# --- formation ------------------------------------------------------------------------


def n_circles(n_participants: int, n_leads: int, rules: CircleRules) -> int:
    """Circles to open: sizes near the middle of the bounds, one seed lead each."""
    if n_participants == 0 or n_leads == 0:
        return 0
    target = (rules.min_size + rules.max_size) / 2.0
    k = max(round(n_participants / target), math.ceil(n_participants / rules.max_size))
    k = min(k, max(1, n_participants // rules.min_size))
    return max(1, min(k, n_leads // max(rules.min_leads, 1)))


def choose_seeds(
    enc: Encoded, lead_order: IntArray, parts: IntArray, k: int, rules: CircleRules
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pick ``k`` seed leads, each circle's working language and anchor, where the demand is.

    Greedy: each step takes the (lead time zone, language) that reaches the most
    participants not yet served, then marks one circle's worth of them served. Returns
    (seed rows, language index per circle, anchor UTC offset per circle). A lead who lists
    no language takes the language most wanted around them; a lead with no time zone
    anchors the circle where that language is most wanted (so the window still holds).
    """
    half = 12.0 if rules.tz_window_hours is None else rules.tz_window_hours / 2.0
    target = (rules.min_size + rules.max_size) / 2.0
    n_lang = enc.spoken.shape[1]
    ptz = np.where(np.isnan(enc.tz[parts]), UNKNOWN_TZ, np.round(enc.tz[parts], 4))
    zones, zinv = np.unique(ptz, return_inverse=True)
    # Demand per (zone, language); people without languages count for every language.
    speaks = enc.spoken[parts] | ~enc.has_lang[parts][:, None]
    rem = np.zeros((len(zones), n_lang))
    np.add.at(rem, zinv.reshape(-1), speaks.astype(np.float64))
    demand_all = rem.sum(axis=1)
    ltz = enc.tz[lead_order]
    lkeys = np.where(np.isnan(ltz), UNKNOWN_TZ, np.round(ltz, 4))
    queues: dict[tuple[float, bytes], list[int]] = {}
    for row, key in zip(lead_order.tolist(), lkeys.tolist(), strict=True):
        queues.setdefault((key, enc.spoken[row].tobytes()), []).append(row)
    qkeys = list(queues)
    cover = np.array(
        [
            (zones == UNKNOWN_TZ) | (z == UNKNOWN_TZ) | (circular_distance(z, zones) <= half + 1e-9)
            for z, _ in qkeys
        ],
        dtype=np.float64,
    ).reshape(len(qkeys), len(zones))
    # Languages each queue's leads can run a circle in (all, if they list none).
    can = np.array(
        [
            enc.spoken[queues[q][0]] if enc.has_lang[queues[q][0]] else np.ones(n_lang, bool)
            for q in qkeys
        ]
    ).reshape(len(qkeys), n_lang)
    avail = np.array([len(queues[q]) for q in qkeys], dtype=np.float64)
    seeds: list[int] = []
    langs: list[int] = []
    anchors: list[float] = []
    known = zones != UNKNOWN_TZ
    fallback = next((float(t) for t in ltz.tolist() if not math.isnan(t)), math.nan)
    for _ in range(min(k, len(lead_order))):
        gain = (cover @ rem) * can  # (queues x languages)
        gain[avail == 0] = -1.0
        flat = int(np.argmax(gain))
        qi, li = flat // gain.shape[1], flat % gain.shape[1]
        if gain[qi, li] <= 0:
            qi = int(np.argmax(avail))
            li = int(np.argmax(can[qi]))
        row = queues[qkeys[qi]].pop(0)
        seeds.append(row)
        langs.append(int(li))
        if not math.isnan(enc.tz[row]):
            anchors.append(float(enc.tz[row]))
        elif known.any():
            want = np.where(known, rem[:, li] + 1e-9 * demand_all, -1.0)
            anchors.append(float(zones[int(np.argmax(want))]))
        else:
            anchors.append(fallback)
        avail[qi] -= 1
        covered = rem[:, li] * cover[qi]
        total = covered.sum()
        if total > 0:
            rem[:, li] -= covered * min(1.0, target / total)
    return (
        np.asarray(seeds, dtype=np.int64),
        np.asarray(langs, dtype=np.int64),
        np.asarray(anchors, dtype=np.float64),
    )


def reporting_partners(people: Sequence[CirclePerson], rules: CircleRules) -> dict[int, set[int]]:
    """Row -> rows in the same reporting line (within ``reporting_depth``), both ways."""
    out: dict[int, set[int]] = {}
    if not rules.forbid_manager_report or rules.reporting_depth == 0:
        return out
    row = {p.id: i for i, p in enumerate(people)}
    for i, p in enumerate(people):
        for m in p.chain[: rules.reporting_depth]:
            j = row.get(m)
            if j is not None and j != i:
                out.setdefault(i, set()).add(j)
                out.setdefault(j, set()).add(i)
    return out


def _centroids(enc: Encoded, assign: IntArray, leads: list[list[int]], n_circ: int) -> F32Array:
    t = enc.vec.shape[1]
    cent = np.zeros((n_circ, t), dtype=np.float64)
    placed = np.flatnonzero(assign >= 0)
    np.add.at(cent, assign[placed], enc.vec[placed])
    counts = np.bincount(assign[placed], minlength=n_circ).astype(np.float64)
    cent /= np.maximum(counts, 1.0)[:, None]
    for c, ls in enumerate(leads):
        cent[c] += LEAD_WEIGHT * enc.vec[ls].mean(axis=0)
    norms = np.linalg.norm(cent, axis=1)
    return (cent / np.where(norms > 0, norms, 1.0)[:, None]).astype(np.float32)


def _orgshare(enc: Encoded, assign: IntArray, n_circ: int) -> F32Array:
    share = np.zeros((n_circ, max(enc.n_orgs, 1)), dtype=np.float32)
    placed = np.flatnonzero(assign >= 0)
    np.add.at(share, (assign[placed], enc.org[placed]), 1.0)
    out: F32Array = share / np.maximum(share.sum(axis=1), 1.0)[:, None]
    return out


def form_groups(
    pool: Sequence[CirclePerson], rules: CircleRules, *, seed: int = 0, rounds: int | None = None
) -> tuple[list[tuple[list[str], list[str]]], dict[str, str]]:
    """Form circles from a pool (locked circles already removed).

    Returns [(lead ids, participant ids)] and {person id: reason not placed}.
    """
    unplaced: dict[str, str] = {}
    if not pool:
        return [], unplaced
    enc = encode(pool, rules)
    is_lead = np.array([p.role == "lead" for p in pool])
    lead_rows = np.flatnonzero(is_lead)
    part_rows = np.flatnonzero(~is_lead)
    k = n_circles(len(part_rows), len(lead_rows), rules)
    if k == 0:
        why = (
            "no lead is free to start a new circle"
            if len(lead_rows) == 0
            else f"fewer leads enrolled than the {rules.min_leads} a circle needs"
        )
        for r in part_rows.tolist():
            unplaced[pool[r].id] = why
        for r in lead_rows.tolist():
            unplaced[pool[r].id] = "no participants are enrolled yet"
        return [], unplaced
    rng = np.random.default_rng(seed)
    lead_order = lead_rows[rng.permutation(len(lead_rows))]
    jitter = (
        (rng.standard_normal((len(pool), JITTER_DIMS)) * (JITTER / math.sqrt(JITTER_DIMS))).astype(
            np.float32
        ),
        _unit_rows(rng.standard_normal((k, JITTER_DIMS))) * math.sqrt(JITTER_DIMS),
    )
    seeds, langs, anchors = choose_seeds(enc, lead_order, part_rows, k, rules)
    side = CircleSide(
        centroid=enc.vec[seeds].copy(),
        anchor=anchors,
        lang=langs if rules.shared_language else np.full(k, -1, np.int64),
    )
    partners = reporting_partners(pool, rules)
    circle_leads: list[list[int]] = [[int(s)] for s in seeds]
    seed_set = set(seeds.tolist())
    rest = np.array([r for r in lead_order.tolist() if r not in seed_set], dtype=np.int64)
    if len(rest) and rules.max_leads > 1:
        forb = _forbidden_by_leads(circle_leads, partners)
        ap, ac, av = candidate_arcs(enc, rest, side, rules, forb, r=2, jitter=jitter)
        extra = rules.max_leads - 1
        need = max(rules.min_leads - 1, 0)
        ones = np.zeros(len(pool), dtype=np.int64)
        got = solve_flow(
            len(pool),
            ones,
            ap,
            ac,
            av,
            np.full((k, 1), need, np.int64),
            np.full((k, 1), extra, np.int64),
            np.full(k, need, np.int64),
            np.full(k, extra, np.int64),
        )
        for r in rest.tolist():
            if got[r] >= 0:
                circle_leads[int(got[r])].append(r)
    leading = {r for ls in circle_leads for r in ls}
    for r in rest.tolist():
        if r not in leading:
            unplaced[pool[r].id] = (
                f"enough leads for the {k} circles this round; available to lead the next one"
            )
    forb = _forbidden_by_leads(circle_leads, partners)
    if rules.org_mix:
        lead_assign = np.full(len(pool), -1, dtype=np.int64)
        for c, ls in enumerate(circle_leads):
            lead_assign[ls] = c
        side.orgshare = _orgshare(enc, lead_assign, k)
    nb = rules.n_bands
    band_min = np.full((k, nb), rules.min_per_band, np.int64)
    band_cap = np.full((k, nb), rules.band_cap, np.int64)
    size_min = np.full(k, rules.min_size, np.int64)
    size_cap = np.full(k, rules.max_size, np.int64)
    assign = np.full(len(pool), -1, dtype=np.int64)
    ap = ac = np.zeros(0, dtype=np.int64)
    if rounds is None:
        rounds = ROUNDS if len(part_rows) <= ROUNDS_UP_TO else 1
    for rnd in range(max(1, rounds)):
        ap, ac, av = candidate_arcs(enc, part_rows, side, rules, forb, jitter=jitter)
        assign = solve_flow(len(pool), enc.band, ap, ac, av, band_min, band_cap, size_min, size_cap)
        if rnd + 1 < rounds:
            side.centroid = _centroids(enc, assign, circle_leads, k)
            if rules.org_mix:
                side.orgshare = _orgshare(enc, assign, k)
    ap, ac = fill_leftovers(enc, assign, part_rows, side, rules, forb, ap, ac, jitter)
    removed = repair_conflicts(
        enc, assign, part_rows, circle_leads, partners, ap, ac, side, rules, forb
    )
    unplaced.update(removed)
    repair_quotas(enc, assign, part_rows, circle_leads, partners, side, rules, forb)
    for r in part_rows.tolist():
        pid = pool[r].id
        if assign[r] < 0 and pid not in unplaced:
            unplaced[pid] = _why_unplaced(enc, r, side, rules, forb.get(r, set()), assign)
    members: list[list[int]] = [[] for _ in range(k)]
    for r in part_rows.tolist():
        if assign[r] >= 0:
            members[int(assign[r])].append(r)
    order = sorted(
        range(k), key=lambda c: (_tz_key(float(side.anchor[c])), pool[circle_leads[c][0]].id)
    )
    groups = [
        ([pool[r].id for r in circle_leads[c]], [pool[r].id for r in members[c]]) for c in order
    ]
    return groups, unplaced


def fill_leftovers(
    enc: Encoded,
    assign: IntArray,
    part_rows: IntArray,
    side: CircleSide,
    rules: CircleRules,
    forb: Mapping[int, set[int]],
    arc_p: IntArray,
    arc_c: IntArray,
    jitter: tuple[F32Array, F32Array],
) -> tuple[IntArray, IntArray]:
    """Place people whose candidate circles all filled up into circles that still have room.

    A second, small flow over the leftovers only, against each circle's remaining room
    (people already placed stay). Returns the arc lists extended with the new arcs.
    """
    left = part_rows[assign[part_rows] < 0]
    if len(left) == 0:
        return arc_p, arc_c
    n_circ, nb = len(side.anchor), rules.n_bands
    placed = part_rows[assign[part_rows] >= 0]
    counts = np.zeros((n_circ, nb), dtype=np.int64)
    np.add.at(counts, (assign[placed], enc.band[placed]), 1)
    size = counts.sum(axis=1)
    room = size < rules.max_size
    if not room.any():
        return arc_p, arc_c
    lp, lc, lv = candidate_arcs(
        enc,
        left,
        side,
        rules,
        forb,
        k=4 * K_PER_PERSON,
        r=R_PER_BAND,
        jitter=jitter,
        open_circles=room,
    )
    got = solve_flow(
        len(assign), enc.band, lp, lc, lv,
        np.maximum(rules.min_per_band - counts, 0), np.maximum(rules.band_cap - counts, 0),
        np.maximum(rules.min_size - size, 0), np.maximum(rules.max_size - size, 0),
    )  # fmt: skip
    assign[left] = got[left]
    keys = np.unique(np.concatenate([arc_p * n_circ + arc_c, lp * n_circ + lc]))
    return keys // n_circ, keys % n_circ


def _unit_rows(x: FloatArray) -> F32Array:
    """Rows scaled to length 1, so no circle's tie-break is favoured by everyone."""
    norms = np.linalg.norm(x, axis=1)
    return (x / np.where(norms > 0, norms, 1.0)[:, None]).astype(np.float32)


def _tz_key(x: float) -> float:
    return UNKNOWN_TZ if math.isnan(x) else x


def _forbidden_by_leads(
    circle_leads: list[list[int]], partners: Mapping[int, set[int]]
) -> dict[int, set[int]]:
    forb: dict[int, set[int]] = {}
    for c, ls in enumerate(circle_leads):
        for lead in ls:
            for q in partners.get(lead, ()):
                forb.setdefault(q, set()).add(c)
    return forb


def _why_unplaced(
    enc: Encoded, row: int, side: CircleSide, rules: CircleRules, forb: set[int], assign: IntArray
) -> str:
    n_circ = len(side.anchor)
    ok = np.ones(n_circ, dtype=bool)
    if rules.tz_window_hours is not None and not math.isnan(enc.tz[row]):
        d = circular_distance(enc.tz[row], side.anchor)
        ok &= np.isnan(d) | (d <= rules.tz_window_hours / 2 + 1e-9)
        if not ok.any():
            return (
                f"no circle's lead is within {rules.tz_window_hours / 2:g} h of your time zone; "
                "waits for a lead nearby"
            )
    if rules.shared_language and enc.has_lang[row]:
        lang = side.lang
        ok &= (lang < 0) | enc.spoken[row, np.maximum(lang, 0)]
        if not ok.any():
            return "no circle within your time-zone window works in a language you speak"
    if forb:
        ok[list(forb)] = False
        if not ok.any():
            return "the only circles within reach are led by someone in your reporting line"
    reach = np.flatnonzero(ok)
    b = int(enc.band[row])
    placed = np.flatnonzero(assign >= 0)
    size = np.bincount(assign[placed], minlength=n_circ)[reach]
    band = np.bincount(assign[placed][enc.band[placed] == b], minlength=n_circ)[reach]
    if (size < rules.max_size).any() and not (
        (size < rules.max_size) & (band < rules.band_cap)
    ).any():
        return (
            f"the {len(reach)} circles within reach already have {rules.band_cap} people with "
            f"tenure {rules.band_label(b)}; waits for the next round"
        )
    return f"the {len(reach)} circles within reach are full; waits for the next round"
