"""The sphere the trajectories are drawn on: positions, distances and bearings.

The Earth is a sphere of radius :data:`EARTH_RADIUS_KM` (the mean radius). Latitudes are
therefore geocentric, and a great-circle distance can differ from the geodesic on the
WGS 84 ellipsoid by up to about half a per cent; for the book's distances of hundreds to
thousands of kilometres that is far below what the argument turns on. Altitude is height
above that sphere, not above the ellipsoid or sea level.

Latitude and longitude are in degrees (north and east positive) and appear only at the
public edges; everything else works on 3-D numpy vectors from the Earth's centre (x
towards 0 N 0 E, y towards 0 N 90 E, z towards the North Pole), in km or of unit length,
and on angles between them in radians. Functions accept a single point or an array of
points (the last axis holding x, y, z).
"""

from __future__ import annotations

import numpy as np

#: Mean radius of the Earth (km), the radius of the model's sphere.
EARTH_RADIUS_KM = 6371.0


def unit_vector(lat_deg, lon_deg) -> np.ndarray:
    """The unit vector from the Earth's centre through a latitude and longitude (deg)."""
    lat_deg = np.asarray(lat_deg, dtype=float)
    if np.any(np.abs(lat_deg) > 90.0):
        raise ValueError(f"latitude {lat_deg} is outside [-90, 90] degrees")
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)],
                    axis=-1)


def latlon(vector) -> tuple:
    """Latitude and longitude (deg, longitude in (-180, 180]) of the direction of a vector
    (of any length)."""
    x, y, z = np.moveaxis(np.asarray(vector, dtype=float), -1, 0)
    return np.degrees(np.arctan2(z, np.hypot(x, y))), np.degrees(np.arctan2(y, x))


def central_angle(a, b) -> np.ndarray:
    """The angle (radians, 0 to pi) at the Earth's centre between two vectors of any
    length. atan2 of the cross and dot products keeps full precision for nearly equal and
    nearly opposite directions, where arccos of the dot product loses it."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.arctan2(np.linalg.norm(np.cross(a, b), axis=-1), np.sum(a * b, axis=-1))


def great_circle_km(a_latlon, b_latlon, radius_km: float = EARTH_RADIUS_KM) -> float:
    """Distance (km) along the surface between two (latitude, longitude) points (deg)."""
    return radius_km * central_angle(unit_vector(*a_latlon), unit_vector(*b_latlon))


def initial_bearing_deg(a_latlon, b_latlon) -> float:
    """The direction (deg clockwise from north, in [0, 360)) in which the great circle
    from the first point to the second leaves the first point."""
    lat1, lon1 = np.radians(a_latlon)
    lat2, lon2 = np.radians(b_latlon)
    east = np.sin(lon2 - lon1) * np.cos(lat2)
    north = np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(lon2 - lon1)
    return float(np.degrees(np.arctan2(east, north)) % 360.0)


def along(a, b, angle) -> np.ndarray:
    """The unit vector on the great circle from ``a`` towards ``b`` (vectors of any
    length), ``angle`` radians from ``a``; ``angle`` (a number or an array) must lie in
    [0, central_angle(a, b)], so the point is on the short arc between them."""
    a = np.asarray(a, dtype=float) / np.linalg.norm(a)
    b = np.asarray(b, dtype=float) / np.linalg.norm(b)
    normal = np.cross(a, b)
    size = np.linalg.norm(normal)
    # Identical or antipodal points: no single great circle joins them.
    if size < 1e-12:
        raise ValueError("the two points are the same or antipodal: no single great circle "
                         "joins them")
    psi = central_angle(a, b)
    angle = np.asarray(angle, dtype=float)
    if np.any(angle < 0.0) or np.any(angle > psi):
        raise ValueError(f"angle must lie in [0, {psi:.6g}] rad (the arc from a to b); "
                         f"got {angle.min():.6g} to {angle.max():.6g}")
    # (a x b) x a = b - (a.b) a: the unit direction, at a, along the surface towards b.
    towards = np.cross(normal, a) / size
    return np.cos(angle)[..., None] * a + np.sin(angle)[..., None] * towards


def to_cartesian(lat_deg, lon_deg, altitude_km=0.0) -> np.ndarray:
    """The position (km, from the Earth's centre) of a point at a latitude and longitude
    (deg) and an altitude (km) above the sphere."""
    radius = EARTH_RADIUS_KM + np.asarray(altitude_km, dtype=float)
    return radius[..., None] * unit_vector(lat_deg, lon_deg)


def chord_km(p, q) -> np.ndarray:
    """Straight-line distance (km) between two 3-D points (km), through the Earth if need
    be."""
    return np.linalg.norm(np.asarray(p, dtype=float) - np.asarray(q, dtype=float), axis=-1)


def over_the_horizon_km(surface_point, points) -> np.ndarray:
    """The shortest distance (km) from a point on the surface to each point (km from the
    Earth's centre) along a path that never goes below the surface: the straight chord
    where the point is above the first point's horizon, and otherwise the arc along the
    surface to where the line of sight from the point grazes the sphere, then that line.
    A straight line below the horizon would run through the Earth and flatter the
    interceptor."""
    site = np.asarray(surface_point, dtype=float)
    points = np.asarray(points, dtype=float)
    radius = np.linalg.norm(points, axis=-1)
    angle = central_angle(site, points)
    # Above the site's horizon plane: r cos(angle) >= R.
    visible = radius * np.cos(angle) >= EARTH_RADIUS_KM
    grazing = np.arccos(np.clip(EARTH_RADIUS_KM / radius, -1.0, 1.0))
    around = (EARTH_RADIUS_KM * (angle - grazing)
              + np.sqrt(np.maximum(radius**2 - EARTH_RADIUS_KM**2, 0.0)))
    return np.where(visible, chord_km(points, site), around)
