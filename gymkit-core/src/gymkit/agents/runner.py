"""``gymkit run ID --agent {random,cem,heuristic} [--monitor DIR]``: train/run an agent, monitored.

The heuristic agent plays the env's own controller (``heuristic_policy``, see
:mod:`gymkit.agents.heuristic`) for ``episodes`` episodes, recording a video of the first.

The CEM run trains on a monitored env (label ``"train"``, videos on the cubic schedule), then
evaluates the learned policy on a second monitor in the same directory (label
``"evaluation"``, a video of its first episode), plots the learning curve and prints where the
results, the plot and the video are, and the mean evaluation return.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gymkit import error

if TYPE_CHECKING:
    import numpy as np
    from rich.console import Console

    from gymkit.core import Env

__all__ = ["AGENT_NAMES", "make_for_run", "run_agent"]

AGENT_NAMES = ("random", "cem", "heuristic")


def make_for_run(env_id: str, render: bool) -> Env[Any, Any]:
    """``make(env_id)``; with ``render``, in ``"human"`` mode — through ``HumanRendering`` when
    the env draws ``rgb_array`` frames but has no window of its own."""
    import gymkit

    if not render:
        return gymkit.make(env_id)
    try:
        return gymkit.make(env_id, render_mode="human")
    except error.UnsupportedMode:
        from gymkit.wrappers import HumanRendering

        return HumanRendering(gymkit.make(env_id, render_mode="rgb_array"))


def _make(env_id: str, video: bool, render: bool) -> Env[Any, Any]:
    import gymkit

    if video:
        return gymkit.make(env_id, render_mode="rgb_array")
    if render:
        return make_for_run(env_id, render=True)
    return gymkit.make(env_id)


def _wants_video(env_id: str, video: bool | None, monitor: str | os.PathLike[str] | None) -> bool:
    """``--video`` as asked; by default on when monitoring an env that draws rgb_array frames."""
    if monitor is None:
        if video:
            raise error.InvalidWrapperArgument(
                "--video records into the monitor directory; pass --monitor DIR as well"
            )
        return False
    if video is not None:
        return video
    import gymkit

    with gymkit.make(env_id, disable_env_checker=True) as probe:
        modes = probe.metadata.get("render_modes", [])
    return "rgb_array" in modes


def _monitored(
    env: Env[Any, Any],
    monitor: str | os.PathLike[str] | None,
    video: Any,
    label: str,
    existing: str | None = None,
) -> Env[Any, Any]:
    """``env`` in a Monitor writing to ``monitor`` (if given); ``existing`` says what to do with
    results already there: ``None`` refuse, ``"resume"`` append, ``"force"`` delete them."""
    if monitor is None:
        return env
    from gymkit.wrappers.monitor import Monitor

    try:
        return Monitor(
            env,
            monitor,
            video=video,
            label=label,
            resume=existing == "resume",
            force=existing == "force",
        )
    except BaseException:
        env.close()
        raise


def run_agent(
    env_id: str,
    agent: str = "random",
    *,
    seed: int | None = None,
    episodes: int = 1,
    monitor: str | os.PathLike[str] | None = None,
    video: bool | None = None,
    eval_episodes: int = 100,
    max_iterations: int = 50,
    render: bool = False,
    resume: bool = False,
    force: bool = False,
    console: Console | None = None,
) -> int:
    """Run ``agent`` on ``env_id`` and print a summary; return the exit code.

    ``random`` plays ``episodes`` episodes; ``heuristic`` plays ``episodes`` episodes with the
    env's own controller (exit code 2 when their mean is below the reward threshold). ``cem``
    trains until its mean policy reaches the env's reward threshold (at most
    ``max_iterations`` iterations), then plays ``eval_episodes`` evaluation episodes; exit
    code 2 when the threshold is not reached.
    With ``monitor`` every episode is recorded there (see :class:`gymkit.wrappers.Monitor`),
    with videos when ``video`` (default: when the env draws ``rgb_array`` frames). A
    ``monitor`` directory holding an earlier run is refused unless ``resume`` (append to it) or
    ``force`` (delete its results first); see :class:`gymkit.wrappers.Monitor`.
    """
    from rich.console import Console

    if agent not in AGENT_NAMES:
        raise error.InvalidWrapperArgument(
            f"unknown agent {agent!r}; expected one of {', '.join(AGENT_NAMES)}"
        )
    console = console or Console(highlight=False)
    if (resume or force) and monitor is None:
        raise error.InvalidWrapperArgument(
            "--resume and --force say what to do with the results already in the monitor "
            "directory; pass --monitor DIR as well"
        )
    if resume and force:
        raise error.InvalidWrapperArgument(
            "--resume appends to the run in the monitor directory, --force deletes it; "
            "pass one of them"
        )
    existing = "resume" if resume else "force" if force else None
    record = _wants_video(env_id, video, monitor)
    if record and render:
        raise error.InvalidWrapperArgument(
            "--render and --video both need the env's frames; choose one (use --no-video)"
        )
    run = _Run(env_id, seed, monitor, existing, record, render, console)
    if agent == "random":
        code = _run_random(run, episodes)
    elif agent == "heuristic":
        code = _run_heuristic(run, episodes)
    else:
        code = _run_cem(
            env_id, seed, monitor, existing, record, render, eval_episodes, max_iterations, console
        )
    if monitor is not None:
        _report_directory(Path(monitor), console)
    return code


@dataclass(frozen=True)
class _Run:
    """What every agent's run shares: the env, the first seed, where and how it is monitored
    (``existing``: see :func:`_monitored`), whether to record videos or show a window, and the
    console the summary goes to."""

    env_id: str
    seed: int | None
    monitor: str | os.PathLike[str] | None
    existing: str | None
    record: bool
    render: bool
    console: Console

    def play(
        self,
        label: str,
        video: Any,
        episodes: int,
        policy_for: Callable[[Env[Any, Any]], Callable[[int | None], float]],
    ) -> tuple[np.ndarray, float | None]:
        """Play ``episodes`` episodes on a fresh env monitored under ``label`` with ``video``;
        ``policy_for(env)`` gives the function playing one episode from a seed and returning its
        return. Only the first episode is seeded (with :attr:`seed`). Returns the returns and the
        env's reward threshold (``None`` when it has none)."""
        import numpy as np

        env = _make(self.env_id, self.record, self.render)
        with _monitored(env, self.monitor, video, label, self.existing) as env:
            play_episode = policy_for(env)
            returns = np.array(
                [play_episode(self.seed if i == 0 else None) for i in range(episodes)]
            )
            threshold = env.spec.reward_threshold if env.spec is not None else None
        return returns, threshold


