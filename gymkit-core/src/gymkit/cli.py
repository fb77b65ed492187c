"""The ``gymkit`` command: list, inspect and run registered envs.

One ``add_<command>_parser`` function declares each subcommand's arguments and one
``cmd_<command>`` function runs it, so later work extends a command in one place. Every command
returns a process exit code; gymkit errors are printed as one readable line, not a traceback.

    gymkit list [--namespace NS]
    gymkit info ID
    gymkit run ID --episodes N [--seed S] [--render] [--agent cem] [--monitor DIR] (gymkit.agents)
    gymkit play ID [--fps F] [--seed S] [--zoom Z]     (gymkit.utils.play)
    gymkit results DIR [--no-plot]                      (gymkit.monitoring)
    gymkit check ...                                    (gymkit-conformance)
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from gymkit.core import Env
    from gymkit.registration import EnvSpec

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _fail(message: str) -> int:
    from rich.markup import escape

    _console(stderr=True).print(f"[bold red]error:[/] {escape(message)}")
    return 1


# ----------------------------------------------------------------------------- list
def add_list_parser(subparsers: Any) -> None:
    """``gymkit list [--namespace NS]``."""
    parser = subparsers.add_parser(
        "list", help="list registered envs, grouped by the plugin that provides them"
    )
    parser.add_argument(
        "--namespace",
        metavar="NS",
        help="only envs whose id namespace or plugin is NS ('root' for ids without a namespace)",
    )
    parser.set_defaults(handler=cmd_list)


def _group_by_plugin(selected: Sequence[EnvSpec]) -> dict[tuple[str, str], dict[str, list[int]]]:
    """(plugin namespace, distribution) → env name (with namespace) → versions."""
    from gymkit.registration import get_env_id, registry

    owner = {
        env_id: (plugin.namespace, f"{plugin.distribution}\n{plugin.version}")
        for plugin in registry.plugins
        for env_id in plugin.env_ids
    }
    groups: dict[tuple[str, str], dict[str, list[int]]] = {}
    for env_spec in selected:
        key = owner.get(env_spec.id)
        if key is None or env_spec.distribution is None:
            key = ("(user code)", "registered\nat runtime")
        names = groups.setdefault(key, {})
        versions = names.setdefault(get_env_id(env_spec.namespace, env_spec.name, None), [])
        if env_spec.version is not None:
            versions.append(env_spec.version)
    return groups


def cmd_list(args: argparse.Namespace) -> int:
    """Print every registered env id as a table: plugin, distribution, env, versions."""
    from rich.table import Table

    from gymkit.plugins import family_info
    from gymkit.registration import parse_env_id, registry

    registry.discover()  # plugins and failures are known only after discovery
    wanted = args.namespace
    plugin_of = {env_id: p.namespace for p in registry.plugins for env_id in p.env_ids}
    selected = [
        s
        for s in registry.values()
        if wanted is None or (s.namespace or "root") == wanted or plugin_of.get(s.id) == wanted
    ]
    console = _console()
    if not selected and wanted is not None:
        known = sorted({s.namespace or "root" for s in registry.values()})
        return _fail(f"no env in namespace {wanted!r}; namespaces: {', '.join(known)}")
    descriptions = {
        p.namespace: family_info(registry, p).get("description", "") for p in registry.plugins
    }
    groups = _group_by_plugin(selected)
    longest = max(len(name) for names in groups.values() for name in names)
    table = Table(title="gymkit envs")
    table.add_column("env", no_wrap=True, min_width=longest)
    table.add_column("versions", style="green", no_wrap=True)
    table.add_column("plugin", style="bold cyan")
    table.add_column("distribution", style="magenta", no_wrap=True)
    for (plugin, distribution), names in sorted(groups.items()):
        label = plugin
        if descriptions.get(plugin):
            label = f"{plugin}\n[dim]{descriptions[plugin]}[/]"
        for index, name in enumerate(sorted(names, key=str.lower)):
            versions = ", ".join(f"v{v}" for v in sorted(names[name])) or "-"
            first = index == 0
            table.add_row(name, versions, label if first else "", distribution if first else "")
        table.add_section()
    console.print(table)
    for failure in registry.failures.values():
        if wanted is None or wanted == failure.namespace:
            console.print(
                f"[yellow]plugin {failure.namespace!r} ({failure.distribution} "
                f"{failure.version}) failed to load:[/] {type(failure.error).__name__}: "
                f"{failure.error}",
                markup=True,
            )
    for env_id, distributions in sorted(registry.clashes.items()):
        if wanted is None or (parse_env_id(env_id)[0] or "root") == wanted:
            console.print(
                f"[yellow]{env_id} is not served: registered by both[/] "
                + " and ".join(distributions)
            )
    return 0


# ----------------------------------------------------------------------------- info
def add_info_parser(subparsers: Any) -> None:
    """``gymkit info ID``."""
    parser = subparsers.add_parser("info", help="show an env's spec, spaces and render modes")
    parser.add_argument("env_id", metavar="ID", help="env id, e.g. CartPole-v1")
    parser.set_defaults(handler=cmd_info)


def cmd_info(args: argparse.Namespace) -> int:
    """Print the resolved spec of ``ID``, then build the env to show its spaces and modes."""
    from rich.table import Table

    import gymkit
    from gymkit.registration import _SPEC_FIELDS

    env_spec = gymkit.spec(args.env_id)
    table = Table(title=env_spec.id, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for field in _SPEC_FIELDS[1:]:
        table.add_row(field, repr(getattr(env_spec, field)))
    with gymkit.make(env_spec) as env:
        table.add_section()
        table.add_row("observation_space", str(env.observation_space))
        table.add_row("action_space", str(env.action_space))
        modes = env.metadata.get("render_modes", [])
        table.add_row("render_modes", ", ".join(modes) or "(none)")
        table.add_row("render_fps", str(env.metadata.get("render_fps")))
        table.add_row("wrappers", str(env))
    _console().print(table)
    return 0


# ----------------------------------------------------------------------------- run
def add_run_parser(subparsers: Any) -> None:
    """``gymkit run ID --episodes N [--seed S] [--render]``."""
    parser = subparsers.add_parser("run", help="run episodes with a random agent")
    parser.add_argument("env_id", metavar="ID", help="env id, e.g. CartPole-v1")
    parser.add_argument("--episodes", type=_positive_int, default=1, metavar="N")
    parser.add_argument("--seed", type=_non_negative_int, default=None, metavar="S")
    parser.add_argument(
        "--render", action="store_true", help="show the episodes in a window (human mode)"
    )
    add_agent_arguments(parser)
    parser.set_defaults(handler=cmd_run)


def add_agent_arguments(parser: argparse.ArgumentParser) -> None:
    """``--agent``, ``--monitor``, ``--video``, ``--eval-episodes``, ``--max-iterations``
    (run by :func:`gymkit.agents.runner.run_agent`)."""
    parser.add_argument(
        "--agent",
        choices=["random", "cem", "heuristic"],
        default="random",
        help="random actions, learn with the cross-entropy method (cem), or play the env's "
        "own hand-written controller (heuristic: LunarLander, BipedalWalker)",
    )
    parser.add_argument(
        "--monitor", metavar="DIR", default=None, help="record every episode (and videos) in DIR"
    )
    parser.add_argument(
        "--video",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="record MP4 videos into DIR/videos (default: on with --monitor when the env can)",
    )
    parser.add_argument("--eval-episodes", type=_positive_int, default=100, metavar="N")
    parser.add_argument("--max-iterations", type=_positive_int, default=50, metavar="N")


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def make_for_run(env_id: str, render: bool) -> Env[Any, Any]:
    """``make(env_id)``; with ``render``, in ``"human"`` mode — through ``HumanRendering`` when
    the env draws ``rgb_array`` frames but has no window of its own."""
    import gymkit
    from gymkit import error

    if not render:
        return gymkit.make(env_id)
    try:
        return gymkit.make(env_id, render_mode="human")
    except error.UnsupportedMode:
        from gymkit.wrappers import HumanRendering

        return HumanRendering(gymkit.make(env_id, render_mode="rgb_array"))


def run_random_episodes(
    env_id: str, episodes: int, seed: int | None = None, render: bool = False
) -> list[tuple[float, int]]:
    """Run ``episodes`` random-agent episodes; return ``(return, length)`` of each.

    ``seed`` seeds the first ``reset`` and the action space, so a run is reproducible.
    """
    results: list[tuple[float, int]] = []
    with make_for_run(env_id, render) as env:
        env.action_space.seed(seed)
        for episode in range(episodes):
            env.reset(seed=seed if episode == 0 else None)
            total, length, done = 0.0, 0, False
            while not done:
                _, reward, terminated, truncated, _ = env.step(env.action_space.sample())
                total += float(reward)
                length += 1
                done = terminated or truncated
            results.append((total, length))
    return results


def cmd_run(args: argparse.Namespace) -> int:
    """Run the random agent and print each episode's return and length, then the mean.

    With ``--agent cem`` or ``--monitor``, :func:`gymkit.agents.runner.run_agent` runs instead.
    """
    from rich.table import Table

    if args.agent != "random" or args.monitor is not None or args.video:
        from gymkit.agents.runner import run_agent

        return run_agent(
            args.env_id,
            args.agent,
            seed=args.seed,
            episodes=args.episodes,
            monitor=args.monitor,
            video=args.video,
            eval_episodes=args.eval_episodes,
            max_iterations=args.max_iterations,
            render=args.render,
        )

    results = run_random_episodes(args.env_id, args.episodes, args.seed, args.render)
    table = Table(title=f"{args.env_id}: random agent, seed {args.seed}")
    table.add_column("episode", justify="right")
    table.add_column("return", justify="right")
    table.add_column("length", justify="right")
    for index, (total, length) in enumerate(results):
        table.add_row(str(index), f"{total:.3f}", str(length))
    mean_return = sum(r for r, _ in results) / len(results)
    mean_length = sum(n for _, n in results) / len(results)
    table.add_section()
    table.add_row("mean", f"{mean_return:.3f}", f"{mean_length:.1f}")
    _console().print(table)
    return 0


# ----------------------------------------------------------------------------- delegated commands
def add_play_parser(subparsers: Any) -> None:
    """``gymkit play ID [--fps F] [--seed S] [--zoom Z]`` → :func:`gymkit.utils.play.play`."""
    parser = subparsers.add_parser("play", help="play an env with the keyboard")
    parser.add_argument("env_id", metavar="ID", help="env id, e.g. CartPole-v1")
    parser.add_argument("--fps", type=float, default=None)
    parser.add_argument("--seed", type=_non_negative_int, default=None)
    parser.add_argument("--zoom", type=float, default=None)
    parser.set_defaults(handler=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Play ``ID`` with the keyboard through :func:`gymkit.utils.play.play`."""
    try:
        from gymkit.utils.play import play
    except ImportError as exc:
        return _fail(
            f"gymkit play is not available: {exc}; it needs the render extra "
            "(pip install 'gymkit-core[render]')"
        )
    play(args.env_id, fps=args.fps, seed=args.seed, zoom=args.zoom)
    return 0


