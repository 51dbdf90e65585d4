"""The book's cases: the data's bases, destinations, sites and interceptor speeds put
through the model, flight by flight.

A *flight* is a minimum-energy trajectory from a Russian strategic missile base to a
destination in the United States (``endpoints.csv``); a *deployment* is an interceptor at a
site under a plan (``deployments.csv``, the sites' coordinates from ``sites.csv``); its
speed is the low or the high end of the estimates in ``interceptors.csv``. What the model
assumes beyond the data (the missile's boost, the delay before the interceptor leaves, its
average speed) is an :class:`Assumptions`, and every result says which it used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import pandas as pd

from companion.evidence import Evidence, load
from companion.markdown import from_data
from companion.physics.geometry import chord_km, to_cartesian
from companion.physics.reach import engagement, missile_track
from companion.vocabulary import labels


@dataclass(frozen=True)
class Assumptions:
    """What the model takes as given. ``boost_time_s`` and ``burnout_altitude_km`` place
    the missile's burnout; ``delay_s`` is the time from the missile's launch to the
    interceptor's (detection, tracking, decision); the interceptor then boosts for
    ``interceptor_boost_s`` (taken to cover no ground) and coasts on the fastest Kepler
    ellipse (``flyout="coast"``), or flies straight at ``speed_fraction`` of its burnout
    speed (``flyout="straight"``, the cruder model); only points above
    ``min_altitude_km`` count (the SM-3 and the GBI intercept outside the atmosphere)."""

    boost_time_s: float = 180.0
    burnout_altitude_km: float = 200.0
    delay_s: float = 300.0
    flyout: str = "coast"
    interceptor_boost_s: float = 0.0
    speed_fraction: float = 0.8
    min_altitude_km: float = 100.0

    def describe(self) -> str:
        """The assumptions as a reader says them."""
        if self.flyout == "coast":
            how = ("coasts from burnout at the site on the fastest Kepler ellipse"
                   + (f" after a {self.interceptor_boost_s:g} s boost"
                      if self.interceptor_boost_s else ""))
        else:
            how = (f"flies straight at {self.speed_fraction:.0%} of its burnout speed on "
                   "average")
        return (f"missile boosts {self.boost_time_s:g} s to burnout at "
                f"{self.burnout_altitude_km:g} km; interceptor leaves {self.delay_s:g} s "
                f"after the missile's launch and {how}; intercepts above "
                f"{self.min_altitude_km:g} km only")


#: The book's chosen case. A 180 s boost is that of a solid-fuel ICBM (a liquid one burns
#: about a minute longer); a delay of 300 s leaves two minutes after the missile's burnout
#: to detect, track and decide, generous to the interceptor; an instant burnout at the
#: site is generous too. The sensitivity table varies the delay and the fly-out.
BOOK_CASE = Assumptions()
#: The fly-outs the sensitivity table compares, with their headings.
FLYOUT_CASES = {"coast, burnout at the site": {"flyout": "coast", "interceptor_boost_s": 0.0},
                "coast after a 60 s boost": {"flyout": "coast", "interceptor_boost_s": 60.0},
                "straight line at 80% (cruder)": {"flyout": "straight",
                                                  "speed_fraction": 0.8}}


def speed_range(interceptor: str, evidence: Evidence | None = None,
                figure_kind: str | None = None) -> tuple[float, float]:
    """The lowest and highest burnout speed (km/s) the sources give for an interceptor
    (of one kind of figure, 'official' or 'independent', if asked)."""
    rows = (evidence or load()).interceptors
    rows = rows[rows.interceptor == interceptor]
    if figure_kind is not None:
        rows = rows[rows.figure_kind == figure_kind]
    if rows.empty:
        kind = f" {figure_kind}" if figure_kind else ""
        raise ValueError(f"no{kind} speed estimate for {interceptor!r} in "
                         "data/interceptors.csv")
    return float(rows.speed_low_kms.min()), float(rows.speed_high_kms.max())


@from_data("interceptors")
def speed_table(evidence: Evidence | None = None) -> pd.DataFrame:
    """Every estimate, interceptor by interceptor, with whose figure it is."""
    ev = evidence or load()
    names = labels("interceptors", "interceptor")
    kinds = labels("interceptors", "figure_kind")
    order = {code: i for i, code in enumerate(names)}
    rows = ev.interceptors.sort_values(["interceptor", "speed_low_kms"],
                                       key=lambda c: c.map(order) if c.name == "interceptor"
                                       else c)
    return pd.DataFrame({
        "Interceptor": rows.interceptor.map(names),
        "Burnout speed (km/s)": [_speeds(lo, hi) for lo, hi in
                                 zip(rows.speed_low_kms, rows.speed_high_kms, strict=True)],
        "Whose figure": rows.figure_kind.map(kinds), "Who": rows.who,
        "In their words": rows.words, "Sources": rows.sources,
    }).reset_index(drop=True)


def _speeds(low: float, high: float) -> str:
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def flights(evidence: Evidence | None = None) -> list[tuple[str, str]]:
    """Every (base, destination) pair: each Russian base to each US destination."""
    points = (evidence or load()).endpoints
    bases = points[points.role == "icbm_base"].endpoint_id
    destinations = points[points.role == "us_destination"].endpoint_id
    return [(b, d) for b in bases for d in destinations]


def deployments(plan: str, evidence: Evidence | None = None) -> pd.DataFrame:
    """The interceptors a plan puts at its sites, with the sites' names and coordinates."""
    ev = evidence or load()
    known = labels("deployments", "plan")
    if plan not in known:
        raise ValueError(f"plan must be one of {list(known)}, not {plan!r}")
    rows = ev.deployments[ev.deployments.plan == plan]
    sites = ev.sites.set_index("site_id")[["name", "latitude", "longitude"]]
    return rows.join(sites, on="site_id").reset_index(drop=True)


