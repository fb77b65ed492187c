"""The ``gymkit`` command, run in-process through ``gymkit.cli.main``."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gymkit.cli import build_parser, main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_envs_grouped_by_plugin_with_versions_and_distribution(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if "gymkit-example-plugin" in line)
    assert lines[heading].split()[:2] == ["example", "gymkit-example-plugin"]
    assert lines[heading + 1] == "example third-party plugin (grid world)"
    assert lines[heading + 2].split() == ["example/GridWorld", "v0"]


def test_list_filters_by_namespace(capsys):
    code, out, _ = run(capsys, "list", "--namespace", "example")
    assert code == 0
    assert "example/GridWorld" in out
    assert "Pong" not in out and "CartPole" not in out


def test_list_of_an_unknown_namespace_is_an_error_listing_namespaces(capsys):
    code, _, err = run(capsys, "list", "--namespace", "nosuchns")
    assert code == 1
    assert "no env in namespace 'nosuchns'" in err
    assert "example" in err


def test_info_shows_the_spec_the_spaces_and_the_render_modes(capsys):
    code, out, _ = run(capsys, "info", "example/GridWorld-v0")
    assert code == 0
    for expected in (
        "example/GridWorld-v0",
        "max_episode_steps",
        "50",
        "gymkit-example-plugin",
        "observation_space",
        "Discrete(25)",
        "Discrete(4)",
        "ansi, rgb_array",
    ):
        assert expected in out


def _episodes(out: str) -> list[tuple[str, str]]:
    return re.findall(r"│\s+\d+\s+│\s+(-?\d+\.\d+)\s+│\s+(\d+)\s+│", out)


def test_run_prints_each_episode_and_is_reproducible_with_a_seed(capsys):
    code, out, _ = run(capsys, "run", "example/GridWorld-v0", "--episodes", "3", "--seed", "4")
    assert code == 0
    episodes = _episodes(out)
    assert len(episodes) == 3
    for total, length in episodes:
        assert 1 <= int(length) <= 50
        # -0.01 per step, +1.0 instead on the goal step
        steps = int(length)
        assert float(total) in (round(-0.01 * steps, 3), round(1.0 - 0.01 * (steps - 1), 3))
    assert "mean" in out
    _, again, _ = run(capsys, "run", "example/GridWorld-v0", "--episodes", "3", "--seed", "4")
    assert _episodes(again) == episodes


def test_run_of_an_unknown_id_is_a_one_line_error(capsys):
    code, out, err = run(capsys, "run", "example/GridWorl-v0", "--episodes", "1")
    assert code == 1
    assert "NameNotFound" in err and "did you mean 'example/GridWorld'" in err
    assert "Traceback" not in err + out


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "example/GridWorld-v0", "--episodes", "0"],
        ["run", "example/GridWorld-v0", "--seed", "-1"],
        ["run", "example/GridWorld-v0", "--episodes", "many"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments_exit_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: gymkit" in capsys.readouterr().err


def test_every_subcommand_is_declared():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == {
        "list",
        "info",
        "run",
        "play",
        "results",
        "check",
        "upload",
        "writeup",
    }


@pytest.mark.parametrize(
    ("argv", "module", "hint"),
    [
        (["check", "--anything"], "gymkit_conformance.cli", "pip install 'gymkit[conformance]'"),
        (["results", "some/dir"], "gymkit.monitoring", "gymkit results is not available"),
        (["play", "example/GridWorld-v0"], "gymkit.utils.play", "gymkit play is not available"),
    ],
)
def test_delegating_commands_explain_a_missing_implementation(
    argv, module, hint, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert hint in err


def test_the_console_script_lists_a_plugin_namespace_in_a_fresh_process():
    script = Path(sys.executable).with_name("gymkit")
    assert script.exists(), "gymkit-core declares the console script 'gymkit'"
    # "classic" is a plugin name, not an id namespace: its ids live in the root namespace.
    done = subprocess.run(
        [str(script), "list", "--namespace", "classic"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CartPole" in done.stdout and "gymkit-classic" in done.stdout
    assert "GridWorld" not in done.stdout


@pytest.mark.xvfb
def test_run_with_render_shows_frames_of_an_rgb_array_env_in_a_window(
    fast_frames_module, virtual_display
):
    script = Path(sys.executable).with_name("gymkit")
    fast = fast_frames_module
    env = {**os.environ, "DISPLAY": virtual_display, "PYTHONPATH": str(fast.directory)}
    done = subprocess.run(
        [
            str(script),
            "run",
            f"{fast.module}:{fast.env_id}",
            "--render",
            "--episodes",
            "2",
            "--seed",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(_episodes(done.stdout)) == 2
    assert all(length == "5" for _, length in _episodes(done.stdout))


def test_check_hands_every_argument_to_gymkit_conformance(capsys):
    pytest.importorskip("gymkit_conformance.cli")
    code, out, _ = run(capsys, "check", "checks")
    assert code == 0
    assert "gymkit-conformance checks" in out


def test_results_hands_the_directory_to_the_monitor_reader(tmp_path, capsys):
    pytest.importorskip("gymkit.monitoring")
    code, _, err = run(capsys, "results", str(tmp_path), "--no-plot")
    assert code == 1  # an empty directory holds no monitor results
    assert str(tmp_path.name) in err


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _every_subcommand_parser() -> list[tuple[str, argparse.ArgumentParser]]:
    """Every ``gymkit`` subcommand's parser; ``gymkit check``'s are gymkit-conformance's."""
    parsers = [(f"gymkit {n}", p) for n, p in _subparsers(build_parser()).items() if n != "check"]
    try:
        from gymkit_conformance.cli import _parser as conformance_parser
    except ImportError:  # collected without gymkit-conformance: gymkit's own commands only
        return parsers
    top = conformance_parser("gymkit check")
    parsers += [(f"gymkit check {n}", p) for n, p in _subparsers(top).items()]
    return parsers


