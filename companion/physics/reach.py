"""Can an interceptor get there in time? The fly-out model behind the engagement figures.

The missile flies the free flight of :mod:`companion.physics.orbits` from a launch point
to a target along the great circle between them. Its burnout state is at the launch point
(at a stated burnout altitude, directly above it) a stated boost time after launch; the
track ends where the free flight is back at burnout altitude, above the target. Times on
a track are counted from the missile's launch.

The interceptor leaves its site (on the surface) a stated delay after the missile's launch,
which stands for detection, tracking and the decision to fire. Two fly-outs are offered.
The book's is a coast: burnout at the site (after a stated boost taken to cover no ground)
and the fastest Kepler ellipse from there to the point, leaving upwards, so the speed lost
climbing against gravity is counted (:func:`coast_time_s`). The cruder one flies a
straight line at a constant average speed, a fraction of the burnout speed, along the
shortest path that stays above the surface; it flatters long climbs. Neither has the
interceptor's real boost or the kill vehicle's homing.

Gravity also limits where the interceptor can go at all: every coasting flight from the
site with burnout speed v is a Kepler ellipse with the same semi-major axis
a = 1 / (2/R - v^2/GM), and together they fill the region |OQ| + |PQ| <= 4a - R (an
ellipse with foci at the Earth's centre O and the site P), so a point Q outside it cannot
be reached however the interceptor is aimed. Straight up this is the energy ceiling,
v^2 = 2 GM (1/R - 1/(R + h)); along the ground it is the textbook maximum range,
sin(psi/2) = nu / (2 - nu) with nu = v^2 R / GM. Sensors, their coverage and
discrimination are outside the model; the delay is where they enter it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from companion.physics.geometry import (
    EARTH_RADIUS_KM,
    along,
    central_angle,
    chord_km,
    latlon,
    over_the_horizon_km,
    to_cartesian,
    unit_vector,
)
from companion.physics.orbits import GM_KM3_S2, Trajectory, min_energy, path, trajectory

KINDS = ("min_energy", "lofted", "depressed")


# eq=False: the fields are numpy arrays, which a generated __eq__ (and hash) cannot compare.
@dataclass(frozen=True, eq=False)
class Track:
    """A missile's free flight from launch to target, at points evenly spaced in time:
    time since launch (s), latitude and longitude (deg), altitude (km), distance along the
    ground from the launch point (km) and position from the Earth's centre (km, one row a
    point); with the :class:`Trajectory` it follows and the boost time (s) before it."""

    time_s: np.ndarray
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    altitude_km: np.ndarray
    downrange_km: np.ndarray
    xyz_km: np.ndarray
    trajectory: Trajectory
    boost_time_s: float


@dataclass(frozen=True, eq=False)
class Engagement:
    """Whether one interceptor site can meet a track, point by point.

    ``margin_s`` is the warhead's time at a point minus the interceptor's arrival there
    (positive: the interceptor is there first); it is NaN below the minimum intercept
    altitude and -inf above the interceptor's energy ceiling. ``reachable`` marks the
    points above the minimum altitude with a margin of zero or more. The first and last
    reachable time (s since launch) and ground distance from the launch point (km) are
    None if no point is reachable, and the points between them need not all be;
    ``best_margin_s`` is the largest margin above the minimum altitude (None if the track
    never gets there); ``reachable_fraction`` is the share of the time spent above the
    minimum altitude during which the interceptor could be there first.
    """

    reachable: np.ndarray
    margin_s: np.ndarray
    first_time_s: float | None
    last_time_s: float | None
    first_downrange_km: float | None
    last_downrange_km: float | None
    best_margin_s: float | None
    reachable_fraction: float


def missile_track(launch_latlon, target_latlon, kind: str = "min_energy",
                  speed: float | None = None, boost_time_s: float = 0.0,
                  burnout_altitude_km: float = 0.0, n: int = 200) -> Track:
    """The track from a launch point to a target ((latitude, longitude) in deg): the
    minimum-energy trajectory, or the lofted or depressed one for a burnout ``speed``
    (km/s), with burnout ``burnout_altitude_km`` above the launch point ``boost_time_s``
    after launch; ``n`` points evenly spaced in time."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if (kind == "min_energy") != (speed is None):
        raise ValueError("give a speed for a lofted or depressed trajectory, and none for "
                         "the minimum-energy one (it fixes its own speed)")
    if boost_time_s < 0 or burnout_altitude_km < 0:
        raise ValueError("the boost time and the burnout altitude cannot be negative")
    start, end = unit_vector(*launch_latlon), unit_vector(*target_latlon)
    psi = float(central_angle(start, end))
    r = EARTH_RADIUS_KM + burnout_altitude_km
    traj = (min_energy(psi, r) if kind == "min_energy"
            else trajectory(psi, speed, lofted=kind == "lofted", r=r))
    t, angle, altitude = path(traj, n)
    directions = along(start, end, angle)
    lat, lon = latlon(directions)
    return Track(boost_time_s + t, lat, lon, altitude, EARTH_RADIUS_KM * angle,
                 (EARTH_RADIUS_KM + altitude)[:, None] * directions, traj, boost_time_s)