@functools.lru_cache(maxsize=512)
def _track(launch: tuple, target: tuple, boost_time_s: float, burnout_altitude_km: float):
    return missile_track(launch, target, boost_time_s=boost_time_s,
                         burnout_altitude_km=burnout_altitude_km, n=240)


def engage(base, destination, site, speed_kms: float, assume: Assumptions = BOOK_CASE):
    """The :class:`~companion.physics.reach.Engagement` of one flight ((lat, lon) of the
    base and the destination) by an interceptor of ``speed_kms`` from ``site`` (lat, lon)."""
    track = _track(tuple(map(float, base)), tuple(map(float, destination)),
                   float(assume.boost_time_s), float(assume.burnout_altitude_km))
    return engagement(track, site, assume.delay_s, speed_kms, assume.speed_fraction,
                      assume.min_altitude_km, assume.flyout, assume.interceptor_boost_s)


def _where(evidence: Evidence) -> dict[str, tuple[float, float]]:
    points = evidence.endpoints
    return {p.endpoint_id: (p.latitude, p.longitude) for p in points.itertuples()}


def flight_results(site_latlon, speed_kms: float, assume: Assumptions = BOOK_CASE,
                   evidence: Evidence | None = None) -> pd.DataFrame:
    """One row per flight: whether any point above the minimum altitude is reachable from
    the site at that speed, the share of the flight's high part that is, and the best
    margin (s; negative: the interceptor is that much too late at best)."""
    ev = evidence or load()
    where = _where(ev)
    rows = []
    for base, destination in flights(ev):
        hit = engage(where[base], where[destination], site_latlon, speed_kms, assume)
        rows.append({"base": base, "destination": destination,
                     "reachable": hit.first_time_s is not None,
                     "reachable_fraction": hit.reachable_fraction,
                     "best_margin_s": hit.best_margin_s})
    return pd.DataFrame(rows)


