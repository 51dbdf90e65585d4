"""The fly-out model: tracks end where they should, times count from the missile's launch,
the energy ceiling is the stated one, and the engagement answers move the right way."""

import math

import numpy as np
import pytest

from companion.physics.orbits import min_energy, min_energy_speed, state_at, trajectory, with_angle
from companion.physics.reach import (
    coast_time_s,
    energy_ceiling_km,
    engagement,
    interceptor_arrival,
    missile_track,
    within_envelope,
)

R = 6371.0  # the model's constants, typed again so that a changed constant fails
GM = 398600.4418
# A 5,004 km flight eastwards along the equator: simple to place sites on by hand.
LAUNCH, TARGET = (0.0, 0.0), (0.0, 45.0)
PSI = math.radians(45.0)


@pytest.fixture(scope="module")
def track():
    return missile_track(LAUNCH, TARGET, n=201)


def test_a_track_runs_from_launch_to_target(track):
    traj = min_energy(PSI)
    assert track.trajectory == traj
    assert track.time_s[0] == 0 and track.time_s[-1] == pytest.approx(traj.flight_time_s)
    assert (track.lat_deg[0], track.lon_deg[0]) == pytest.approx(LAUNCH, abs=1e-12)
    assert (track.lat_deg[-1], track.lon_deg[-1]) == pytest.approx(TARGET, abs=1e-9)
    assert track.downrange_km[-1] == pytest.approx(R * PSI, rel=1e-12)
    assert track.altitude_km[100] == pytest.approx(traj.apogee_altitude_km, abs=1e-6)
    assert np.linalg.norm(track.xyz_km, axis=1) == pytest.approx(R + track.altitude_km)
    assert track.xyz_km[100] == pytest.approx(
        [(R + traj.apogee_altitude_km) * math.cos(PSI / 2),
         (R + traj.apogee_altitude_km) * math.sin(PSI / 2), 0.0], abs=1e-6)


def test_times_count_from_launch_and_burnout_is_above_the_launch_point():
    # Boost of 180 s ending 50 km up: the free flight starts there and then, and ends 50 km
    # above the target one flight time later.
    traj = min_energy(PSI, R + 50.0)
    track = missile_track(LAUNCH, TARGET, boost_time_s=180.0, burnout_altitude_km=50.0, n=11)
    assert track.trajectory == traj and track.boost_time_s == 180.0
    assert track.time_s[0] == 180.0
    assert track.time_s[-1] == pytest.approx(180.0 + traj.flight_time_s)
    assert track.altitude_km[[0, -1]] == pytest.approx([50.0, 50.0], abs=1e-6)
    assert (track.lat_deg[0], track.lon_deg[0]) == pytest.approx(LAUNCH, abs=1e-12)


def test_lofted_and_depressed_tracks():
    speed = 1.05 * min_energy(PSI).speed_kms
    lofted = missile_track(LAUNCH, TARGET, "lofted", speed)
    depressed = missile_track(LAUNCH, TARGET, "depressed", speed)
    assert lofted.trajectory == trajectory(PSI, speed, lofted=True)
    assert depressed.trajectory == trajectory(PSI, speed, lofted=False)
    assert lofted.altitude_km.max() > depressed.altitude_km.max()
    assert lofted.time_s[-1] > depressed.time_s[-1]


@pytest.mark.parametrize("kind,speed,words", [
    ("ballistic", None, "kind must be one of"),
    ("lofted", None, "give a speed"),
    ("min_energy", 6.0, "give a speed"),
    ("lofted", 5.0, "below the minimum-energy speed 5.88"),
])
def test_track_arguments_are_checked(kind, speed, words):
    with pytest.raises(ValueError, match=words):
        missile_track(LAUNCH, TARGET, kind, speed)


def test_arrival_is_the_delay_plus_the_chord_at_the_average_speed():
    # Straight up 300 km from the site, and 300 km up over a point 10 deg away: chord
    # sqrt(R^2 + (R+300)^2 - 2 R (R+300) cos 10deg) by the law of cosines.
    up = np.array([R + 300.0, 0.0, 0.0])
    away = (R + 300.0) * np.array([math.cos(math.radians(10)), math.sin(math.radians(10)), 0])
    chord = math.sqrt(R**2 + (R + 300) ** 2 - 2 * R * (R + 300) * math.cos(math.radians(10)))
    arrival = interceptor_arrival((0, 0), np.array([up, away]), 90.0, 4.0, 0.5)
    assert arrival == pytest.approx([90.0 + 300.0 / 2.0, 90.0 + chord / 2.0], rel=1e-12)


