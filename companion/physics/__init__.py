"""The physics behind the book's missile-defence figures: where a ballistic missile is
during its free flight, and whether an interceptor could be there first. A spherical,
non-rotating Earth without atmosphere, a boost phase replaced by a burnout state, a Kepler
ellipse from burnout to re-entry (:mod:`~companion.physics.orbits`), the sphere's geometry
(:mod:`~companion.physics.geometry`) and a straight-line fly-out at a constant average
speed with an energy ceiling (:mod:`~companion.physics.reach`); each module states what it
neglects.
"""

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
from companion.physics.orbits import (
    GM_KM3_S2,
    Trajectory,
    eccentric_anomaly,
    min_energy,
    min_energy_speed,
    path,
    state_at,
    trajectory,
    with_angle,
)
from companion.physics.reach import (
    Engagement,
    Track,
    energy_ceiling_km,
    engagement,
    interceptor_arrival,
    missile_track,
    within_envelope,
)

__all__ = ["EARTH_RADIUS_KM", "GM_KM3_S2", "Engagement", "Track", "Trajectory", "along",
           "central_angle", "chord_km", "eccentric_anomaly", "energy_ceiling_km",
           "engagement", "great_circle_km", "initial_bearing_deg", "interceptor_arrival",
           "latlon",
    "over_the_horizon_km", "min_energy", "min_energy_speed", "missile_track", "path", "state_at",
           "to_cartesian", "trajectory", "unit_vector", "with_angle", "within_envelope"]
