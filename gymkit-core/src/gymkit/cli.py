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
    gymkit upload DIR [--writeup URL] [--reproduces ID] (gymkit.uploading)
    gymkit writeup EVAL_ID URL                          (gymkit.uploading)
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from gymkit.registration import EnvSpec

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


class HelpFormatter(argparse.HelpFormatter):
    """Shows an option's default after its help text, ``(default: 100)``, unless the text
    already speaks of its default; ``None`` and ``False`` (flags off, nothing chosen) are not
    shown."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            not action.option_strings
            or "default" in text
            or default is None
            or default is False
            or default is argparse.SUPPRESS
        ):
            return text
        return f"{text} (default: %(default)s)"


def _add_parser(subparsers: Any, name: str, **options: Any) -> argparse.ArgumentParser:
    """``subparsers.add_parser`` with :class:`HelpFormatter`; ``help`` doubles as description."""
    options.setdefault("description", options.get("help"))
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, formatter_class=HelpFormatter, **options
    )
    return parser


def _fail(message: str) -> int:
    from rich.markup import escape

    _console(stderr=True).print(f"[bold red]error:[/] {escape(message)}")
    return 1


# ----------------------------------------------------------------------------- list
def add_list_parser(subparsers: Any) -> None:
    """``gymkit list [--namespace NS]``."""
    parser = _add_parser(
        subparsers, "list", help="list registered envs, grouped by the plugin that provides them"
    )
    parser.add_argument(
        "--namespace",
        metavar="NS",
        help="only envs whose id namespace or plugin is NS ('root' for ids without a "
        "namespace; default: every env)",
    )
    parser.set_defaults(handler=cmd_list)


def _group_by_plugin(selected: Sequence[EnvSpec]) -> dict[tuple[str, str], dict[str, list[int]]]:
    """(plugin namespace, "distribution version") → env name (with namespace) → versions."""
    from gymkit.registration import get_env_id, registry

    owner = {
        env_id: (plugin.namespace, f"{plugin.distribution} {plugin.version}")
        for plugin in registry.plugins
        for env_id in plugin.env_ids
    }
    groups: dict[tuple[str, str], dict[str, list[int]]] = {}
    for env_spec in selected:
        key = owner.get(env_spec.id)
        if key is None or env_spec.distribution is None:
            key = (USER_CODE, "registered at runtime")
        names = groups.setdefault(key, {})
        versions = names.setdefault(get_env_id(env_spec.namespace, env_spec.name, None), [])
        if env_spec.version is not None:
            versions.append(env_spec.version)
    return groups


#: the group of ids registered by user code rather than by a plugin
USER_CODE = "(user code)"


def cmd_list(args: argparse.Namespace) -> int:
    """Print every registered env, one section per plugin: a heading naming the plugin, its
    distribution and its description, then the ids with their versions in as many columns as
    the terminal width holds (so nothing is cut at 80 columns)."""
    from gymkit.plugins import family_info
    from gymkit.registration import parse_env_id, registry

    registry.discover()  # plugins and failures are known only after discovery
    wanted = args.namespace
    if wanted is not None:
        registry.expand(wanted)  # a namespace populated on demand is listed when asked for
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
    plugins = len({plugin for plugin, _ in groups if plugin != USER_CODE})
    console.print(
        f"[bold]gymkit envs[/]: {len(selected)} ids in {plugins} plugin(s); "
        "`gymkit info ID` shows one"
    )
    # user code last; plugins by name
    for plugin, distribution in sorted(groups, key=lambda key: (key[0] == USER_CODE, key)):
        _print_family(console, plugin, distribution, descriptions.get(plugin, ""), groups)
    for namespace in sorted(registry.lazy_namespaces if wanted is None else ()):
        console.print(
            f"[dim]namespace {namespace!r} is populated on demand: "
            f"`gymkit list --namespace {namespace}` lists it[/]",
            markup=True,
        )
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


def _print_family(
    console: Console,
    plugin: str,
    distribution: str,
    description: str,
    groups: dict[tuple[str, str], dict[str, list[int]]],
) -> None:
    """One section of ``gymkit list``: heading, description, ids in columns."""
    from rich.columns import Columns
    from rich.markup import escape
    from rich.text import Text

    names = groups[(plugin, distribution)]
    ids = sum(len(versions) or 1 for versions in names.values())
    console.print()
    console.rule(
        f"[bold cyan]{escape(plugin)}[/]  [magenta]{escape(distribution)}[/]  [dim]{ids} id(s)[/]",
        align="left",
        style="dim",
    )
    if description:
        console.print(Text(description, style="italic"))
    entries = []
    for name in sorted(names, key=lambda n: ("/" not in n, n.lower())):  # namespaced first
        entry = Text(name)
        versions = " ".join(f"v{v}" for v in sorted(names[name]))
        if versions:
            entry.append(f" {versions}", style="green")
        entries.append(entry)
    console.print(Columns(entries, padding=(0, 3), column_first=True))


# ----------------------------------------------------------------------------- info
def add_info_parser(subparsers: Any) -> None:
    """``gymkit info ID``."""
    parser = _add_parser(subparsers, "info", help="show an env's spec, spaces and render modes")
    parser.add_argument("env_id", metavar="ID", help="env id, e.g. CartPole-v1")
    parser.set_defaults(handler=cmd_info)


def cmd_info(args: argparse.Namespace) -> int:
    """Print the resolved spec of ``ID``, then build the env to show its spaces and modes."""
    from rich.table import Table

    import gymkit
    from gymkit.registration import _SPEC_FIELDS

    env_spec = gymkit.spec(args.env_id)
    table = Table(title=env_spec.id, show_header=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")  # long entry points fold, never end in "…"
    for field in _SPEC_FIELDS[1:]:
        table.add_row(field, repr(getattr(env_spec, field)))
    with gymkit.make(env_spec) as env:
        table.add_section()
        table.add_row("observation_space", _space_text(env.observation_space))
        table.add_row("action_space", _space_text(env.action_space))
        modes = env.metadata.get("render_modes", [])
        table.add_row("render_modes", ", ".join(modes) or "(none)")
        table.add_row("render_fps", str(env.metadata.get("render_fps")))
        table.add_row("wrappers", _wrapper_chain(env))
    _console().print(table)
    return 0


def _space_text(space: Any) -> str:
    """``str(space)``, but a Box with per-element bounds as short comma-separated lists
    (``low=[-4.8, -inf, -0.4189, -inf]``) instead of NumPy's padded columns."""
    import numpy as np

    from gymkit.spaces import Box

    if not isinstance(space, Box) or space.low.size < 2 or space.low.size > 32:
        return str(space)
    if np.all(space.low == space.low.flat[0]) and np.all(space.high == space.high.flat[0]):
        return str(space)  # uniform bounds print as scalars already

    def short(bound: np.ndarray) -> str:
        if np.issubdtype(bound.dtype, np.integer):
            return "[" + ", ".join(str(int(x)) for x in bound.flat) + "]"
        return "[" + ", ".join(f"{float(x):.4g}" for x in bound.flat) + "]"

    return (
        f"Box(low={short(space.low)}, high={short(space.high)}, shape={space.shape}, "
        f"dtype={space.dtype})"
    )