def test_the_energy_ceiling_is_coasting_straight_up():
    # v^2 = 2 GM (1/R - 1/(R + 500)) gives 3.02 km/s to reach 500 km at all: 2.5 km/s
    # cannot, 4 km/s can (and then flies the chord at half its speed).
    needed = math.sqrt(2 * GM * (1 / R - 1 / (R + 500.0)))
    assert needed == pytest.approx(3.02, abs=0.005)
    point = np.array([[R + 500.0, 0.0, 0.0]])
    assert interceptor_arrival((0, 0), point, 60.0, 2.5, 0.5)[0] == math.inf
    assert interceptor_arrival((0, 0), point, 60.0, 4.0, 0.5)[0] == pytest.approx(
        60.0 + 500.0 / 2.0)
    assert energy_ceiling_km(2.5) < 500.0 < energy_ceiling_km(4.0)
    assert energy_ceiling_km(needed) == pytest.approx(500.0, rel=1e-9)
    assert energy_ceiling_km(math.sqrt(2 * GM / R)) == math.inf  # escape speed


@pytest.mark.parametrize("delay,speed,fraction,words", [
    (-1.0, 4.0, 0.5, "delay"), (0.0, 0.0, 0.5, "burnout speed"),
    (0.0, 4.0, 0.0, "fraction"), (0.0, 4.0, 1.1, "fraction"),
])
def test_interceptor_arguments_are_checked(delay, speed, fraction, words):
    with pytest.raises(ValueError, match=words):
        interceptor_arrival((0, 0), np.zeros((1, 3)) + R, delay, speed, fraction)


def test_no_intercept_if_the_interceptor_leaves_after_the_warhead_lands(track):
    late = track.time_s[-1] + 1.0
    result = engagement(track, (0.0, 22.5), late, 8.0, 1.0)
    assert not result.reachable.any()
    assert result.reachable_fraction == 0.0
    assert result.first_time_s is None and result.last_downrange_km is None
    assert result.best_margin_s < 0


def test_a_site_under_the_apogee_reaches_the_apogee(track):
    # Apogee at 976 km, 618 s after launch; 6 km/s at 80% covers it in 203 s after a 60 s
    # delay, so the margin there is 618 - 60 - 976/4.8 = 355 s.
    traj = track.trajectory
    result = engagement(track, (0.0, 22.5), 60.0, 6.0, 0.8)
    assert result.reachable[100]
    assert result.margin_s[100] == pytest.approx(
        traj.flight_time_s / 2 - 60.0 - traj.apogee_altitude_km / 4.8, abs=1e-6)
    assert result.first_time_s < track.time_s[100] < result.last_time_s
    assert result.first_downrange_km < R * PSI / 2 < result.last_downrange_km
    assert result.best_margin_s >= result.margin_s[100]


def test_the_delay_counts_from_the_missiles_launch_not_from_burnout():
    # With a 200 s boost the warhead is over the site at 200 + T/2; a 150 s delay (shorter
    # than the boost) leaves 200 + T/2 - 150 - h_a / (f v).
    boosted = missile_track(LAUNCH, TARGET, boost_time_s=200.0, n=201)
    traj = boosted.trajectory
    result = engagement(boosted, (0.0, 22.5), 150.0, 5.0, 0.6)
    assert result.margin_s[100] == pytest.approx(
        200.0 + traj.flight_time_s / 2 - 150.0 - traj.apogee_altitude_km / 3.0, abs=1e-6)


def test_points_below_the_minimum_altitude_do_not_count(track):
    result = engagement(track, (0.0, 40.0), 0.0, 8.0, 1.0, min_altitude_km=100.0)
    low = track.altitude_km <= 100.0
    assert low.any() and np.isnan(result.margin_s[low]).all()
    assert not result.reachable[low].any()
    # The first reachable point of a site near the target is on the way down, above 100 km.
    assert track.altitude_km[result.reachable].min() > 100.0
    lower = engagement(track, (0.0, 40.0), 0.0, 8.0, 1.0, min_altitude_km=20.0)
    assert lower.reachable.sum() > result.reachable.sum()
    never = engagement(track, (0.0, 40.0), 0.0, 8.0, 1.0, min_altitude_km=5000.0)
    assert never.best_margin_s is None and never.reachable_fraction == 0.0


def test_the_energy_ceiling_caps_the_reachable_part(track):
    # A 3 km/s interceptor tops out at 1 / (1/R - v^2 / 2 GM) - R = 494 km (worked by
    # hand), so however early it leaves it cannot meet the warhead near the 976 km apogee.
    result = engagement(track, (0.0, 22.5), 0.0, 3.0, 1.0)
    assert np.isneginf(result.margin_s[100])
    ceiling = energy_ceiling_km(3.0)
    assert ceiling == pytest.approx(493.7, abs=0.1)
    assert (track.altitude_km[result.reachable] <= ceiling).all()


