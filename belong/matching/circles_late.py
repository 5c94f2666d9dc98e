"""Late enrollees: place newcomers into circles with room without moving anyone."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np

from belong.matching.circles import Circle, CirclePerson, CircleRules, tz_spread
from belong.matching.circles_candidates import Encoded, encode
from belong.matching.circles_engine import reporting_partners, solve_flow


def place_newcomers(
    circles: Sequence[Circle],
    newcomers: Sequence[CirclePerson],
    everyone: Mapping[str, CirclePerson],
    rules: CircleRules,
) -> tuple[dict[str, str], dict[str, str]]:
    """Place newcomers into existing circles without moving anyone; {id: circle}, {id: reason}."""
    placed: dict[str, str] = {}
    waiting: dict[str, str] = {}
    if not newcomers:
        return placed, waiting
    if not circles:
        for p in newcomers:
            waiting[p.id] = "no circle has been formed yet; waits for the next round"
        return placed, waiting
    existing = [everyone[i] for c in circles for i in (*c.lead_ids, *c.member_ids)]
    people = existing + list(newcomers)
    enc = encode(people, rules)
    row_of = {p.id: i for i, p in enumerate(people)}
    n_circ, nb = len(circles), rules.n_bands
    new_rows = np.arange(len(existing), len(people), dtype=np.int64)
    # Circle profiles from the people already in them.
    centroid = np.zeros((n_circ, enc.vec.shape[1]), dtype=np.float32)
    lang_ok = np.ones((n_circ, enc.spoken.shape[1]), dtype=bool)
    start = np.zeros(n_circ)
    spread = np.zeros(n_circ)
    known_tz = np.zeros(n_circ, dtype=bool)
    size = np.zeros(n_circ, dtype=np.int64)
    n_leads = np.zeros(n_circ, dtype=np.int64)
    counts = np.zeros((n_circ, nb), dtype=np.int64)
    for c, circ in enumerate(circles):
        rows = [row_of[i] for i in (*circ.lead_ids, *circ.member_ids)]
        v = enc.vec[rows].sum(axis=0)
        norm = float(np.linalg.norm(v))
        centroid[c] = v / norm if norm > 0 else v
        with_lang = [r for r in rows if enc.has_lang[r]]
        if with_lang:
            lang_ok[c] = enc.spoken[with_lang].all(axis=0)
        offsets = sorted({float(o) % 24.0 for o in enc.tz[rows] if not math.isnan(o)})
        if offsets:
            known_tz[c] = True
            spread[c] = tz_spread(offsets)
            start[c] = _arc_start(offsets)
        members = [row_of[i] for i in circ.member_ids]
        size[c] = len(members)
        n_leads[c] = len(circ.lead_ids)
        for r in members:
            counts[c, enc.band[r]] += 1
    circle_of: dict[int, int] = {}
    for c, circ in enumerate(circles):
        for i in (*circ.lead_ids, *circ.member_ids):
            circle_of[row_of[i]] = c
    partners = reporting_partners(people, rules)
    is_lead = np.array([p.role == "lead" for p in newcomers])
    allowed = np.ones((len(newcomers), n_circ), dtype=bool)
    why = np.zeros(len(newcomers), dtype=np.int64)  # 1 tz, 2 language, 3 reporting line
    for j, r in enumerate(new_rows.tolist()):
        if rules.tz_window_hours is not None and not math.isnan(enc.tz[r]):
            rel = (enc.tz[r] - start) % 24.0
            grown = np.where(rel <= spread, spread, np.minimum(rel, spread + 24.0 - rel))
            allowed[j] &= ~known_tz | (grown <= np.maximum(rules.tz_window_hours, spread) + 1e-9)
            if not allowed[j].any():
                why[j] = 1
                continue
        if rules.shared_language and enc.has_lang[r]:
            allowed[j] &= ~lang_ok.any(axis=1) | (lang_ok & enc.spoken[r]).any(axis=1)
            if not allowed[j].any():
                why[j] = 2
                continue
        for q in partners.get(r, ()):
            if q in circle_of:
                allowed[j, circle_of[q]] = False
        if not allowed[j].any():
            why[j] = 3
    # Partners among the newcomers themselves are kept apart by placing them one at a
    # time against a conflict set; the flow does the bulk assignment first.
    aff = enc.vec[new_rows] @ centroid.T
    results: dict[int, int] = {}
    for kind in ("participant", "lead"):
        sel = np.flatnonzero(is_lead == (kind == "lead"))
        if len(sel) == 0:
            continue
        jj, cc = np.nonzero(allowed[sel])
        if kind == "lead":
            cap = np.maximum(rules.max_leads - n_leads, 0)[:, None]
            need = np.maximum(rules.min_leads - n_leads, 0)[:, None]
            band = np.zeros(len(people), dtype=np.int64)
            got = solve_flow(
                len(people),
                band,
                new_rows[sel][jj],
                cc,
                aff[sel][jj, cc].astype(np.float64),
                need,
                cap,
                need[:, 0],
                cap[:, 0],
            )
        else:
            bcap = np.maximum(rules.band_cap - counts, 0)
            bmin = np.maximum(rules.min_per_band - counts, 0)
            scap = np.maximum(rules.max_size - size, 0)
            smin = np.maximum(rules.min_size - size, 0)
            got = solve_flow(
                len(people),
                enc.band,
                new_rows[sel][jj],
                cc,
                aff[sel][jj, cc].astype(np.float64),
                bmin,
                bcap,
                smin,
                scap,
            )
        for j in sel.tolist():
            c = int(got[new_rows[j]])
            if c >= 0:
                results[j] = c
    # Keep newcomers who are in one reporting line out of the same circle.
    joined: dict[int, list[int]] = {}
    for j in sorted(results):
        c = results[j]
        r = int(new_rows[j])
        if any(q in joined.get(c, ()) for q in partners.get(r, ())):
            waiting[newcomers[j].id] = (
                "someone in your reporting line joins the only circle with room; "
                "waits for the next round"
            )
            continue
        group = [row_of[i] for i in (*circles[c].lead_ids, *circles[c].member_ids)]
        group += [*joined.get(c, []), r]
        if not _fits_together(enc, group, rules):
            waiting[newcomers[j].id] = (
                "another late enrollee took the last place that fits your time zone "
                "and language; waits for the next round"
            )
            continue
        joined.setdefault(c, []).append(r)
        placed[newcomers[j].id] = circles[c].id
    for j, p in enumerate(newcomers):
        if p.id in placed or p.id in waiting:
            continue
        if why[j] == 1:
            reason = (
                f"no circle stays within the {rules.tz_window_hours:g} h time-zone window with you"
            )
        elif why[j] == 2:
            reason = "no circle shares a language with you"
        elif why[j] == 3:
            reason = "the circles within reach include someone in your reporting line"
        elif p.role == "lead":
            reason = f"every circle within reach already has {rules.max_leads} leads"
        else:
            b = int(enc.band[row_of[p.id]])
            roomy = allowed[j] & (size < rules.max_size)
            if roomy.any():
                reason = (
                    f"circles with room already have {rules.band_cap} people with tenure "
                    f"{rules.band_label(b)}"
                )
            else:
                reason = "every circle within reach is full"
        waiting[p.id] = reason + "; waits for the next round"
    return placed, waiting


def _arc_start(offsets: list[float]) -> float:
    """Start of the smallest arc holding every offset (offsets sorted, in [0, 24))."""
    if len(offsets) == 1:
        return offsets[0]
    gaps = [(b - a, i + 1) for i, (a, b) in enumerate(itertools.pairwise(offsets))]
    gaps.append((offsets[0] + 24.0 - offsets[-1], 0))
    _, i = max(gaps)
    return offsets[i % len(offsets)]


def _fits_together(enc: Encoded, rows: list[int], rules: CircleRules) -> bool:
    """Time-zone window and shared language hold for the group (or were already broken)."""
    if rules.tz_window_hours is not None:
        before = tz_spread(float(o) for o in enc.tz[rows[:-1]] if not math.isnan(o))
        after = tz_spread(float(o) for o in enc.tz[rows] if not math.isnan(o))
        if after > max(rules.tz_window_hours, before) + 1e-9:
            return False
    if rules.shared_language:
        with_lang = [r for r in rows if enc.has_lang[r]]
        if with_lang and not enc.spoken[with_lang].all(axis=0).any():
            return False
    return True