def _wrapper_chain(env: Any) -> str:
    """The wrapper stack outermost first: ``TimeLimit > OrderEnforcing > ... > CartPoleEnv``."""
    from gymkit.core import Wrapper

    names = []
    while isinstance(env, Wrapper):
        names.append(type(env).__name__)
        env = env.env
    names.append(type(env).__name__)
    return " > ".join(names)


# ----------------------------------------------------------------------------- run
def add_run_parser(subparsers: Any) -> None:
    """``gymkit run ID [--agent random|cem] [--episodes N] [--seed S] [--render] ...``."""
    parser = _add_parser(
        subparsers,
        "run",
        help="run an agent on an env: random actions (default), train and evaluate the "
        "cross-entropy method with --agent cem, or the env's own controller (--agent heuristic)",
        description="Run an agent on an env. The random agent plays --episodes episodes and "
        "prints each one's return and length. --agent cem trains a linear policy with the "
        "cross-entropy method until it reaches the env's reward threshold (at most "
        "--max-iterations iterations), then plays --eval-episodes evaluation episodes. "
        "--agent heuristic plays --episodes episodes with the env's hand-written controller "
        "(LunarLander, BipedalWalker, CarRacing). --monitor DIR records every episode "
        "(see `gymkit results DIR`).",
    )
    parser.add_argument("env_id", metavar="ID", help="env id, e.g. CartPole-v1")
    parser.add_argument(
        "--episodes",
        type=_positive_int,
        default=1,
        metavar="N",
        help="episodes the random or heuristic agent plays (CEM ignores it)",
    )
    parser.add_argument(
        "--seed",
        type=_non_negative_int,
        default=None,
        metavar="S",
        help="seed of the first reset and of the agent, for a reproducible run (default: unseeded)",
    )
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
        "own hand-written controller (heuristic: LunarLander, BipedalWalker, CarRacing)",
    )
    parser.add_argument(
        "--monitor",
        metavar="DIR",
        default=None,
        help="record every episode (and videos) in DIR (default: no recording)",
    )
    parser.add_argument(
        "--video",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="record MP4 videos into DIR/videos (default: on with --monitor when the env can)",
    )
    existing = parser.add_mutually_exclusive_group()
    existing.add_argument(
        "--resume",
        action="store_true",
        help="DIR holds an earlier run: append to it (episode numbers continue)",
    )
    existing.add_argument(
        "--force",
        action="store_true",
        help="DIR holds an earlier run: delete its results first",
    )
    parser.add_argument(
        "--eval-episodes",
        type=_positive_int,
        default=100,
        metavar="N",
        help="episodes of the learned policy played after CEM training",
    )
    parser.add_argument(
        "--max-iterations",
        type=_positive_int,
        default=50,
        metavar="N",
        help="at most N CEM iterations (each plays about 45 episodes)",
    )


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