def share_reachable(site_latlon, speed_kms: float, assume: Assumptions = BOOK_CASE,
                    evidence: Evidence | None = None) -> float:
    """The share of flights of which some part is reachable from the site at that speed."""
    return float(flight_results(site_latlon, speed_kms, assume, evidence).reachable.mean())


def speed_needed(base, destination, site, assume: Assumptions = BOOK_CASE,
                 low: float = 1.0, high: float = 11.0, tolerance: float = 0.01) -> float | None:
    """The lowest burnout speed (km/s, to ``tolerance``) at which some part of one flight
    ((lat, lon) of base and destination) is reachable from ``site``; None if not even
    ``high`` reaches it. Reach never shrinks as the speed grows, so bisection finds it."""
    def reaches(speed):
        return engage(base, destination, site, speed, assume).first_time_s is not None

    if not reaches(high):
        return None
    if reaches(low):
        return low
    while high - low > tolerance:
        middle = (low + high) / 2
        low, high = (low, middle) if reaches(middle) else (middle, high)
    return high


def speeds_needed(site_latlon, assume: Assumptions = BOOK_CASE,
                  evidence: Evidence | None = None) -> pd.Series:
    """The speed each flight needs from a site, indexed by (base, destination)."""
    ev = evidence or load()
    where = _where(ev)
    needed = {(b, d): speed_needed(where[b], where[d], site_latlon, assume)
              for b, d in flights(ev)}
    return pd.Series(needed, dtype=float)


def threshold_table(site_ids=("deveselu", "redzikowo"), assume: Assumptions = BOOK_CASE,
                    evidence: Evidence | None = None) -> pd.DataFrame:
    """For each site: the burnout speed at which the first flight, half the flights and
    every flight become partly reachable."""
    ev = evidence or load()
    sites = ev.sites.set_index("site_id")
    rows = []
    for site_id in site_ids:
        site = sites.loc[site_id]
        needed = speeds_needed((site.latitude, site.longitude), assume, ev).sort_values()
        rows.append({"Site": site["name"], "First flight (km/s)": _kms(needed.iloc[0]),
                     "Half the flights (km/s)": _kms(needed.quantile(0.5,
                                                                     interpolation="higher")),
                     "Every flight (km/s)": _kms(needed.iloc[-1])})
    return pd.DataFrame(rows)


def _kms(value) -> str:
    return "beyond 11" if pd.isna(value) else f"{value:.1f}"


def deployment_table(plan: str, assume: Assumptions = BOOK_CASE,
                     evidence: Evidence | None = None) -> pd.DataFrame:
    """Each deployment of a plan: the interceptor, the speed the first flight would need
    from that site, and, for each speed estimate the sources give, how many flights it
    reaches some part of ('none published' where there is no estimate)."""
    ev = evidence or load()
    names = labels("interceptors", "interceptor")
    total = len(flights(ev))
    out = []
    for d in deployments(plan, ev).itertuples():
        site = (d.latitude, d.longitude)
        first = speeds_needed(site, assume, ev).min()
        estimates = ev.interceptors[ev.interceptors.interceptor == d.interceptor]
        estimates = estimates.sort_values(["speed_low_kms", "speed_high_kms"])
        reached = []
        for e in estimates.itertuples():
            counts = sorted({int(flight_results(site, v, assume, ev).reachable.sum())
                             for v in (e.speed_low_kms, e.speed_high_kms)})
            reached.append(f"{_speeds(e.speed_low_kms, e.speed_high_kms)} km/s ({e.figure_kind}):"
                           f" {'-'.join(map(str, counts))} of {total}")
        out.append({"Site": d.name, "Interceptor": names[d.interceptor],
                    "Year": "" if pd.isna(d.year) else f"{int(d.year)}",
                    "Needed for the first flight (km/s)": _kms(first),
                    "Flights reached at each sourced speed": "; ".join(reached)
                    or "none published"})
    return pd.DataFrame(out)


