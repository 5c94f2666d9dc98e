"""Encoding people for circle formation, and the sparse candidate arcs between them.

Each participant becomes a row of numbers (theme vector, time-zone offset, org, tenure
band); candidate arcs join a person only to the circles worth considering, so the flow
network stays linear in the number of people rather than quadratic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from belong.matching.circles import CirclePerson, CircleRules

FloatArray = npt.NDArray[np.float64]
F32Array = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

W_THEME = 1.0
W_TZ = 0.2
W_ORG = 0.3
K_PER_PERSON = 16
R_PER_BAND = 8
CHUNK_CELLS = 8_000_000
UNKNOWN_TZ = 1e9


@dataclass
class Encoded:
    """People as arrays: rows follow the order of ``people``."""

    people: Sequence[CirclePerson]
    band: IntArray
    vec: F32Array
    tz: FloatArray
    spoken: BoolArray
    has_lang: BoolArray
    first_lang: IntArray
    org: IntArray
    n_orgs: int


@dataclass
class CircleSide:
    """What a participant is scored against: one row per circle."""

    centroid: F32Array
    anchor: FloatArray
    lang: IntArray
    orgshare: F32Array | None = None


def encode(people: Sequence[CirclePerson], rules: CircleRules) -> Encoded:
    """Theme vectors weighted by rarity (idf), unit length; time zones; languages; orgs."""
    n = len(people)
    vocab = sorted({t for p in people for t in p.themes})
    tindex = {t: i for i, t in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for r, p in enumerate(people):
        for t in set(p.themes):
            rows.append(r)
            cols.append(tindex[t])
    vec = np.zeros((n, max(len(vocab), 1)), dtype=np.float32)
    if rows:
        r_arr = np.asarray(rows)
        c_arr = np.asarray(cols)
        df = np.bincount(c_arr, minlength=len(vocab)).astype(np.float64)
        idf = 1.0 + np.log(n / df)
        vec[r_arr, c_arr] = idf[c_arr]
        norms = np.linalg.norm(vec, axis=1)
        vec /= np.where(norms > 0, norms, 1.0)[:, None]
    langs = sorted({lang for p in people for lang in p.languages})
    lindex = {lang: i for i, lang in enumerate(langs)}
    spoken = np.zeros((n, max(len(langs), 1)), dtype=bool)
    first = np.full(n, -1, dtype=np.int64)
    for r, p in enumerate(people):
        for lang in p.languages:
            spoken[r, lindex[lang]] = True
        if p.languages:
            first[r] = lindex[p.languages[0]]
    orgs = [p.org_unit(rules.org_level) for p in people]
    oindex = {o: i for i, o in enumerate(sorted(set(orgs)))}
    tz = np.array([np.nan if (o := p.utc_offset) is None else o for p in people], dtype=np.float64)
    return Encoded(
        people=people,
        band=np.array([rules.band_of(p.tenure_months) for p in people], dtype=np.int64),
        vec=vec,
        tz=tz,
        spoken=spoken,
        has_lang=np.asarray(spoken.any(axis=1), dtype=bool),
        first_lang=first,
        org=np.array([oindex[o] for o in orgs], dtype=np.int64),
        n_orgs=len(oindex),
    )


def circular_distance(a: float | FloatArray, b: FloatArray) -> FloatArray:
    d = np.abs(np.asarray(a, dtype=np.float64) - b) % 24.0
    return np.minimum(d, 24.0 - d)


def _groups(
    enc: Encoded,
    rows: IntArray,
    side: CircleSide,
    rules: CircleRules,
    open_circles: BoolArray | None,
) -> list[tuple[IntArray, IntArray, F32Array]]:
    """Split rows by (time zone, languages): each group shares its allowed circles.

    Returns [(rows, allowed circles, time-zone term per allowed circle)].
    """
    n_circ = len(side.anchor)
    half = None if rules.tz_window_hours is None else rules.tz_window_hours / 2.0
    scale = 12.0 if half is None else max(half, 1e-9)
    tz_rows = enc.tz[rows]
    tz_key = np.where(np.isnan(tz_rows), UNKNOWN_TZ, np.round(tz_rows, 4))
    need_lang = rules.shared_language and bool((side.lang >= 0).any())
    if need_lang:
        _, lang_key = np.unique(enc.spoken[rows], axis=0, return_inverse=True)
    else:
        lang_key = np.zeros(len(rows), dtype=np.int64)
    keys = np.stack([tz_key, lang_key.reshape(-1).astype(np.float64)], axis=1)
    uniq, inv = np.unique(keys, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    out = []
    for g in range(len(uniq)):
        group = rows[inv == g]
        first = int(group[0])
        ok = np.ones(n_circ, dtype=bool) if open_circles is None else open_circles.copy()
        if uniq[g, 0] == UNKNOWN_TZ:
            tzterm = np.full(n_circ, W_TZ / 2)
        else:
            d = circular_distance(uniq[g, 0], side.anchor)
            if half is not None:
                ok &= np.isnan(d) | (d <= half + 1e-9)
            tzterm = np.where(np.isnan(d), W_TZ / 2, W_TZ * (1.0 - np.minimum(d / scale, 1.0)))
        if need_lang and enc.has_lang[first]:
            ok &= (side.lang < 0) | enc.spoken[first, np.maximum(side.lang, 0)]
        cols = np.flatnonzero(ok)
        if len(cols):
            out.append((group, cols, tzterm[cols].astype(np.float32)))
    return out


def top_per_row(s: F32Array, k: int) -> tuple[IntArray, IntArray]:
    """(row, column) of the ``k`` largest finite entries of each row of ``s``.

    Exact. A threshold from a column sample keeps about ``2k`` entries per row in one
    cheap comparison pass; only those are sorted. Rows where the threshold keeps fewer
    than ``k`` fall back to a full partition. Several times faster than ``argpartition``
    over thousands of columns.
    """
    _n_rows, n_cols = s.shape
    if n_cols <= k:
        r, c = np.nonzero(np.isfinite(s))
        return r.astype(np.int64), c.astype(np.int64)
    sub = s[:, :: max(1, n_cols // (32 * k))]
    m = sub.shape[1]
    q = min(m, max(1, math.ceil(2 * k * m / n_cols)))
    thr = np.partition(sub, m - q, axis=1)[:, m - q]
    keep = s >= thr[:, None]
    short = np.flatnonzero(np.count_nonzero(keep, axis=1) < k)
    if len(short):
        keep[short] = False
        part = np.argpartition(s[short], n_cols - k, axis=1)[:, n_cols - k :]
        keep[short[:, None], part] = True
    r, c = np.nonzero(keep)
    vals = s[r, c]
    fin = np.isfinite(vals)
    r, c, vals = r[fin], c[fin], vals[fin]
    order = np.lexsort((c, -vals, r))
    r, c = r[order], c[order]
    first = np.searchsorted(r, r, side="left")
    top = (np.arange(len(r)) - first) < k
    return r[top].astype(np.int64), c[top].astype(np.int64)


def candidate_arcs(
    enc: Encoded,
    rows: IntArray,
    side: CircleSide,
    rules: CircleRules,
    forbidden: Mapping[int, set[int]],
    *,
    k: int = K_PER_PERSON,
    r: int = R_PER_BAND,
    jitter: tuple[F32Array, F32Array] | None = None,
    open_circles: BoolArray | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Each person's ``k`` best allowed circles plus each (circle, band)'s ``r`` best people.

    Allowed means: within half the time-zone window of the circle's anchor (so any two
    members are within the window), speaking the circle's language, no reporting line
    to a lead, and (if given) an open circle. ``jitter`` is a pair of random blocks (one
    row per person, one per circle) whose inner product, below 0.001, breaks ties so
    that people and circles with equal scores spread their candidate lists instead of
    all naming the same few. Returns (person, circle, affinity) sorted by person, circle.
    """
    n_circ = len(side.anchor)
    pvec, cvec = enc.vec, side.centroid
    if jitter is not None:
        pvec = np.hstack([pvec, jitter[0]])
        cvec = np.hstack([cvec, jitter[1]])
    fwd: list[tuple[IntArray, IntArray, F32Array]] = []
    rev: list[tuple[IntArray, IntArray, F32Array]] = []

    def scores(
        rr: IntArray, cols: IntArray, cent: F32Array, tzterm: F32Array, by_circle: bool = False
    ) -> F32Array:
        """Affinity of people ``rr`` (rows) to circles ``cols``; transposed if by_circle."""
        if by_circle:
            s = cent @ pvec[rr].T
            s += tzterm[:, None]
            if side.orgshare is not None:
                s -= W_ORG * side.orgshare[cols][:, enc.org[rr]]
        else:
            s = pvec[rr] @ cent.T
            s += tzterm[None, :]
            if side.orgshare is not None:
                s -= W_ORG * side.orgshare[cols][:, enc.org[rr]].T
        if forbidden:
            pos = None
            for i, p in enumerate(rr.tolist()):
                f = forbidden.get(p)
                if f:
                    if pos is None:
                        pos = np.full(n_circ, -1, dtype=np.int64)
                        pos[cols] = np.arange(len(cols))
                    j = pos[list(f)]
                    j = j[j >= 0]
                    if by_circle:
                        s[j, i] = -np.inf
                    else:
                        s[i, j] = -np.inf
        return s

    for group, cols, tzterm in _groups(enc, rows, side, rules, open_circles):
        cent = np.ascontiguousarray(cvec[cols])
        step = max(1, CHUNK_CELLS // len(cols))
        kk = k
        for start in range(0, len(group), step):
            rr = group[start : start + step]
            s = scores(rr, cols, cent, tzterm)
            i, j = top_per_row(s, kk)
            fwd.append((rr[i], cols[j], s[i, j]))
        if r <= 0:
            continue
        bands = enc.band[group]
        for b in np.unique(bands).tolist():
            rb = group[bands == b]
            # Transposed, so the per-circle selection runs along contiguous rows.
            cstep = max(1, CHUNK_CELLS // len(rb))
            for cstart in range(0, len(cols), cstep):
                sub = slice(cstart, cstart + cstep)
                st = scores(rb, cols[sub], cent[sub], tzterm[sub], by_circle=True)
                j, i = top_per_row(st, r)
                rev.append((rb[i], cols[sub][j], st[j, i]))
    parts_p = [a for a, _, _ in fwd]
    parts_c = [b for _, b, _ in fwd]
    parts_s = [c for _, _, c in fwd]
    if rev:
        rp = np.concatenate([a for a, _, _ in rev])
        rc = np.concatenate([b for _, b, _ in rev])
        rs = np.concatenate([c for _, _, c in rev])
        group_key = rc * (int(enc.band.max()) + 1) + enc.band[rp]
        order = np.lexsort((rp, -rs, group_key))
        gk = group_key[order]
        first = np.searchsorted(gk, gk, side="left")
        keep = order[(np.arange(len(order)) - first) < r]
        parts_p.append(rp[keep])
        parts_c.append(rc[keep])
        parts_s.append(rs[keep])
    if not parts_p:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    ap = np.concatenate(parts_p).astype(np.int64)
    ac = np.concatenate(parts_c).astype(np.int64)
    av = np.concatenate(parts_s).astype(np.float64)
    _, uidx = np.unique(ap * n_circ + ac, return_index=True)
    return ap[uidx], ac[uidx], av[uidx]
