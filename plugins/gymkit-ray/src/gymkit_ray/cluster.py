"""Joining a Ray cluster for the ``"ray"`` mode: address checks, start-up and shut-down.

A vector env that started Ray itself (``address=None`` and no Ray in this process yet) holds a
lease; when the last such env closes, Ray is shut down, so nothing is left running.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

__all__ = ["acquire", "check_reachable", "cluster_cpus", "release"]

_leases = {"count": 0, "started_here": False}

UNREACHABLE_HINT = (
    "start a cluster with `ray start --head --port=6379` on the head node (and `ray start "
    "--address=<head-ip>:6379` on each worker node), then pass address='<head-ip>:6379' or "
    "'auto' on a node of it; address=None starts a local Ray on this machine"
)


def _host_port(address: str) -> tuple[str, int] | None:
    """``(host, port)`` of ``"host:port"`` / ``"ray://host:port"``, ``None`` if it has no port."""
    rest = address.split("://", 1)[1] if "://" in address else address
    host, colon, port = rest.rpartition(":")
    if not colon or not port.isdigit():
        return None
    return host.strip("[]") or "127.0.0.1", int(port)


def check_reachable(address: str, timeout: float = 5.0) -> None:
    """Raise ``ConnectionError`` unless something listens at ``address`` (within ``timeout``).

    Ray itself can retry an unreachable address for minutes; this answers in seconds.
    """
    target = _host_port(address)
    if target is None:
        raise ValueError(
            f"vector_kwargs['address'] must be None, 'auto', 'host:port' or 'ray://host:port', "
            f"got {address!r}"
        )
    try:
        with socket.create_connection(target, timeout=timeout):
            pass
    except OSError as exc:
        raise ConnectionError(
            f"make_vec(vectorization_mode='ray'): no Ray cluster answers at address "
            f"{address!r} ({type(exc).__name__}: {exc}); {UNREACHABLE_HINT}"
        ) from exc


def acquire(address: str | None) -> bool:
    """Make sure this process is connected to Ray; return whether this call holds a lease
    (Ray was started or joined here and must be shut down by :func:`release`)."""
    import ray

    if address not in (None, "auto"):
        check_reachable(str(address))
    if ray.is_initialized():
        if _leases["started_here"]:
            _leases["count"] += 1
            return True
        return False  # the user's own ray.init(): theirs to shut down
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            logging_level="WARNING",
            log_to_driver=False,
        )
    except ConnectionError as exc:
        raise ConnectionError(
            f"make_vec(vectorization_mode='ray'): cannot join a Ray cluster at address "
            f"{address!r}: {exc}; {UNREACHABLE_HINT}"
        ) from exc
    _leases["started_here"] = True
    _leases["count"] = 1
    return True


def release() -> None:
    """Give back a lease of :func:`acquire`; the last one shuts Ray down in this process."""
    _leases["count"] -= 1
    if _leases["count"] <= 0 and _leases["started_here"]:
        _leases["count"] = 0
        _leases["started_here"] = False
        import ray

        with contextlib.suppress(Exception):
            ray.shutdown()


def cluster_cpus() -> tuple[float, float, list[dict[str, Any]]]:
    """``(total CPUs, available CPUs, alive nodes)`` of the connected cluster."""
    import ray

    nodes = [n for n in ray.nodes() if n.get("Alive")]
    total = float(ray.cluster_resources().get("CPU", 0.0))
    available = float(ray.available_resources().get("CPU", 0.0))
    return total, available, nodes