def _run_random(run: _Run, episodes: int) -> int:
    from gymkit.agents.cem import run_episode
    from gymkit.agents.random import RandomAgent

    def policy_for(env: Env[Any, Any]) -> Callable[[int | None], float]:
        agent = RandomAgent.for_env(env, seed=run.seed)
        return lambda seed: run_episode(env, agent.act, seed=seed)[0]

    returns, _ = run.play("random", run.record, episodes, policy_for)
    run.console.print(
        f"random agent on {run.env_id}: mean return {returns.mean():.2f} over {episodes} episode(s)"
    )
    return 0


def _run_heuristic(run: _Run, episodes: int) -> int:
    from gymkit.agents.heuristic import HeuristicAgent

    def policy_for(env: Env[Any, Any]) -> Callable[[int | None], float]:
        agent = HeuristicAgent.for_env(env)
        return lambda seed: agent.run_episode(seed=seed)[0]

    first_video = (lambda episode: episode == 0) if run.record else False
    returns, threshold = run.play("heuristic", first_video, episodes, policy_for)
    solved = threshold is None or returns.mean() >= threshold
    verdict = (
        ""
        if threshold is None
        else (
            f" [green]reaches the threshold {threshold:g}[/]"
            if solved
            else f" [red]below the threshold {threshold:g}[/]"
        )
    )
    run.console.print(
        f"heuristic agent on {run.env_id}: mean return {returns.mean():.2f} over {episodes} "
        f"episode(s) (min {returns.min():.2f}, max {returns.max():.2f}){verdict}"
    )
    return 0 if solved else 2