SITE = np.array([R, 0.0, 0.0])


@pytest.mark.parametrize("speed", [3.0, 5.0, 8.0])
def test_straight_up_the_envelope_ends_at_the_energy_ceiling(speed):
    top = energy_ceiling_km(speed)
    inside, outside = SITE * (R + top - 1.0) / R, SITE * (R + top + 1.0) / R
    assert within_envelope(SITE, np.array([inside, outside]), speed).tolist() == [True, False]


@pytest.mark.parametrize("range_deg", [10.0, 45.0, 90.0])
def test_along_the_ground_the_envelope_ends_at_the_textbook_maximum_range(range_deg):
    # The speed whose minimum-energy flight covers psi is the least that reaches a point
    # psi away on the ground: sin(psi/2) = nu / (2 - nu), the orbits module's formula.
    psi = math.radians(range_deg)
    point = R * np.array([math.cos(psi), math.sin(psi), 0.0])
    speed = min_energy_speed(psi)
    assert within_envelope(SITE, point, speed * 1.0001)
    assert not within_envelope(SITE, point, speed * 0.999)


def test_at_escape_speed_every_point_is_within_reach_of_a_coasting_flight():
    far = np.array([[-3 * R, 0.0, 0.0], [0.0, 0.0, 10 * R]])
    assert within_envelope(SITE, far, math.sqrt(2 * GM / R)).all()
    # At 90% of escape speed a = R / 0.38, so 4a - R = 9.5 R: the point 10 R up is out.
    assert within_envelope(SITE, far, 0.9 * math.sqrt(2 * GM / R)).tolist() == [True, False]


def test_a_point_out_of_reach_of_every_coasting_flight_is_never_reached_in_time():
    # 45 deg away on the ground (5,004 km): a 5 km/s flight reaches at most
    # 2 R asin(nu / (2 - nu)) = 3,580 km, whatever the delay and the average speed.
    point = R * np.array([[math.cos(PSI), math.sin(PSI), 0.0]])
    assert np.isinf(interceptor_arrival((0.0, 0.0), point, 0.0, 5.0, 1.0)).all()
    assert np.isfinite(interceptor_arrival((0.0, 0.0), point, 0.0, 6.5, 1.0)).all()


SITES_FROM_MIDDLE_DEG = [5.0, 7.5, 10.0]
INTERCEPTORS = [(4.5, 0.7, 60.0), (5.0, 0.7, 120.0), (5.5, 0.6, 60.0), (6.0, 0.7, 120.0),
                (7.0, 0.6, 60.0)]


@pytest.mark.parametrize("offset", SITES_FROM_MIDDLE_DEG)
@pytest.mark.parametrize("speed,fraction,delay", INTERCEPTORS)
def test_head_on_beats_a_tail_chase_on_the_best_margin(track, offset, speed, fraction, delay):
    # Two sites on the ground track, equally far from its middle: the one towards the
    # target sees the missile coming; the one towards the launch point sees it going.
    ahead = engagement(track, (0.0, 22.5 + offset), delay, speed, fraction)
    behind = engagement(track, (0.0, 22.5 - offset), delay, speed, fraction)
    assert ahead.best_margin_s > behind.best_margin_s


def test_head_on_reaches_more_of_the_flight_for_a_modest_interceptor(track):
    # 4.5 km/s at 70% after 60 s, sites 7.5 deg (834 km) either side of the middle. Only
    # the ordering is expected (the site ahead sees the missile come to it); the module
    # gives 0.55 and 0.31. Not a law of the model: a faster interceptor from the site
    # behind also catches the ascent, which flies towards it, and may reach more (5 km/s
    # at 70% after 120 s, sites 5 deg from the middle: 0.59 ahead, 0.70 behind).
    ahead = engagement(track, (0.0, 30.0), 60.0, 4.5, 0.7)
    behind = engagement(track, (0.0, 15.0), 60.0, 4.5, 0.7)
    assert ahead.reachable_fraction > behind.reachable_fraction > 0


def test_mirror_sites_trade_early_points_for_late_ones(track):
    # The flight is symmetric about its middle, so the site behind sees at the mirrored
    # point what the site ahead sees, except that the warhead is there T - 2t earlier or
    # later: margin_behind(T - t) = margin_ahead(t) + T - 2t.
    t, total = track.time_s, track.trajectory.flight_time_s
    ahead = engagement(track, (0.0, 30.0), 120.0, 4.5, 0.7)
    behind = engagement(track, (0.0, 15.0), 120.0, 4.5, 0.7)
    finite = np.isfinite(ahead.margin_s)
    assert finite.sum() > 50
    assert behind.margin_s[::-1][finite] == pytest.approx(
        (ahead.margin_s + total - 2 * t)[finite], abs=1e-6)


