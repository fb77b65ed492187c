"""The Ray cases' logic without Ray: the cost-model fit, and "not measured" where Ray is absent."""

from __future__ import annotations

import importlib.util

import pytest

from benchmarks import ray_vector
from benchmarks.harness import run_case


def test_the_cost_model_fit_recovers_a_line_per_regime():
    times = {k: 3.5 + 0.0002 * k for k in ray_vector.INLINE_FIT}
    times.update({k: 6.0 + 0.0015 * k for k in ray_vector.STORE_FIT})
    model = ray_vector.fit_regimes(times)
    assert model["inline"] == pytest.approx((3.5, 0.0002))
    assert model["store"] == pytest.approx((6.0, 0.0015))


def test_the_regimes_split_at_the_inline_limit():
    reply_bytes = 16 + 8 + 2  # CartPole observation, reward, two flags per env
    assert max(ray_vector.INLINE_FIT + ray_vector.INLINE_CHECK) * reply_bytes < 100 * 1024
    assert min(ray_vector.STORE_FIT + ray_vector.STORE_CHECK) * reply_bytes > 100 * 1024


@pytest.mark.skipif(importlib.util.find_spec("ray") is not None, reason="Ray is installed here")
def test_every_ray_case_reads_not_measured_without_ray():
    for case in ray_vector.cases():
        (result,) = run_case(case, quick=True, repeats=1)
        assert not result.samples
        assert "ray is not installed" in result.error
