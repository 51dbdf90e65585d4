"""The free flight: closed forms checked against independent derivations (Lambert's
minimum-energy ellipse, the range equation) and against a numerical integration of
point-mass gravity, so a wrong sign, unit or factor fails."""

import math

import numpy as np
import pytest

from companion.physics.orbits import (
    GM_KM3_S2,
    eccentric_anomaly,
    min_energy,
    min_energy_speed,
    path,
    state_at,
    trajectory,
    with_angle,
)

# The model's constants, typed again here rather than imported, so that a changed constant
# in the module fails these tests.
R = 6371.0
GM = 398600.4418
RANGES_KM = [1000.0, 5000.0, 10000.0]


def _acceleration(x, y):
    r3 = (x * x + y * y) ** 1.5
    return -GM * x / r3, -GM * y / r3


def _rk4_step(state, h):
    """One classical Runge-Kutta step of Newtonian point-mass gravity in the plane."""
    def derivative(s):
        ax, ay = _acceleration(s[0], s[1])
        return (s[2], s[3], ax, ay)

    k1 = derivative(state)
    k2 = derivative([s + h / 2 * k for s, k in zip(state, k1, strict=True)])
    k3 = derivative([s + h / 2 * k for s, k in zip(state, k2, strict=True)])
    k4 = derivative([s + h * k for s, k in zip(state, k3, strict=True)])
    return [s + h / 6 * (a + 2 * b + 2 * c + d)
            for s, a, b, c, d in zip(state, k1, k2, k3, k4, strict=True)]


def integrate(r, speed, gamma, dt=0.5):
    """Fly a burnout state (radius r km on the x axis, speed km/s at gamma above the local
    horizontal, moving towards +y) by RK4 until it is back at radius r. Returns the
    re-entry time (s), the range angle (rad), the largest radius and the speed there, and
    the samples (time, angle, radius) every dt seconds."""
    state = [r, 0.0, speed * math.sin(gamma), speed * math.cos(gamma)]
    t, samples = 0.0, []
    apogee, apogee_speed = r, speed
    while True:
        radius = math.hypot(state[0], state[1])
        samples.append((t, math.atan2(state[1], state[0]), radius))
        if radius > apogee:
            apogee, apogee_speed = radius, math.hypot(state[2], state[3])
        following = _rk4_step(state, dt)
        if t > 0 and math.hypot(following[0], following[1]) < r:
            break
        state, t = following, t + dt
    # Bisect the last step for the moment the radius is back at r.
    low, high = 0.0, dt
    for _ in range(60):
        middle = (low + high) / 2
        end = _rk4_step(state, middle)
        low, high = (middle, high) if math.hypot(end[0], end[1]) > r else (low, middle)
    end = _rk4_step(state, low)
    return t + low, math.atan2(end[1], end[0]), apogee, apogee_speed, samples


def lambert_min_energy_speed(ground_km, r=R):
    """The minimum burnout speed by another road: the minimum-energy ellipse between two
    points at radius r has a = s/2, s = (r1 + r2 + chord)/2 (Lambert), and vis-viva gives
    v^2 = GM (2/r - 1/a)."""
    chord = 2 * r * math.sin(ground_km / R / 2)
    a = (r + r + chord) / 2 / 2
    return math.sqrt(GM * (2 / r - 1 / a))


def range_equation(nu, gamma):
    """Range angle from tan(psi/2) = nu sin g cos g / (1 - nu cos^2 g) (rad)."""
    return 2 * math.atan2(nu * math.sin(gamma) * math.cos(gamma),
                          1 - nu * math.cos(gamma) ** 2)


def test_the_constants_are_the_stated_ones():
    # From the brief: GM = 398600.4418 km^3/s^2 (the Earth's, as in WGS 84 / EGM96).
    assert GM_KM3_S2 == GM


# Lambert's minimum-energy ellipse, worked by hand: 3.02, 5.88 and 7.20 km/s.
@pytest.mark.parametrize("ground_km,rounded", list(zip(RANGES_KM, [3.02, 5.88, 7.20],
                                                          strict=True)))
def test_min_energy_speed_agrees_with_lamberts_ellipse(ground_km, rounded):
    traj = min_energy(ground_km / R)
    assert traj.speed_kms == pytest.approx(lambert_min_energy_speed(ground_km), rel=1e-12)
    assert traj.speed_kms == pytest.approx(rounded, abs=0.005)
    assert min_energy_speed(ground_km / R) == pytest.approx(traj.speed_kms, rel=1e-12)
    assert traj.radius_km == R and traj.range_angle == ground_km / R


@pytest.mark.parametrize("ground_km", RANGES_KM)
def test_min_energy_angle_bisects_the_vertical_and_the_line_to_the_target(ground_km):
    # Geometry of the minimum-energy ellipse: the burnout velocity bisects the angle
    # between the local vertical (+90 deg) and the chord to the target, which dips psi/2
    # below the horizontal.
    psi = ground_km / R
    assert min_energy(psi).gamma == pytest.approx((math.pi / 2 + (-psi / 2)) / 2, rel=1e-12)