def energy_ceiling_km(burnout_speed_kms: float) -> float:
    """The highest altitude (km) a burnout speed could reach at all, coasting straight up
    from the surface: v^2/2 = GM (1/R - 1/(R + h)); infinite at or above escape speed."""
    inverse = 1 / EARTH_RADIUS_KM - burnout_speed_kms**2 / (2 * GM_KM3_S2)
    return math.inf if inverse <= 0 else 1 / inverse - EARTH_RADIUS_KM


def within_envelope(site_xyz, points, burnout_speed_kms: float) -> np.ndarray:
    """Whether a coasting flight from a surface point (km from the Earth's centre) with
    burnout speed v can pass through each point: |OQ| + |PQ| <= 4a - R, with
    a = 1 / (2/R - v^2/GM); every point qualifies at or above escape speed."""
    inverse = 2 / EARTH_RADIUS_KM - burnout_speed_kms**2 / GM_KM3_S2
    points = np.asarray(points, dtype=float)
    if inverse <= 0:
        return np.ones(points.shape[:-1], dtype=bool)
    bound = 4 / inverse - EARTH_RADIUS_KM
    return np.linalg.norm(points, axis=-1) + chord_km(points, site_xyz) <= bound


def coast_time_s(site_xyz, points, burnout_speed_kms: float) -> np.ndarray:
    """The shortest coasting time (s) from a surface point to each point (km from the
    Earth's centre) on a Kepler ellipse with burnout speed v at the surface, leaving
    upwards; infinite where no such flight exists (outside :func:`within_envelope`).

    Every such ellipse has a = 1 / (2/R - v^2/GM). Lagrange's equation gives the time on
    the two ellipses through both points, t = sqrt(a^3/GM) [(alpha - sin alpha) -
    (beta - sin beta)] with sin(alpha/2) = sqrt(s/2a), sin(beta/2) = sqrt((s - c)/2a),
    s the semi-perimeter of the triangle of the Earth's centre and the two points and c
    the chord; the second ellipse has 2 pi - alpha for alpha. The faster is taken unless
    it would leave the site downwards, into the ground (then the slower is); the transfer
    is the short way round (less than 180 degrees), as every point of a track is here."""
    site = np.asarray(site_xyz, dtype=float)
    points = np.atleast_2d(np.asarray(points, dtype=float))
    inverse = 2 / EARTH_RADIUS_KM - burnout_speed_kms**2 / GM_KM3_S2
    if inverse <= 0:
        raise ValueError(f"burnout speed {burnout_speed_kms!r} km/s is at or above escape "
                         "speed: the coast is not an ellipse")
    a = 1 / inverse
    r1 = EARTH_RADIUS_KM
    r2 = np.linalg.norm(points, axis=-1)
    theta = central_angle(site, points)
    c = chord_km(points, site)
    semi = (r1 + r2 + c) / 2
    inside = semi <= 2 * a
    alpha = 2 * np.arcsin(np.sqrt(np.clip(semi / (2 * a), 0, 1)))
    beta = 2 * np.arcsin(np.sqrt(np.clip((semi - c) / (2 * a), 0, 1)))
    mean_motion = math.sqrt(GM_KM3_S2 / a**3)
    out = np.full(r2.shape, np.inf)
    for branch in (alpha, 2 * math.pi - alpha):
        time = ((branch - np.sin(branch)) - (beta - np.sin(beta))) / mean_motion
        # Semi-latus rectum of this ellipse (Battin): p = 4a (s - r1)(s - r2) / c^2 *
        # sin^2((branch + beta) / 2); with it the departure velocity from f and g.
        with np.errstate(divide="ignore", invalid="ignore"):
            p = 4 * a * (semi - r1) * (semi - r2) / c**2 * np.sin((branch + beta) / 2) ** 2
            f = 1 - r2 / p * (1 - np.cos(theta))
            g = r1 * r2 * np.sin(theta) / np.sqrt(GM_KM3_S2 * p)
            departure = (points - f[:, None] * site) / g[:, None]
            upwards = departure @ (site / r1) >= -1e-9
        # Straight up (no angle between the points) the ellipse is a line: the fast branch.
        upwards = np.where(theta < 1e-7, branch is alpha, upwards)
        usable = inside & upwards & np.isinf(out)
        out = np.where(usable, time, out)
    return out