def _run_cem(
    env_id: str,
    seed: int | None,
    monitor: str | os.PathLike[str] | None,
    existing: str | None,
    record: bool,
    render: bool,
    eval_episodes: int,
    max_iterations: int,
    console: Console,
) -> int:
    import numpy as np
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gymkit.agents.cem import CEMAgent

    # the evaluation monitors join this run in the same directory (resume)
    train_env = _monitored(_make(env_id, record, False), monitor, record, "train", existing)
    threshold = train_env.spec.reward_threshold if train_env.spec is not None else None
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[status]}"),
    )
    with train_env, Progress(*columns, console=console, transient=False) as progress:
        agent = CEMAgent.for_env(train_env, seed=seed)
        task = progress.add_task(f"CEM on {env_id}", total=max_iterations, status="")
        # within an iteration (about 45 episodes, minutes on a slow env): episodes played
        per_iteration = agent.episodes_per_iteration()
        episodes = progress.add_task("  iteration 1", total=per_iteration, status="episodes")

        def played(count: int) -> None:
            if count == 1:  # a new iteration: its own count and clock
                progress.reset(episodes, description=f"  iteration {agent.iterations_done + 1}")
            progress.update(episodes, completed=count)

        returns = np.array([])
        while agent.iterations_done < max_iterations:

            def show(stats: Any) -> None:
                progress.update(
                    task,
                    completed=stats.iteration,
                    status=f"elite {stats.elite_mean:5.0f}  policy {stats.mean_policy:5.0f}",
                )

            agent.train(
                train_env,
                max_iterations=max_iterations - agent.iterations_done,
                target=threshold,
                seed=seed if agent.iterations_done == 0 else None,
                callback=show,
                on_episode=played,
            )
            returns = _evaluate(
                env_id, agent, seed, monitor, record, render, eval_episodes, progress
            )
            if threshold is None or returns.mean() >= threshold:
                break
        progress.update(task, total=agent.iterations_done)
    solved = threshold is None or returns.mean() >= threshold
    verdict = (
        ""
        if threshold is None
        else (
            f": [green]solved[/] (threshold {threshold:g})"
            if solved
            else f": [red]below the threshold {threshold:g}[/]"
        )
    )
    console.print(
        f"mean return over {len(returns)} evaluation episodes: [bold]{returns.mean():.2f}[/]"
        f" (min {returns.min():g}, max {returns.max():g}) after {agent.iterations_done} "
        f"CEM iterations{verdict}"
    )
    return 0 if solved else 2


def _evaluate(
    env_id: str,
    agent: Any,
    seed: int | None,
    monitor: str | os.PathLike[str] | None,
    record: bool,
    render: bool,
    episodes: int,
    progress: Any,
) -> Any:
    """Play ``episodes`` episodes of the agent's learned policy on a fresh (monitored) env."""
    import numpy as np

    from gymkit.agents.cem import run_episode

    task = progress.add_task("evaluation", total=episodes, status="")
    returns = []
    first_video = (lambda episode: episode == 0) if record else False
    evaluation_env = _monitored(
        _make(env_id, record, render), monitor, first_video, "evaluation", "resume"
    )
    with evaluation_env as env:
        for index in range(episodes):
            eval_seed = None if seed is None or index else seed + 1
            returns.append(run_episode(env, agent.act, seed=eval_seed)[0])
            progress.update(task, advance=1, status=f"mean {np.mean(returns):5.1f}")
    return np.array(returns)


def _report_directory(directory: Path, console: Console) -> None:
    """Print where the results, the learning curve and the newest video are."""
    from gymkit.monitoring import PLOT_FILENAME, load_results, plot_learning_curve

    results = load_results(directory)
    # soft_wrap: paths stay on one line (copyable) whatever the terminal width
    console.print(
        f"results: {directory}  ({len(results)} episodes; `gymkit results {directory}`)",
        soft_wrap=True,
    )
    try:
        png = plot_learning_curve(results, directory / PLOT_FILENAME)
    except error.DependencyNotInstalled as exc:
        console.print(f"learning curve: not drawn ({exc})")
    else:
        console.print(f"learning curve: {png}", soft_wrap=True)
    videos = results.videos()
    if videos:
        console.print(
            f"video: {videos[-1]}  ({len(videos)} in {directory / 'videos'})", soft_wrap=True
        )
