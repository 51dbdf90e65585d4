"""The sphere: distances, bearings and points on great circles, against the haversine
formula, hand-placed points and vector constructions written out here."""

import math

import numpy as np
import pytest

from companion.physics.geometry import (
    EARTH_RADIUS_KM,
    along,
    central_angle,
    chord_km,
    great_circle_km,
    initial_bearing_deg,
    latlon,
    over_the_horizon_km,
    to_cartesian,
    unit_vector,
)

R = 6371.0  # the model's mean radius, typed again so that a changed constant fails
MOSCOW = (55.7558, 37.6173)
WASHINGTON = (38.9072, -77.0369)


def haversine_km(a, b):
    """The haversine formula, the usual independent route to a great-circle distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * R * math.asin(math.sqrt(h))


def test_the_radius_is_the_mean_radius():
    assert EARTH_RADIUS_KM == R


def test_pole_to_equator_is_a_quarter_circle():
    # pi/2 x 6371 km = 10,007.5 km.
    assert great_circle_km((90, 0), (0, 0)) == pytest.approx(math.pi / 2 * R, rel=1e-14)
    assert great_circle_km((0, 0), (0, 180)) == pytest.approx(math.pi * R, rel=1e-14)


def test_moscow_to_washington_agrees_with_the_haversine_formula():
    # About 7,820 km on the sphere (the haversine formula, above).
    expected = haversine_km(MOSCOW, WASHINGTON)
    assert expected == pytest.approx(7820, abs=10)
    assert great_circle_km(MOSCOW, WASHINGTON) == pytest.approx(expected, rel=1e-12)
    assert great_circle_km(WASHINGTON, MOSCOW) == pytest.approx(expected, rel=1e-12)


def test_central_angle_keeps_its_digits_for_nearly_equal_and_opposite_points():
    # 1e-7 degrees apart: arccos of the dot product would return 0 (the dot rounds to 1).
    a, b = unit_vector(10.0, 20.0), unit_vector(10.0 + 1e-7, 20.0)
    assert central_angle(a, b) == pytest.approx(math.radians(1e-7), rel=1e-6)
    opposite = unit_vector(-10.0 + 1e-7, 20.0 - 180.0)
    assert central_angle(a, opposite) == pytest.approx(math.pi - math.radians(1e-7), abs=1e-12)
    # Vectors of any length: only the direction counts.
    assert central_angle(3 * a, 0.5 * b) == pytest.approx(math.radians(1e-7), rel=1e-6)


@pytest.mark.parametrize("a,b,bearing", [
    ((0, 0), (10, 0), 0.0),      # due north from the equator
    ((0, 0), (0, 10), 90.0),     # due east along the equator
    ((10, 0), (0, 0), 180.0),    # due south
    ((0, 0), (0, -10), 270.0),   # due west
    ((0, 0), (1e-3, 1e-3), 45.0),  # a tiny step north-east is flat enough for 45 deg
])
def test_bearings_of_hand_placed_points(a, b, bearing):
    assert initial_bearing_deg(a, b) == pytest.approx(bearing, abs=1e-6)


def test_bearing_from_moscow_to_washington_is_the_great_circles_direction():
    # Independent route: the direction of the great circle at Moscow, from the vector
    # b - (a.b) a, resolved on Moscow's local east and north.
    a, b = unit_vector(*MOSCOW), unit_vector(*WASHINGTON)
    lat, lon = np.radians(MOSCOW)
    east = np.array([-math.sin(lon), math.cos(lon), 0.0])
    north = np.array([-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon),
                      math.cos(lat)])
    tangent = b - np.dot(a, b) * a
    expected = math.degrees(math.atan2(np.dot(tangent, east), np.dot(tangent, north))) % 360
    assert 300 < expected < 330  # north-west, over Scandinavia and Greenland
    assert initial_bearing_deg(MOSCOW, WASHINGTON) == pytest.approx(expected, abs=1e-9)


def test_along_runs_from_one_point_to_the_other():
    a, b = unit_vector(*MOSCOW), unit_vector(*WASHINGTON)
    psi = central_angle(a, b)
    assert along(a, b, 0.0) == pytest.approx(a, abs=1e-15)
    assert along(a, b, psi) == pytest.approx(b, abs=1e-14)
    points = along(a, b, np.array([0.25, 0.5, 0.75]) * psi)
    assert np.allclose(np.linalg.norm(points, axis=-1), 1.0)
    # Each point is the stated angle from a and the rest of the way from b.
    for point, share in zip(points, (0.25, 0.5, 0.75), strict=True):
        assert central_angle(a, point) == pytest.approx(share * psi, rel=1e-12)
        assert central_angle(point, b) == pytest.approx((1 - share) * psi, rel=1e-12)
    # Lengths do not matter.
    assert along(2 * a, 7 * b, psi / 2) == pytest.approx(points[1], abs=1e-15)


def test_along_the_equator_eastwards():
    point = along(unit_vector(0, 0), unit_vector(0, 90), math.radians(30))
    assert latlon(point) == pytest.approx((0.0, 30.0), abs=1e-12)


def test_along_refuses_angles_off_the_arc_and_undefined_great_circles():
    a, b = unit_vector(0, 0), unit_vector(0, 90)
    for angle in (-1e-9, math.pi / 2 + 1e-9, np.array([0.1, 2.0])):
        with pytest.raises(ValueError, match=r"angle must lie in \[0, 1.5708"):
            along(a, b, angle)
    for other in (a, unit_vector(0, 180)):
        with pytest.raises(ValueError, match="same or antipodal"):
            along(a, other, 0.0)


def test_cartesian_positions_of_hand_placed_points():
    assert to_cartesian(0, 0) == pytest.approx([R, 0, 0], abs=1e-9)
    assert to_cartesian(0, 90, 100.0) == pytest.approx([0, R + 100, 0], abs=1e-9)
    assert to_cartesian(90, 45, 500.0) == pytest.approx([0, 0, R + 500], abs=1e-9)
    assert to_cartesian(-90, 0) == pytest.approx([0, 0, -R], abs=1e-9)
    many = to_cartesian(np.array([0, 0]), np.array([0, 180]), np.array([0, 10]))
    assert many == pytest.approx(np.array([[R, 0, 0], [-(R + 10), 0, 0]]), abs=1e-9)


def test_latlon_undoes_unit_vector():
    lats, lons = np.array([55.7558, -33.9, 0.0, 89.9]), np.array([37.6173, 151.2, -179.5, 10])
    back = latlon(unit_vector(lats, lons))
    assert back[0] == pytest.approx(lats, abs=1e-12)
    assert back[1] == pytest.approx(lons, abs=1e-12)
    assert latlon(to_cartesian(*WASHINGTON, 1234.0)) == pytest.approx(WASHINGTON, abs=1e-12)


def test_latitudes_beyond_the_poles_are_refused():
    with pytest.raises(ValueError, match="latitude"):
        unit_vector(91.0, 0.0)


def test_chords():
    # Two surface points psi apart are 2 R sin(psi/2) apart in a straight line.
    psi = central_angle(unit_vector(*MOSCOW), unit_vector(*WASHINGTON))
    assert chord_km(to_cartesian(*MOSCOW), to_cartesian(*WASHINGTON)) == pytest.approx(
        2 * R * math.sin(psi / 2), rel=1e-12)
    # Straight up: the chord is the altitude.
    assert chord_km(to_cartesian(*MOSCOW, 0.0), to_cartesian(*MOSCOW, 300.0)) == \
        pytest.approx(300.0, rel=1e-12)
    # Through the Earth, pole to pole.
    assert chord_km(to_cartesian(90, 0), to_cartesian(-90, 0)) == pytest.approx(2 * R)


def _at(angle_deg, altitude_km):
    """A point ``angle_deg`` from (0 N, 0 E) along the equator, at an altitude."""
    a = math.radians(angle_deg)
    return (R + altitude_km) * np.array([math.cos(a), math.sin(a), 0.0])


def test_above_the_horizon_the_fly_out_is_the_straight_chord():
    site = np.array([R, 0.0, 0.0])
    assert over_the_horizon_km(site, _at(0, 500)) == pytest.approx(500.0, rel=1e-12)
    chord = math.sqrt(R**2 + (R + 1000) ** 2 - 2 * R * (R + 1000) * math.cos(math.radians(5)))
    assert over_the_horizon_km(site, _at(5, 1000)) == pytest.approx(chord, rel=1e-12)


def test_below_the_horizon_the_path_runs_along_the_ground_then_up_the_line_of_sight():
    # 1,000 km up and 40 deg away: the point sees the ground to arccos(R/(R+1000)) = 31.2
    # deg from below it, so the path is R (40 - 31.2) deg of surface plus the tangent
    # sqrt((R+1000)^2 - R^2) = 3,770 km, longer than the 4,790 km chord through the Earth.
    r = R + 1000.0
    grazing = math.acos(R / r)
    expected = R * (math.radians(40) - grazing) + math.sqrt(r**2 - R**2)
    got = over_the_horizon_km(np.array([R, 0.0, 0.0]), _at(40, 1000))
    assert got == pytest.approx(expected, rel=1e-12)
    assert got > chord_km(_at(40, 1000), np.array([R, 0.0, 0.0]))


def test_a_point_on_the_ground_is_reached_along_the_great_circle():
    site = np.array([R, 0.0, 0.0])
    assert over_the_horizon_km(site, _at(30, 0)) == pytest.approx(R * math.radians(30))


def test_the_two_paths_meet_on_the_horizon_and_the_distance_never_jumps():
    site = np.array([R, 0.0, 0.0])
    r = R + 800.0
    horizon = math.degrees(math.acos(R / r))
    near = over_the_horizon_km(site, np.array([_at(horizon - 1e-7, 800), _at(horizon + 1e-7,
                                                                                  800)]))
    assert near[0] == pytest.approx(near[1], rel=1e-6)
    assert near[0] == pytest.approx(math.sqrt(r**2 - R**2), rel=1e-6)
    sweep = over_the_horizon_km(site, np.array([_at(a, 800) for a in np.linspace(0, 90, 181)]))
    assert np.all(np.diff(sweep) > 0)