def _check_interceptor(launch_delay_s, burnout_speed_kms, speed_fraction) -> None:
    if launch_delay_s < 0:
        raise ValueError(f"launch delay {launch_delay_s!r} s cannot be negative")
    if burnout_speed_kms <= 0:
        raise ValueError(f"burnout speed {burnout_speed_kms!r} km/s must be positive")
    if not 0 < speed_fraction <= 1:
        raise ValueError(f"speed fraction {speed_fraction!r} must be in (0, 1]: the average "
                         "speed of the fly-out cannot exceed the burnout speed")


FLYOUTS = ("coast", "straight")


def interceptor_arrival(site_latlon, points_xyz, launch_delay_s: float,
                        burnout_speed_kms: float, speed_fraction: float = 1.0,
                        flyout: str = "straight", boost_s: float = 0.0) -> np.ndarray:
    """When (s after the missile's launch) an interceptor from a surface site ((lat, lon),
    deg) could be at each point (km from the Earth's centre, one row a point); infinite
    where no coasting flight with that burnout speed reaches (:func:`within_envelope`).

    ``flyout="coast"``: the delay, then ``boost_s`` of boost taken to cover no ground,
    then the fastest Kepler coast from the site (:func:`coast_time_s`); the speed fraction
    is not used. ``flyout="straight"``: the delay plus the distance (straight, or over the
    horizon where a straight line would pass through the Earth) at speed_fraction x burnout
    speed, the cruder model, which flatters long climbs because it ignores the speed lost
    to gravity on the way up."""
    if flyout not in FLYOUTS:
        raise ValueError(f"flyout must be one of {', '.join(FLYOUTS)}, not {flyout!r}")
    if boost_s < 0:
        raise ValueError(f"interceptor boost {boost_s!r} s cannot be negative")
    _check_interceptor(launch_delay_s, burnout_speed_kms, speed_fraction)
    points = np.asarray(points_xyz, dtype=float)
    site = to_cartesian(*site_latlon, 0.0)
    if flyout == "coast":
        return launch_delay_s + boost_s + coast_time_s(site, points, burnout_speed_kms)
    distance = over_the_horizon_km(site, points)
    arrival = launch_delay_s + distance / (speed_fraction * burnout_speed_kms)
    return np.where(within_envelope(site, points, burnout_speed_kms), arrival, np.inf)


def engagement(track: Track, site_latlon, launch_delay_s: float, burnout_speed_kms: float,
               speed_fraction: float = 1.0, min_altitude_km: float = 100.0,
               flyout: str = "straight", boost_s: float = 0.0) -> Engagement:
    """Point by point, whether an interceptor from ``site_latlon`` could be at the
    track's points above ``min_altitude_km`` (km; exo-atmospheric interceptors such as
    the SM-3 intercept above about 100 km) before the warhead, and by how much."""
    arrival = interceptor_arrival(site_latlon, track.xyz_km, launch_delay_s,
                                  burnout_speed_kms, speed_fraction, flyout, boost_s)
    high = track.altitude_km > min_altitude_km
    margin = np.where(high, track.time_s - arrival, np.nan)
    reachable = high & (track.time_s >= arrival)
    hits = np.flatnonzero(reachable)
    first, last = (int(hits[0]), int(hits[-1])) if hits.size else (None, None)

    def at(values, index):
        return None if index is None else float(values[index])

    return Engagement(
        reachable, margin, at(track.time_s, first), at(track.time_s, last),
        at(track.downrange_km, first), at(track.downrange_km, last),
        float(np.max(margin[high])) if high.any() else None,
        # The points are evenly spaced in time, so a share of points is a share of time.
        float(reachable.sum() / high.sum()) if high.any() else 0.0)