def reached_at(site_latlon, speed_kms: float, assume: Assumptions = BOOK_CASE,
               evidence: Evidence | None = None) -> int:
    """How many flights some part of which is reachable from the site at that speed."""
    return int(flight_results(site_latlon, speed_kms, assume, evidence).reachable.sum())


def sensitivity(site_latlon, delays=(120.0, 300.0, 600.0), flyouts=FLYOUT_CASES,
                assume: Assumptions = BOOK_CASE,
                evidence: Evidence | None = None) -> pd.DataFrame:
    """The burnout speed (km/s) at which the first flight becomes partly reachable, for
    each delay (rows) and fly-out (columns, from :data:`FLYOUT_CASES`), the rest as in
    ``assume``."""
    ev = evidence or load()
    table = {}
    for heading, changes in flyouts.items():
        table[heading] = [
            _kms(speeds_needed(site_latlon, replace(assume, delay_s=delay, **changes),
                               ev).min())
            for delay in delays]
    frame = pd.DataFrame(table, index=[f"leaves {d:g} s after launch" for d in delays])
    frame.index.name = "Interceptor"
    return frame.reset_index()


def assumptions_table(assume: Assumptions = BOOK_CASE) -> pd.DataFrame:
    """The assumptions as a two-column table, for the chapter."""
    rows = [("Missile's boost (s)", f"{assume.boost_time_s:g}"),
            ("Missile's burnout altitude (km)", f"{assume.burnout_altitude_km:g}"),
            ("Interceptor leaves after the missile's launch (s)", f"{assume.delay_s:g}"),
            ("Interceptor's fly-out", "Kepler coast from the site" if assume.flyout ==
             "coast" else f"straight, at {assume.speed_fraction:.0%} of burnout speed"),
            ("Interceptor's boost before the coast (s)", f"{assume.interceptor_boost_s:g}"),
            ("Lowest intercept altitude (km)", f"{assume.min_altitude_km:g}")]
    return pd.DataFrame(rows, columns=["Assumption", "Value"])


@from_data("threat_missiles")
def threat_table(evidence: Evidence | None = None) -> pd.DataFrame:
    """Iran's missiles as the assessments of 2009-2012 saw them, oldest first."""
    rows = (evidence or load()).threat_missiles.sort_values(["as_of", "assessment_id"])

    def km(low, high) -> str:
        if pd.isna(low) and pd.isna(high):
            return ""
        if pd.isna(high):
            return f"{low:,.0f} or more"
        return f"{low:,.0f}" if low == high else f"{low:,.0f}-{high:,.0f}"

    return pd.DataFrame({
        "As of": rows.as_of, "Assessed by": rows.assessed_by, "Missile": rows.missile,
        "Range (km)": [km(lo, hi) for lo, hi in zip(rows.range_low_km, rows.range_high_km,
                                                       strict=True)],
        "Status": rows.status, "In their words": rows.words, "Sources": rows.sources,
    }).reset_index(drop=True)


def nearest_reach_km(site_latlon, speed_kms: float, assume: Assumptions = BOOK_CASE,
                     evidence: Evidence | None = None) -> float | None:
    """The straight-line distance (km) from the site to the closest point it can reach in
    time on any flight at that speed: how far its sensors, or others', must track."""
    ev = evidence or load()
    where = _where(ev)
    site = to_cartesian(*site_latlon, 0.0)
    best = None
    for base, destination in flights(ev):
        hit = engage(where[base], where[destination], site_latlon, speed_kms, assume)
        if hit.reachable.any():
            track = _track(tuple(map(float, where[base])),
                           tuple(map(float, where[destination])),
                           float(assume.boost_time_s), float(assume.burnout_altitude_km))
            near = float(chord_km(track.xyz_km[hit.reachable], site).min())
            best = near if best is None else min(best, near)
    return best