@pytest.mark.parametrize("ground_km", RANGES_KM)
def test_min_energy_flight_comes_back_at_the_range_and_time_when_integrated(ground_km):
    # Expected values: a direct RK4 integration of GM/r^2 from the burnout state.
    traj = min_energy(ground_km / R)
    time, angle, apogee, _, _ = integrate(R, traj.speed_kms, traj.gamma)
    assert angle == pytest.approx(ground_km / R, rel=1e-6)  # the brief asks 1e-3
    assert traj.flight_time_s == pytest.approx(time, abs=0.01)  # the brief asks 1 s
    assert traj.apogee_radius_km == pytest.approx(apogee, abs=0.01)


@pytest.mark.parametrize("ground_km", RANGES_KM)
def test_no_other_flight_path_angle_needs_less_speed(ground_km):
    # The range equation solved for nu at angles either side of gamma*: all need more.
    psi = ground_km / R
    best = min_energy(psi)
    for gamma in best.gamma + np.array([-0.2, -0.05, -0.01, 0.01, 0.05, 0.2]):
        assert with_angle(psi, gamma).speed_kms > best.speed_kms


@pytest.mark.parametrize("ground_km", RANGES_KM)
def test_apogee_conserves_energy_and_angular_momentum(ground_km):
    # At apogee the velocity is horizontal: v_a = h / r_a with h = r v cos(gamma), and the
    # specific energy v^2/2 - GM/r is the burnout's. The integration's fastest-at-top
    # sample gives the same speed.
    traj = min_energy(ground_km / R)
    h = R * traj.speed_kms * math.cos(traj.gamma)
    v_apogee = h / traj.apogee_radius_km
    energy = traj.speed_kms**2 / 2 - GM / R
    assert v_apogee**2 / 2 - GM / traj.apogee_radius_km == pytest.approx(energy, rel=1e-10)
    assert traj.apogee_altitude_km == pytest.approx(traj.apogee_radius_km - R, abs=1e-9)
    _, _, _, integrated_speed, _ = integrate(R, traj.speed_kms, traj.gamma)
    assert integrated_speed == pytest.approx(v_apogee, abs=1e-5)


@pytest.mark.parametrize("ground_km", RANGES_KM)
def test_lofted_and_depressed_straddle_the_minimum(ground_km):
    # At 1.05 x the minimum speed both solutions fly the same range (range equation and
    # integration), one each side of gamma*; the lofted one is higher and longer.
    psi = ground_km / R
    best = min_energy(psi)
    speed = 1.05 * best.speed_kms
    high, low = trajectory(psi, speed, lofted=True), trajectory(psi, speed, lofted=False)
    nu = speed**2 * R / GM
    for traj in (high, low):
        assert traj.speed_kms == pytest.approx(speed, rel=1e-12)
        assert range_equation(nu, traj.gamma) == pytest.approx(psi, rel=1e-10)
        time, angle, apogee, _, _ = integrate(R, speed, traj.gamma)
        assert angle == pytest.approx(psi, rel=1e-6)
        assert traj.flight_time_s == pytest.approx(time, abs=0.01)
        assert traj.apogee_radius_km == pytest.approx(apogee, abs=0.01)
    assert low.gamma < best.gamma < high.gamma
    assert high.flight_time_s > best.flight_time_s > low.flight_time_s
    assert high.apogee_radius_km > best.apogee_radius_km > low.apogee_radius_km


def test_at_the_minimum_speed_both_solutions_are_the_minimum_energy_one():
    psi = 5000.0 / R
    best = min_energy(psi)
    for lofted in (True, False):
        assert trajectory(psi, best.speed_kms, lofted).gamma == pytest.approx(best.gamma,
                                                                               abs=1e-6)


def test_a_speed_below_the_minimum_is_refused_naming_the_minimum():
    # 5.8834 km/s: Lambert's minimum for 5,000 km, worked above.
    expected = f"{lambert_min_energy_speed(5000.0):.4f}"
    with pytest.raises(ValueError, match=f"minimum-energy speed {expected} km/s"):
        trajectory(5000.0 / R, 5.5, lofted=True)


def test_escape_speed_and_a_depressed_flight_above_circular_speed_are_refused():
    # Circular speed sqrt(GM/R) = 7.91 km/s; escape speed sqrt(2) times that, 11.19 km/s.
    psi = 10000.0 / R
    with pytest.raises(ValueError, match="escape speed 11.18"):
        trajectory(psi, 11.2, lofted=True)
    with pytest.raises(ValueError, match="circular speed 7.909"):
        trajectory(psi, 8.0, lofted=False)
    assert trajectory(psi, 8.0, lofted=True).gamma > min_energy(psi).gamma


