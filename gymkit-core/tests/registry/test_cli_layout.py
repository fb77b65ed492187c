"""``gymkit list``, ``info`` and ``results`` laid out for 80- and 120-column terminals.

Rich reads the width from ``COLUMNS`` when the output is not a terminal, as in these tests.
"""

from __future__ import annotations

import re

import pytest

import gymkit
from gymkit.cli import main
from gymkit.registration import get_env_id

WIDTHS = [80, 120]


def output(capsys, monkeypatch, width: int, *argv: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    too_long = [line for line in out.splitlines() if len(line.rstrip()) > width]
    assert not too_long, f"lines wider than {width}: {too_long[:3]}"
    assert "…" not in out, "a cell was cut short"
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_list_gives_each_plugin_a_heading_and_its_ids_in_columns(width, capsys, monkeypatch):
    out = output(capsys, monkeypatch, width, "list")
    lines = out.splitlines()
    # one heading per plugin: name, distribution and version, the number of ids
    heading = next(line for line in lines if line.startswith("classic "))
    assert "gymkit-classic" in heading and re.search(r"\b\d+ id\(s\)", heading)
    assert out.count("gymkit-classic") == 1  # not repeated on every row
    # descriptions on one line of their own, never squeezed into a column
    assert "Atari 2600 games in the Arcade Learning Environment" in lines
    # every id is printed whole, with its versions beside it
    names = re.findall(r"(\S+)((?: v\d+)+)", out)
    shown = {name: versions.split() for name, versions in names}
    for spec in gymkit.registry.values():
        name = get_env_id(spec.namespace, spec.name, None)
        assert f"v{spec.version}" in shown[name], spec.id
    assert shown["CartPole"] == ["v0", "v1"]
    # compact: several ids share a line (the classic family is 17 ids)
    classic = lines[lines.index(heading) + 1 :]
    classic = classic[: next(i for i, line in enumerate(classic) if not line.strip())]
    assert len(classic) <= 17 // (2 if width == 80 else 3) + 1


def test_list_is_shorter_on_a_wide_terminal(capsys, monkeypatch):
    narrow = output(capsys, monkeypatch, 80, "list")
    wide = output(capsys, monkeypatch, 120, "list")
    assert len(wide.splitlines()) < len(narrow.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_info_folds_long_values_instead_of_cutting_them(width, capsys, monkeypatch):
    out = output(capsys, monkeypatch, width, "info", "CartPole-v1")
    flat = re.sub(r"\s*│\s*", "", out)  # join folded cells back together
    assert "gymkit_classic.classic_control.vector.cartpole:CartPoleVectorEnv" in flat
    assert "low=[-4.8, -inf, -0.4189, -inf]" in " ".join(out.split())
    assert "TimeLimit > OrderEnforcing > PassiveEnvChecker > CartPoleEnv" in " ".join(
        line.strip("│ ") for line in out.splitlines()
    ).replace("  ", " ")


@pytest.mark.parametrize("width", WIDTHS)
def test_results_headers_and_numbers_are_whole(width, tmp_path, capsys, monkeypatch):
    pytest.importorskip("gymkit.monitoring")
    monkeypatch.setenv("COLUMNS", str(width))
    directory = str(tmp_path / "runs")
    argv = ["run", "example/GridWorld-v0", "--episodes", "3", "--seed", "0"]
    assert main([*argv, "--monitor", directory, "--no-video"]) == 0
    capsys.readouterr()
    out = output(capsys, monkeypatch, width, "results", directory, "--no-plot")
    words = out.split()
    for header in ("label", "monitor", "episodes", "return", "last", "100", "length", "steps"):
        assert header in words
    row = next(line.split() for line in out.splitlines() if line.startswith("random"))
    assert row[0] == "random" and re.fullmatch(r"\d+-[0-9a-f]+", row[1]), row
    assert row[2] == "3"
