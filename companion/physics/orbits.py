"""Free flight of a ballistic missile: the Kepler ellipse from burnout to re-entry.

The textbook model: a spherical, non-rotating Earth (radius
:data:`~companion.physics.geometry.EARTH_RADIUS_KM`) whose mass acts from its centre
(:data:`GM_KM3_S2`), and no atmosphere. The boost phase is not flown: it is replaced by a
burnout state (speed, flight-path angle) at a burnout radius ``r``. From there the missile
coasts on a Kepler ellipse until it is back at radius ``r``; the two ends are symmetric
about the apogee. Burnout on the surface (``r`` equal to the Earth's radius, the default)
gives the classic "burnout at the surface" values.

Neglected: the Earth's rotation (an eastward launch gains up to 0.46 km/s, and the target
moves during the flight), its oblateness, drag (on the way up and on re-entry, so the
flight below radius ``r`` is outside the model), and the thrust, gravity losses and
downrange distance of the boost.

Units: radians for angles, km, s and km/s. The range angle ``psi`` is the central angle
between burnout and re-entry (the ground range is the Earth's radius times ``psi``); the
flight-path angle ``gamma`` is measured above the local horizontal. ``nu = v**2 r / GM``
is the burnout speed squared in units of the circular speed at ``r`` squared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from companion.physics.geometry import EARTH_RADIUS_KM

#: The Earth's gravitational parameter (km^3/s^2).
GM_KM3_S2 = 398600.4418
#: Newton's iteration on Kepler's equation stops when a step is smaller than this (rad).
KEPLER_TOLERANCE = 1e-12
KEPLER_MAX_ITERATIONS = 100


@dataclass(frozen=True)
class Trajectory:
    """A symmetric free flight from burnout to re-entry at the same radius, as made by
    :func:`min_energy`, :func:`trajectory` and :func:`with_angle`.

    ``speed_kms`` and ``gamma`` (rad above the local horizontal) are the burnout state,
    ``range_angle`` (rad) the central angle flown, ``radius_km`` the burnout and re-entry
    radius, ``flight_time_s`` the time from burnout to re-entry; the apogee is given as a
    radius and as an altitude above the Earth's surface; ``semi_major_axis_km`` and
    ``eccentricity`` are the ellipse's.
    """

    speed_kms: float
    gamma: float
    range_angle: float
    radius_km: float
    apogee_radius_km: float
    apogee_altitude_km: float
    flight_time_s: float
    semi_major_axis_km: float
    eccentricity: float


def _check_range_angle(psi: float) -> None:
    if not 0.0 < psi < math.pi:
        raise ValueError(f"range angle {psi!r} rad is outside (0, pi): a symmetric free "
                         "flight needs two distinct, non-antipodal ends")


def _nu(speed_kms: float, r: float) -> float:
    return speed_kms**2 * r / GM_KM3_S2


def _speed(nu: float, r: float) -> float:
    return math.sqrt(nu * GM_KM3_S2 / r)


def _check_elliptic(nu: float, r: float) -> None:
    if nu >= 2.0:
        raise ValueError(f"burnout speed {_speed(nu, r):.4f} km/s is at or above the escape "
                         f"speed {_speed(2.0, r):.4f} km/s: the free flight is not an ellipse")


def _burnout_anomalies(psi: float, e: float) -> tuple[float, float]:
    """True and mean anomaly (rad) at burnout: the apogee is at true anomaly pi and the
    flight symmetric about it, so burnout is at pi - psi/2."""
    theta = math.pi - psi / 2
    eccentric = 2 * math.atan2(math.sqrt(1 - e) * math.sin(theta / 2),
                               math.sqrt(1 + e) * math.cos(theta / 2))
    return theta, eccentric - e * math.sin(eccentric)


def _from_burnout(psi: float, nu: float, gamma: float, r: float) -> Trajectory:
    """The trajectory of a burnout state that satisfies the range equation for ``psi``."""
    _check_elliptic(nu, r)
    a = r / (2 - nu)  # vis-viva: 1/a = 2/r - v^2/GM
    # e from its two components at burnout (e sin theta, e cos theta), which equals
    # sqrt(1 - p/a) but keeps its digits near a circular orbit.
    e = math.hypot(nu * math.sin(gamma) * math.cos(gamma), 1 - nu * math.cos(gamma) ** 2)
    _, mean_b = _burnout_anomalies(psi, e)
    # Burnout to apogee (mean anomaly pi) and, by symmetry, as long again to re-entry.
    flight_time = 2 * (math.pi - mean_b) / math.sqrt(GM_KM3_S2 / a**3)
    apogee = a * (1 + e)
    return Trajectory(_speed(nu, r), gamma, psi, r, apogee, apogee - EARTH_RADIUS_KM,
                      flight_time, a, e)


def min_energy_speed(range_angle: float, r: float = EARTH_RADIUS_KM) -> float:
    """The smallest burnout speed (km/s) that carries the missile ``range_angle`` rad
    from burnout at radius ``r`` (km) back to that radius."""
    _check_range_angle(range_angle)
    half = math.sin(range_angle / 2)
    return _speed(2 * half / (1 + half), r)


def min_energy(range_angle: float, r: float = EARTH_RADIUS_KM) -> Trajectory:
    """The minimum-energy trajectory over ``range_angle`` rad from radius ``r`` (km):
    gamma* = (pi - psi)/4 and nu = 2 sin(psi/2) / (1 + sin(psi/2))."""
    _check_range_angle(range_angle)
    half = math.sin(range_angle / 2)
    return _from_burnout(range_angle, 2 * half / (1 + half), (math.pi - range_angle) / 4, r)


def trajectory(range_angle: float, speed: float, lofted: bool,
               r: float = EARTH_RADIUS_KM) -> Trajectory:
    """The lofted (high flight-path angle) or depressed (low) trajectory over
    ``range_angle`` rad for a burnout speed ``speed`` (km/s) at radius ``r`` (km), from
    sin(2 gamma + psi/2) = ((2 - nu)/nu) sin(psi/2).

    Raises ValueError below the minimum-energy speed (naming it), at or above escape
    speed, and for a depressed trajectory at or above circular speed, where the low
    solution would leave below the local horizontal."""
    v_min = min_energy_speed(range_angle, r)
    # A relative slack of 1e-12 lets the minimum speed itself, rounded, through.
    if speed < v_min * (1 - 1e-12):
        raise ValueError(f"burnout speed {speed:.4f} km/s is below the minimum-energy speed "
                         f"{v_min:.4f} km/s for a range angle of {range_angle:.6g} rad")
    nu = _nu(speed, r)
    _check_elliptic(nu, r)
    sine = min(1.0, (2 - nu) / nu * math.sin(range_angle / 2))
    double = math.pi - math.asin(sine) if lofted else math.asin(sine)
    gamma = (double - range_angle / 2) / 2
    if gamma <= 0.0:
        raise ValueError(f"no depressed trajectory at {speed:.4f} km/s: at or above the "
                         f"circular speed {_speed(1.0, r):.4f} km/s the low solution would "
                         "leave below the local horizontal; only the lofted one exists")
    return _from_burnout(range_angle, nu, gamma, r)


def with_angle(range_angle: float, gamma: float, r: float = EARTH_RADIUS_KM) -> Trajectory:
    """The trajectory over ``range_angle`` rad for a burnout flight-path angle ``gamma``
    (rad, strictly between 0 and pi/2) at radius ``r`` (km). The range equation
    tan(psi/2) = nu sin(gamma) cos(gamma) / (1 - nu cos^2(gamma)) solved for nu gives
    nu = sin(psi/2) / (cos(gamma) sin(gamma + psi/2))."""
    _check_range_angle(range_angle)
    if not 0.0 < gamma < math.pi / 2:
        raise ValueError(f"flight-path angle {gamma!r} rad is outside (0, pi/2)")
    nu = math.sin(range_angle / 2) / (math.cos(gamma) * math.sin(gamma + range_angle / 2))
    return _from_burnout(range_angle, nu, gamma, r)


def eccentric_anomaly(mean_anomaly, e: float) -> np.ndarray:
    """E with E - e sin E = M (rad), for M in [0, 2 pi] and 0 <= e < 1, by Newton's
    iteration started at E = pi, a start from which it converges for every such M and e."""
    mean = np.asarray(mean_anomaly, dtype=float)
    eccentric = np.full_like(mean, math.pi)
    for _ in range(KEPLER_MAX_ITERATIONS):
        step = (eccentric - e * np.sin(eccentric) - mean) / (1 - e * np.cos(eccentric))
        eccentric = eccentric - step
        if np.max(np.abs(step), initial=0.0) < KEPLER_TOLERANCE:
            return eccentric
    raise RuntimeError(f"Kepler's equation did not converge for e = {e}")


def _angle_and_radius(traj: Trajectory, t) -> tuple[np.ndarray, np.ndarray]:
    """Downrange angle (rad, clipped to the flight) and radius (km) at ``t`` s after
    burnout."""
    a, e = traj.semi_major_axis_km, traj.eccentricity
    theta_b, mean_b = _burnout_anomalies(traj.range_angle, e)
    eccentric = eccentric_anomaly(mean_b + math.sqrt(GM_KM3_S2 / a**3) * np.asarray(t), e)
    theta = 2 * np.arctan2(np.sqrt(1 + e) * np.sin(eccentric / 2),
                           np.sqrt(1 - e) * np.cos(eccentric / 2))
    # Rounding in Kepler's equation may step a hair past either end of the flight.
    angle = np.clip(theta - theta_b, 0.0, traj.range_angle)
    return angle, a * (1 - e * np.cos(eccentric))


def state_at(traj: Trajectory, t: float) -> tuple[float, float]:
    """Downrange angle from the burnout point (rad) and radius (km) ``t`` s after
    burnout, for 0 <= t <= the flight time."""
    if not 0.0 <= t <= traj.flight_time_s:
        raise ValueError(f"t = {t!r} s is outside the free flight, 0 to "
                         f"{traj.flight_time_s:.1f} s after burnout")
    angle, radius = _angle_and_radius(traj, t)
    return float(angle), float(radius)


def path(traj: Trajectory, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Time since burnout (s), downrange angle (rad) and altitude above the surface (km)
    at ``n`` points evenly spaced in time from burnout to re-entry."""
    if n < 2:
        raise ValueError(f"a path needs at least 2 points, not {n}")
    t = np.linspace(0.0, traj.flight_time_s, n)
    angle, radius = _angle_and_radius(traj, t)
    return t, angle, radius - EARTH_RADIUS_KM