def run_random_episodes(
    env_id: str, episodes: int, seed: int | None = None, render: bool = False
) -> list[tuple[float, int]]:
    """Run ``episodes`` random-agent episodes; return ``(return, length)`` of each.

    ``seed`` seeds the first ``reset`` and the action space, so a run is reproducible.
    """
    from gymkit.agents.runner import make_for_run

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

    if (
        args.agent != "random"
        or args.monitor is not None
        or args.video
        or args.resume
        or args.force
    ):
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
            resume=args.resume,
            force=args.force,
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
    """``gymkit play ID [--keys] [--fps F] [--seed S] [--zoom Z]`` →
    :func:`gymkit.utils.play.play`."""
    parser = _add_parser(
        subparsers,
        "play",
        help="play an env with the keyboard in a window",
        description="Play an env with the keyboard in a window. Each env declares its own "
        "controls (its keys_to_action map): classic control uses the arrow keys, the grid "
        "worlds W/A/S/D, Atari games the arrows and space. The controls of ID are printed when "
        "the window opens; `gymkit play ID --keys` prints them without opening a window. "
        "Escape or closing the window quits.",
    )
    parser.add_argument("env_id", metavar="ID", help="env id, e.g. CartPole-v1")
    parser.add_argument(
        "--keys",
        action="store_true",
        help="print the env's controls (keys and the actions they send) and exit",
    )
    parser.add_argument(
        "--fps",
        type=float,
        default=None,
        metavar="F",
        help="steps per second (default: the env's render_fps; 30 for turn-based envs)",
    )
    parser.add_argument(
        "--seed",
        type=_non_negative_int,
        default=None,
        metavar="S",
        help="seed of the first reset (default: unseeded)",
    )
    parser.add_argument(
        "--zoom",
        type=float,
        default=None,
        metavar="Z",
        help="scale the window by Z (default: small frames are enlarged to fit)",
    )
    parser.set_defaults(handler=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Play ``ID`` with the keyboard through :func:`gymkit.utils.play.play` (``--keys``: print
    its controls through :func:`gymkit.utils.play.describe_controls` instead)."""
    try:
        from gymkit.utils.play import describe_controls, play
    except ImportError as exc:
        return _fail(
            f"gymkit play is not available: {exc}; it needs the render extra "
            "(pip install 'gymkit-core[render]')"
        )
    if args.keys:
        import gymkit

        with gymkit.make(args.env_id) as env:
            print(describe_controls(env))
        return 0
    play(args.env_id, fps=args.fps, seed=args.seed, zoom=args.zoom)
    return 0


def add_results_parser(subparsers: Any) -> None:
    """``gymkit results DIR [--no-plot]`` → :func:`gymkit.monitoring.main_results`."""
    parser = _add_parser(subparsers, "results", help="summarise a monitor directory")
    parser.add_argument("directory", metavar="DIR", help="directory written by the monitor")
    parser.add_argument(
        "--plot",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write DIR/learning_curve.png as well",
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
        help="certify envs against the contract (gymkit-conformance); "
        "gymkit check --help shows its options",
        add_help=False,  # `gymkit check --help` is the conformance tool's check help
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
    return int(conformance_main(list(args.arguments), prog="gymkit check") or 0)


def _scoreboard_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-key", help="API key (default: $GYMKIT_API_KEY)")
    parser.add_argument(
        "--server", help="scoreboard URL (default: $GYMKIT_SCOREBOARD_URL or http://127.0.0.1:8000)"
    )


def add_upload_parser(subparsers: Any) -> None:
    """``gymkit upload DIR [--writeup URL] [--reproduces EVAL_ID]`` → :func:`gymkit.upload`."""
    parser = _add_parser(
        subparsers, "upload", help="upload a monitor directory to a gymkit scoreboard"
    )
    parser.add_argument("directory", metavar="DIR", help="directory written by the monitor")
    parser.add_argument(
        "--writeup", metavar="URL", help="link to a writeup of the run (default: none)"
    )
    parser.add_argument(
        "--reproduces",
        metavar="EVAL_ID",
        type=_positive_int,
        help="the evaluation (of another user) this run reproduces (default: none)",
    )
    _scoreboard_arguments(parser)
    parser.set_defaults(handler=cmd_upload)


def cmd_upload(args: argparse.Namespace) -> int:
    """Upload through :func:`gymkit.uploading.upload` (progress and the URL on stdout)."""
    from gymkit.uploading import upload

    upload(
        args.directory,
        api_key=args.api_key,
        writeup=args.writeup,
        server=args.server,
        reproduces=args.reproduces,
    )
    return 0


def add_writeup_parser(subparsers: Any) -> None:
    """``gymkit writeup EVAL_ID URL`` → :func:`gymkit.uploading.attach_writeup`."""
    parser = _add_parser(subparsers, "writeup", help="attach a writeup URL to your evaluation")
    parser.add_argument(
        "evaluation", metavar="EVAL_ID", type=_positive_int, help="your evaluation's number"
    )
    parser.add_argument("url", metavar="URL", help="the writeup's address (http or https)")
    _scoreboard_arguments(parser)
    parser.set_defaults(handler=cmd_writeup)


def cmd_writeup(args: argparse.Namespace) -> int:
    from gymkit.uploading import attach_writeup

    evaluation = attach_writeup(args.evaluation, args.url, api_key=args.api_key, server=args.server)
    print(f"writeup attached: {evaluation.get('url')}")
    return 0


# ----------------------------------------------------------------------------- entry point
SUBCOMMANDS: list[Callable[[Any], None]] = [
    add_list_parser,
    add_info_parser,
    add_run_parser,
    add_play_parser,
    add_results_parser,
    add_check_parser,
    add_upload_parser,
    add_writeup_parser,
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
