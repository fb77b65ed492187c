"""Read results directories written by :class:`gymkit.wrappers.Monitor`.

- :func:`load_results` merges every monitor instance's episodes file of a directory into arrays
  sorted by wall time;
- :func:`learning_curve_series` splits the episodes by label (train, evaluation, ...), each with
  its own moving mean; :func:`plot_learning_curve` draws them to a PNG (matplotlib, the ``plot``
  extra);
- :func:`main_results` is ``gymkit results DIR``: a summary table, and the plot.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gymkit import error
from gymkit.wrappers.monitor import EPISODES_SUFFIX, MANIFEST_SUFFIX, PLOT_FILENAME

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "CurveSeries",
    "MonitorResults",
    "learning_curve_series",
    "load_results",
    "main_results",
    "plot_learning_curve",
]

# The per-episode array fields of MonitorResults, in order.
_ARRAY_FIELDS = (
    "returns",
    "lengths",
    "wall_times",
    "elapsed",
    "durations",
    "seeds",
    "terminated",
    "truncated",
    "episodes",
    "instances",
    "labels",
)


@dataclass(frozen=True)
class MonitorResults:
    """Every finished episode of a results directory, one array entry per episode, sorted by
    ``wall_times`` (ties keep each instance's episode order).

    ``seeds`` holds ``-1`` where the episode began without a seed. ``manifests`` maps each
    instance name to its manifest dict (``{}`` when the manifest file is missing).
    ``truncated_lines`` counts torn last lines skipped (written by a killed process).
    """

    directory: Path
    returns: np.ndarray
    lengths: np.ndarray
    wall_times: np.ndarray
    elapsed: np.ndarray
    durations: np.ndarray
    seeds: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray
    episodes: np.ndarray
    instances: np.ndarray
    labels: np.ndarray
    manifests: dict[str, dict[str, Any]] = field(default_factory=dict)
    truncated_lines: int = 0

    def __len__(self) -> int:
        return int(self.returns.shape[0])

    @property
    def env_ids(self) -> list[str]:
        """The distinct env ids of the directory's manifests (sorted; unknown ids left out)."""
        return sorted({m["env_id"] for m in self.manifests.values() if m.get("env_id")})

    @property
    def reward_threshold(self) -> float | None:
        """The env's reward threshold when every manifest agrees on one, else ``None``."""
        found = {m.get("reward_threshold") for m in self.manifests.values()}
        return found.pop() if len(found) == 1 else None

    def videos(self) -> list[Path]:
        """Every MP4 under the directory's ``videos/`` folder, sorted by modification time."""
        folder = self.directory / "videos"
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.mp4"), key=lambda p: (p.stat().st_mtime, p.name))

    def select(self, label: str) -> MonitorResults:
        """Only the episodes whose monitor had ``label``."""
        keep = self.labels == label
        arrays = {name: getattr(self, name)[keep] for name in _ARRAY_FIELDS}
        kept = set(arrays["instances"].tolist())
        manifests = {k: v for k, v in self.manifests.items() if k in kept}
        return MonitorResults(self.directory, **arrays, manifests=manifests)


def _read_episodes(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Episode records of one file; a torn final line (no newline, bad JSON) is skipped."""
    data = path.read_bytes()
    lines = data.split(b"\n")
    torn = 0
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            if number == len(lines):  # the last line, cut off mid-write by a killed process
                torn += 1
                continue
            raise error.CorruptResults(
                f"{path}:{number} is not a JSON episode record ({line[:80]!r}); the file was "
                "changed by something other than a gymkit Monitor"
            ) from None
        if not isinstance(record, dict) or "return" not in record or "length" not in record:
            raise error.CorruptResults(
                f"{path}:{number} is not a Monitor episode record (expected an object with "
                f"'return' and 'length'), got {line[:80]!r}"
            )
        records.append(record)
    return records, torn


def load_results(directory: str | os.PathLike[str]) -> MonitorResults:
    """Merge every ``*.episodes.jsonl`` of ``directory`` (one per Monitor instance).

    Returns a :class:`MonitorResults` of arrays sorted by wall time. Raises
    :class:`gymkit.error.ResultsNotFound` when ``directory`` does not exist or holds no
    episodes file, and :class:`gymkit.error.CorruptResults` when a line other than a file's last
    is not an episode record.
    """
    import numpy as np

    root = Path(directory)
    if not root.is_dir():
        raise error.ResultsNotFound(
            f"results directory {str(root)!r} does not exist; pass the directory given to "
            "Monitor(env, directory) or to gymkit run --monitor"
        )
    files = sorted(root.glob(f"*{EPISODES_SUFFIX}"))
    if not files:
        raise error.ResultsNotFound(
            f"{str(root)!r} holds no monitor episodes file (*{EPISODES_SUFFIX}); is it a "
            "directory written by gymkit.wrappers.Monitor?"
        )
    rows: list[tuple[dict[str, Any], str]] = []
    manifests: dict[str, dict[str, Any]] = {}
    torn = 0
    for path in files:
        instance = path.name[: -len(EPISODES_SUFFIX)]
        records, skipped = _read_episodes(path)
        torn += skipped
        rows.extend((record, instance) for record in records)
        manifest_path = root / f"{instance}{MANIFEST_SUFFIX}"
        try:
            manifests[instance] = json.loads(manifest_path.read_text())
        except (OSError, ValueError):
            manifests[instance] = {}
    rows.sort(
        key=lambda row: (float(row[0].get("wall_time", 0.0)), row[1], row[0].get("episode", 0))
    )

    def column(name: str, dtype: Any, default: Any) -> np.ndarray:
        values = [record.get(name, default) for record, _ in rows]
        return np.array([default if v is None else v for v in values], dtype=dtype)

    return MonitorResults(
        directory=root,
        returns=column("return", np.float64, np.nan),
        lengths=column("length", np.int64, 0),
        wall_times=column("wall_time", np.float64, np.nan),
        elapsed=column("elapsed", np.float64, np.nan),
        durations=column("duration", np.float64, np.nan),
        seeds=column("seed", np.int64, -1),
        terminated=column("terminated", bool, False),
        truncated=column("truncated", bool, False),
        episodes=column("episode", np.int64, -1),
        instances=np.array([instance for _, instance in rows], dtype=str),
        labels=column("label", str, ""),
        manifests=manifests,
        truncated_lines=torn,
    )


def moving_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of the last ``window`` values at each index (fewer at the start)."""
    import numpy as np

    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    sums = np.cumsum(np.concatenate([[0.0], np.asarray(values, dtype=np.float64)]))
    index = np.arange(1, len(values) + 1)
    start = np.maximum(index - window, 0)
    return (sums[index] - sums[start]) / (index - start)


@dataclass(frozen=True)
class CurveSeries:
    """The episodes of one label on the learning curve.

    ``positions`` are the episodes' places among all the directory's episodes in wall-time
    order (the shared x axis), ``returns`` their returns, and ``mean`` the moving mean of the
    last ``window`` returns of this label only.
    """

    label: str
    positions: np.ndarray
    returns: np.ndarray
    mean: np.ndarray
    window: int

    @property
    def name(self) -> str:
        """The label as shown in a legend (``"unlabelled"`` for ``""``)."""
        return self.label or "unlabelled"


def learning_curve_series(results: MonitorResults, window: int = 100) -> list[CurveSeries]:
    """One :class:`CurveSeries` per label of ``results`` (train and evaluation episodes are
    never averaged together), in the order the labels first appear."""
    import numpy as np

    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    labels = list(dict.fromkeys(results.labels.tolist()))
    series = []
    for label in labels:
        positions = np.flatnonzero(results.labels == label)
        returns = results.returns[positions]
        series.append(CurveSeries(label, positions, returns, moving_mean(returns, window), window))
    return series


def draw_learning_curve(
    results: MonitorResults, axes: Any, *, window: int = 100, title: str | None = None
) -> list[CurveSeries]:
    """Draw :func:`learning_curve_series` on matplotlib ``axes``: per label, each episode's
    return as a dot and its moving mean as a line of the same colour, labelled in the legend;
    the env's reward threshold as a dashed line when known. Returns the series drawn."""
    series = learning_curve_series(results, window)
    for index, one in enumerate(series):
        colour = f"C{index % 10}"
        axes.plot(
            one.positions,
            one.returns,
            ".",
            color=colour,
            markersize=3,
            alpha=0.35,
            label=f"{one.name}: episode return",
        )
        axes.plot(
            one.positions,
            one.mean,
            color=colour,
            linewidth=2,
            label=f"{one.name}: mean of its last {window}",
        )
    threshold = results.reward_threshold
    if threshold is not None:
        axes.axhline(threshold, color="grey", linestyle="--", label=f"threshold {threshold:g}")
    axes.set_xlabel("episode (every label, in wall-time order)")
    axes.set_ylabel("return")
    axes.set_title(title or ", ".join(results.env_ids) or str(results.directory.name))
    axes.legend(loc="best", fontsize="small")
    axes.grid(alpha=0.3)
    return series


def plot_learning_curve(
    results: MonitorResults,
    path: str | os.PathLike[str],
    *,
    window: int = 100,
    title: str | None = None,
) -> Path:
    """Draw the learning curve (:func:`draw_learning_curve`: one series per label, each with
    its own ``window``-episode moving mean) to the PNG ``path``; return ``path``.

    Raises :class:`gymkit.error.DependencyNotInstalled` (naming the ``plot`` extra) without
    matplotlib, and :class:`gymkit.error.ResultsNotFound` for results with no episode.
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise error.DependencyNotInstalled(
            f"plotting needs matplotlib, which is not installed ({exc}); install it with: "
            "pip install 'gymkit-core[plot]'"
        ) from exc

    if len(results) == 0:
        raise error.ResultsNotFound(f"{results.directory} has no finished episode to plot")
    out = Path(path)
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    try:
        draw_learning_curve(results, axes, window=window, title=title)
        figure.tight_layout()
        figure.savefig(out, format="png")
    finally:
        plt.close(figure)
    return out


def main_results(directory: str | os.PathLike[str], plot: bool = True) -> int:
    """``gymkit results DIR``: print a summary per monitor instance and overall; with ``plot``,
    write ``DIR/learning_curve.png``. Returns the exit code (0)."""
    import numpy as np
    from rich import box
    from rich.console import Console
    from rich.table import Table

    results = load_results(directory)
    console = Console(highlight=False)
    envs = ", ".join(results.env_ids) or "envs built without make"
    # Fits 80 columns without cutting a header or a number: no borders, headers on two lines,
    # and the monitor instance (pid-token) is the one column that may fold.
    table = Table(
        title=f"{envs}: results in {results.directory}",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        box=box.SIMPLE_HEAD,
    )
    table.add_column("label", no_wrap=True)
    table.add_column("monitor", overflow="fold", min_width=5)
    for name in ["episodes", "mean\nreturn", "last 100\nmean", "best\nreturn", "mean\nlength"]:
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("steps", justify="right", no_wrap=True)

    def add_row(name: str, label: str, keep: np.ndarray) -> None:
        returns, lengths = results.returns[keep], results.lengths[keep]
        if returns.size == 0:
            table.add_row(label, name, "0", "-", "-", "-", "-", "0")
            return
        table.add_row(
            label,
            name,
            str(returns.size),
            f"{returns.mean():.1f}",
            f"{returns[-100:].mean():.1f}",
            f"{returns.max():.1f}",
            f"{lengths.mean():.1f}",
            str(int(lengths.sum())),
        )

    ordered = sorted(results.manifests.items(), key=lambda item: item[1].get("start_time", 0.0))
    for instance, manifest in ordered:
        short = instance.removeprefix("monitor-")  # pid-token
        add_row(short, manifest.get("label", ""), results.instances == instance)
    table.add_section()
    add_row("", "all", np.ones(len(results), dtype=bool))
    console.print(table)
    if results.truncated_lines:
        console.print(
            f"[yellow]{results.truncated_lines} torn last line(s) skipped "
            "(written by a process that was killed mid-write)[/]"
        )
    videos = results.videos()
    if videos:
        console.print(
            f"videos: {len(videos)} in {results.directory / 'videos'}; last: {videos[-1]}",
            soft_wrap=True,
        )
    if plot:
        try:
            png = plot_learning_curve(results, results.directory / PLOT_FILENAME)
        except error.DependencyNotInstalled as exc:
            console.print(f"[yellow]no plot:[/] {exc}")
        else:
            console.print(f"learning curve: {png}", soft_wrap=True)
    return 0
