"""Settings shared by every test suite of the repo."""

from hypothesis import HealthCheck, settings

# Shared machines are noisy: no per-example deadline; examples are counted, never timed.
settings.register_profile("gymkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gymkit")