SUBCOMMAND_PARSERS = _every_subcommand_parser()


@pytest.mark.parametrize(
    ("command", "parser"),
    SUBCOMMAND_PARSERS,
    ids=[command for command, _ in SUBCOMMAND_PARSERS],
)
def test_every_option_of_every_subcommand_has_help_and_shows_its_default(command, parser):
    formatter = parser._get_formatter()
    assert parser.description, f"{command} has no description"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        name = "/".join(action.option_strings) or action.dest
        assert action.help, f"{command}: {name} has no help text"
        shown = formatter._expand_help(action)  # as `--help` prints it
        if action.option_strings and action.nargs != 0:  # options taking a value
            assert "default" in shown, f"{command}: {name} shows no default: {shown!r}"
        if action.default not in (None, False, argparse.SUPPRESS) and action.option_strings:
            assert "default" in shown, f"{command}: {name} hides its default {action.default!r}"
    assert "%" not in parser.format_help().replace("%%", ""), "unexpanded % in the help"


def test_run_help_describes_both_agents_and_the_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "random agent" not in out.split("positional arguments")[0].lower().replace(
        "the random agent plays", ""
    )
    assert "cross-entropy method" in out and "--agent cem" in out
    assert "{random,cem,heuristic}" in out and "(default: random)" in out
    for default in ("(default: 1)", "(default: 100)", "(default: 50)", "(default: unseeded)"):
        assert default in out


def test_play_keys_prints_the_controls_of_the_env_without_a_window(capsys):
    code, out, _ = run(capsys, "play", "CartPole-v1", "--keys")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "controls of CartPole-v1:"
    assert ["left", "->", "action", "0"] in [line.split() for line in lines]
    assert ["right", "->", "action", "1"] in [line.split() for line in lines]
    code, out, _ = run(capsys, "play", "FrozenLake-v1", "--keys")
    assert "w  -> action 3" in out and "turn based" in out


def test_play_help_says_where_the_controls_come_from(capsys):
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "controls" in out and "printed when the window opens" in out
    assert "gymkit play ID --keys" in out