def add_results_parser(subparsers: Any) -> None:
    """``gymkit results DIR [--no-plot]`` → :func:`gymkit.monitoring.main_results`."""
    parser = subparsers.add_parser("results", help="summarise a monitor directory")
    parser.add_argument("directory", metavar="DIR", help="directory written by the monitor")
    parser.add_argument(
        "--plot",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write DIR/learning_curve.png as well (default: yes)",
    )
    parser.set_defaults(handler=cmd_results)


def cmd_results(args: argparse.Namespace) -> int:
    """Summarise a monitor directory through :func:`gymkit.monitoring.main_results`."""
    try:
        from gymkit.monitoring import main_results
    except ImportError as exc:
        return _fail(f"gymkit results is not available in this installation: {exc}")
    code = main_results(args.directory, plot=args.plot)
    return int(code or 0)


def add_check_parser(subparsers: Any) -> None:
    """``gymkit check ...`` → ``gymkit_conformance.cli.main(argv)``."""
    parser = subparsers.add_parser(
        "check",
        help="certify envs against the contract (gymkit-conformance)",
        add_help=False,
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """Hand every argument to the ``gymkit-conformance`` command."""
    try:
        from gymkit_conformance.cli import main as conformance_main
    except ImportError as exc:
        return _fail(
            f"gymkit check needs gymkit-conformance ({exc}); install it with: "
            "pip install 'gymkit[conformance]'"
        )
    return int(conformance_main(list(args.arguments)) or 0)


# ----------------------------------------------------------------------------- entry point
SUBCOMMANDS: list[Callable[[Any], None]] = [
    add_list_parser,
    add_info_parser,
    add_run_parser,
    add_play_parser,
    add_results_parser,
    add_check_parser,
]


def build_parser() -> argparse.ArgumentParser:
    """The ``gymkit`` argument parser with every subcommand of :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="gymkit", description="List, inspect and run gymkit environments."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_parser in SUBCOMMANDS:
        add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gymkit`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    from gymkit import error

    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["check"]:  # everything after "check" belongs to gymkit-conformance
        return cmd_check(argparse.Namespace(arguments=arguments[1:]))
    args = build_parser().parse_args(arguments)
    handler: Handler = args.handler
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            return handler(args)
        except error.Error as exc:
            return _fail(f"{type(exc).__name__}: {exc}")
        except KeyboardInterrupt:
            return 130


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Print a warning as one readable line on stderr (no source location)."""
    from rich.markup import escape

    _console(stderr=True).print(f"[yellow]warning:[/] {category.__name__}: {escape(str(message))}")


if __name__ == "__main__":
    sys.exit(main())
