"""A local multi-node Ray cluster for the tests: ``ray.cluster_utils.Cluster`` with a head and
two worker nodes of one CPU each (simulated nodes: separate raylets on this machine), shut down
at the end of the session. Every test is time-bounded (pytest-timeout)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
# Actors import the test envs' module: the nodes (and so their workers) inherit this path.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)
NODE_ARGS: dict[str, Any] = {"num_cpus": 1, "object_store_memory": 96 * 1024 * 1024}


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[Any]:
    """A head + 2 worker nodes (1 CPU each); this process is connected as the driver."""
    import ray
    from ray.cluster_utils import Cluster

    cluster = Cluster(
        initialize_head=True,
        head_node_args={**NODE_ARGS, "include_dashboard": False},
    )
    try:
        for _ in range(2):
            cluster.add_node(**NODE_ARGS)
        cluster.wait_for_nodes()
        ray.init(address=cluster.address, logging_level="WARNING", log_to_driver=False)
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


@pytest.fixture
def cluster_cpus(ray_cluster: Any) -> float:
    """Wait until every CPU of the cluster is free again (actors of earlier tests gone)."""
    import time

    import ray

    total = ray.cluster_resources().get("CPU", 0.0)
    deadline = time.monotonic() + 60
    while ray.available_resources().get("CPU", 0.0) < total and time.monotonic() < deadline:
        time.sleep(0.2)
    return float(total)


@pytest.fixture(scope="session")
def test_envs() -> Any:
    import gymkit_ray_test_envs

    gymkit_ray_test_envs.register()
    return gymkit_ray_test_envs