@pytest.mark.parametrize("bad", [0.0, -0.1, math.pi, 4.0])
def test_range_angles_outside_the_open_half_circle_are_refused(bad):
    with pytest.raises(ValueError, match="outside"):
        min_energy(bad)


@pytest.mark.parametrize("gamma", [0.1, 0.4, 0.8, 1.2])
def test_with_angle_solves_the_range_equation(gamma):
    # The brief's form of the same solution, nu = (1 - cos psi) / (cos g (cos g -
    # cos(g + psi))), and an integration of the burnout state.
    psi = 5000.0 / R
    traj = with_angle(psi, gamma)
    brief = (1 - math.cos(psi)) / (math.cos(gamma) * (math.cos(gamma) - math.cos(gamma + psi)))
    assert traj.speed_kms**2 * R / GM == pytest.approx(brief, rel=1e-12)
    assert range_equation(brief, gamma) == pytest.approx(psi, rel=1e-12)
    time, angle, _, _, _ = integrate(R, traj.speed_kms, gamma)
    assert angle == pytest.approx(psi, rel=1e-6)
    assert traj.flight_time_s == pytest.approx(time, abs=0.01)


def test_with_angle_and_trajectory_are_inverses():
    psi = 10000.0 / R
    for lofted in (True, False):
        traj = trajectory(psi, 7.5, lofted)
        assert with_angle(psi, traj.gamma).speed_kms == pytest.approx(7.5, rel=1e-12)


@pytest.mark.parametrize("gamma", [0.0, -0.1, math.pi / 2])
def test_with_angle_refuses_angles_outside_the_quarter_circle(gamma):
    with pytest.raises(ValueError, match="outside"):
        with_angle(1.0, gamma)


def test_burnout_above_the_surface_flies_from_and_to_that_radius():
    # Integration from 200 km up; the apogee altitude is still counted from the surface.
    r = R + 200.0
    psi = 3000.0 / R
    traj = min_energy(psi, r)
    time, angle, apogee, _, _ = integrate(r, traj.speed_kms, traj.gamma)
    assert traj.speed_kms < min_energy(psi).speed_kms
    assert angle == pytest.approx(psi, rel=1e-6)
    assert traj.flight_time_s == pytest.approx(time, abs=0.01)
    assert traj.apogee_altitude_km == pytest.approx(apogee - R, abs=0.01)


@pytest.mark.parametrize("ground_km", RANGES_KM)
def test_state_at_follows_the_integrated_flight(ground_km):
    traj = min_energy(ground_km / R)
    *_, samples = integrate(R, traj.speed_kms, traj.gamma)
    for t, angle, radius in samples[::50]:
        assert state_at(traj, t) == pytest.approx((angle, radius), rel=1e-7, abs=1e-9)
    assert state_at(traj, 0.0) == pytest.approx((0.0, R), abs=1e-9)
    assert state_at(traj, traj.flight_time_s) == pytest.approx((traj.range_angle, R),
                                                                abs=1e-8)
    assert state_at(traj, traj.flight_time_s / 2) == pytest.approx(
        (traj.range_angle / 2, traj.apogee_radius_km), abs=1e-8)


def test_state_at_refuses_times_outside_the_flight():
    traj = min_energy(1.0)
    for t in (-1.0, traj.flight_time_s + 1.0):
        with pytest.raises(ValueError, match="outside the free flight"):
            state_at(traj, t)


def test_path_is_the_flight_sampled_evenly_in_time():
    traj = min_energy(5000.0 / R)
    t, angle, altitude = path(traj, 101)
    assert len(t) == len(angle) == len(altitude) == 101
    assert t[0] == 0 and t[-1] == traj.flight_time_s
    assert np.allclose(np.diff(t), traj.flight_time_s / 100)
    assert angle[0] == 0 and angle[-1] == pytest.approx(traj.range_angle, abs=1e-12)
    assert np.all(np.diff(angle) > 0)
    # Symmetric about the apogee, which is the middle point.
    assert np.allclose(altitude, altitude[::-1], atol=1e-6)
    assert altitude[50] == pytest.approx(traj.apogee_altitude_km, abs=1e-6)
    assert altitude.max() == altitude[50]
    assert altitude[[0, -1]] == pytest.approx([0, 0], abs=1e-6)
    for i in (10, 33, 77):
        assert (angle[i], altitude[i] + R) == pytest.approx(state_at(traj, t[i]), abs=1e-9)
    with pytest.raises(ValueError, match="at least 2"):
        path(traj, 1)


@pytest.mark.parametrize("e", [0.0, 0.3, 0.92, 0.999])
def test_keplers_equation_is_solved_to_its_tolerance(e):
    mean = np.linspace(0.0, 2 * math.pi, 1001)
    eccentric = eccentric_anomaly(mean, e)
    assert np.max(np.abs(eccentric - e * np.sin(eccentric) - mean)) < 1e-12