def test_more_speed_or_less_delay_never_reaches_less(track):
    site = (2.0, 33.0)
    speeds, delays = [2.5, 3.0, 3.5, 4.5, 6.0, 8.0], [0.0, 60.0, 120.0, 240.0, 480.0]
    grid = np.array([[engagement(track, site, d, v, 0.7).reachable_fraction for d in delays]
                     for v in speeds])
    assert (np.diff(grid, axis=0) >= 0).all()  # faster: down the rows
    assert (np.diff(grid, axis=1) <= 0).all()  # later: along the columns
    assert grid[0, -1] < grid[-1, 0]  # and the grid is not flat
    # Point by point too: what a slower, later interceptor reaches, a faster, earlier one does.
    slow = engagement(track, site, 240.0, 3.5, 0.7).reachable
    fast = engagement(track, site, 120.0, 4.5, 0.7).reachable
    assert (fast | ~slow).all()


def test_a_point_below_the_sites_horizon_is_reached_over_it_not_through_the_earth():
    # 40 deg away at 1,000 km: the chord through the Earth is 4,790 km, the path over
    # the horizon R (40 deg - arccos(R/(R+1000))) + sqrt((R+1000)^2 - R^2).
    r = R + 1000.0
    point = r * np.array([math.cos(math.radians(40)), math.sin(math.radians(40)), 0.0])
    over = R * (math.radians(40) - math.acos(R / r)) + math.sqrt(r**2 - R**2)
    arrival = interceptor_arrival((0, 0), np.array([point]), 60.0, 8.0, 0.5)
    assert arrival == pytest.approx([60.0 + over / 4.0], rel=1e-12)


def test_straight_up_the_coast_takes_the_time_the_energy_equation_gives():
    # dt = dr / sqrt(v^2 - 2 GM (1/R - 1/r)), integrated numerically from R to R + 800 km.
    radii = np.linspace(R, R + 800.0, 400001)
    speeds = np.sqrt(25.0 - 2 * GM * (1 / R - 1 / radii))
    expected = float(np.sum((radii[1:] - radii[:-1]) * 2 / (speeds[1:] + speeds[:-1])))
    got = coast_time_s(SITE, np.array([R + 800.0, 0.0, 0.0]), 5.0)
    assert got == pytest.approx([expected], rel=1e-6)


@pytest.mark.parametrize("t_fraction", [0.2, 0.5, 0.9])
def test_the_coast_follows_the_depressed_ellipse_the_orbits_module_flies(t_fraction):
    # A 60 deg flight launched at 20 deg, below the minimum-energy 30 deg: the faster of
    # the two ellipses of its energy, so the coast time to any of its points is its own.
    traj = with_angle(math.radians(60.0), math.radians(20.0))
    t = t_fraction * traj.flight_time_s
    angle, radius = state_at(traj, t)
    point = radius * np.array([math.cos(angle), math.sin(angle), 0.0])
    assert coast_time_s(SITE, point, traj.speed_kms) == pytest.approx([t], rel=1e-7)


def test_a_lofted_ellipses_points_are_reached_sooner_on_the_faster_one():
    traj = with_angle(math.radians(60.0), math.radians(45.0))
    t = 0.5 * traj.flight_time_s
    angle, radius = state_at(traj, t)
    point = radius * np.array([math.cos(angle), math.sin(angle), 0.0])
    assert coast_time_s(SITE, point, traj.speed_kms)[0] < t


def test_the_coast_matches_a_numerical_shot_and_ends_at_the_envelope():
    # 40 deg away and 1,000 km up: integrating the two-body equations from the site at
    # 8 km/s over launch angles (0.25 deg steps) first passes within 14 km at 663 s.
    r = R + 1000.0
    point = r * np.array([math.cos(math.radians(40)), math.sin(math.radians(40)), 0.0])
    assert coast_time_s(SITE, point, 8.0) == pytest.approx([664.3], abs=1.0)
    assert np.isinf(coast_time_s(SITE, point, 5.0)).all()


def test_a_coast_that_would_leave_into_the_ground_takes_the_ellipse_over_the_top():
    # 80 deg away and 300 km up at 9.5 km/s: Lagrange's faster ellipse (901 s) leaves the
    # site heading down, and a numerical shot at any upward angle comes no closer than
    # 1,700 km in 2,000 s, so only the slower ellipse, over the top, is a coast.
    r = R + 300.0
    point = r * np.array([math.cos(math.radians(80)), math.sin(math.radians(80)), 0.0])
    assert coast_time_s(SITE, point, 9.5) == pytest.approx([11084.0], abs=1.0)
