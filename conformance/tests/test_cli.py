"""The gymkit-conformance command: check (table, JSON certificate, exit status), fingerprint,
verify, checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gymkit
from gymkit_conformance.checks import CHECKS
from gymkit_conformance.cli import main

GOOD = "gymkit_conformance.zoo:NoisyWalk"
BAD = "gymkit_conformance.zoo:NaNReward"


def test_check_a_correct_env_writes_a_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cert.json"
    assert main(["check", GOOD, "--examples", "10", "--seed", "11", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "certified" in printed and "step-contract" in printed and "--seed 11" in printed
    data = json.loads(out.read_text())
    assert data["passed"] is True
    (cert,) = data["certificates"]
    assert cert["env_id"] == "NoisyWalk-v0" and cert["target"] == GOOD
    assert cert["distribution"] == "gymkit-conformance"  # found for an editable install too
    assert cert["hypothesis_seed"] == 11 and cert["examples"] == 10
    assert cert["gymkit_version"] == gymkit.__version__
    assert {c["name"] for c in cert["checks"]} == {c.name for c in CHECKS}
    verdicts = {c["name"]: c["verdict"] for c in cert["checks"]}
    assert verdicts.pop("goal-env") == "skipped"  # NoisyWalk is not a goal env
    assert set(verdicts.values()) == {"passed"}


def test_check_a_broken_env_fails_naming_the_defect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", BAD, "--examples", "10", "--seed", "1"]) == 1
    printed = capsys.readouterr().out
    assert "not certified" in printed and "non-finite reward" in printed
    assert "counterexample" in printed


def test_check_several_envs_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", GOOD, BAD, "--examples", "5", "--seed", "1", "--checks", "step-contract"])
    assert code == 1
    printed = capsys.readouterr().out
    assert "summary" in printed and "NaNReward-v0" in printed


def test_check_an_unknown_env_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "NoSuchEnv-v3", "--examples", "5"]) == 2
    out, err = capsys.readouterr()
    assert "error: cannot certify NoSuchEnv-v3" in err and "NameNotFound" in err
    # nothing ran: no seed, no example count, no table
    assert out.strip() == ""
    assert "Hypothesis seed" not in err and "examples per property" not in err


def test_an_unknown_env_beside_a_good_one_is_reported_after_the_verdicts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", GOOD, "NoSuchEnv-v3", "--examples", "3", "--seed", "5"])
    assert code == 1
    out, err = capsys.readouterr()
    assert "certified" in out and "--seed 5" in out
    assert "error: cannot certify NoSuchEnv-v3" in err


def test_gymkit_check_help_shows_the_options_of_check(capsys: pytest.CaptureFixture[str]) -> None:
    from gymkit.cli import main as gymkit_main

    for flag in ("--help", "-h"):
        with pytest.raises(SystemExit) as exit_info:
            gymkit_main(["check", flag])
        assert exit_info.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("usage: gymkit check [-h]")
        for option in ("--examples N", "--seed S", "--namespace NS", "--checks NAMES", "ENV"):
            assert option in out
        assert "(default: 100)" in out  # --examples
        assert "gymkit check fingerprint --help" in out
    with pytest.raises(SystemExit):
        gymkit_main(["check", "fingerprint", "--help"])
    assert capsys.readouterr().out.startswith("usage: gymkit check fingerprint")


def test_gymkit_check_without_an_env_asks_for_one(capsys: pytest.CaptureFixture[str]) -> None:
    from gymkit.cli import main as gymkit_main

    with pytest.raises(SystemExit) as exit_info:
        gymkit_main(["check"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "required: command" not in err
    assert "usage: gymkit check [-h]" in err
    assert "gymkit check: error: name at least one env: an id (CartPole-v1)" in err
    with pytest.raises(SystemExit):
        main([])  # the same from gymkit-conformance
    assert "gymkit-conformance check: error: name at least one env" in capsys.readouterr().err


def test_check_refuses_unknown_check_names() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", GOOD, "--checks", "step-contract,telepathy"])
    assert exit_info.value.code == 2


def test_checks_lists_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks"]) == 0
    printed = capsys.readouterr().out
    assert all(c.name in printed for c in CHECKS)


def test_fingerprint_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env_id = "conformance-cli/NoisyWalk-v0"
    if env_id not in gymkit.registry:
        gymkit.register(env_id, GOOD, max_episode_steps=25)
    path = tmp_path / "walk.json"
    assert main(["fingerprint", env_id, "-o", str(path), "--steps", "40"]) == 0
    assert main(["verify", env_id, str(path)]) == 0
    capsys.readouterr()
    assert main(["verify", "--dir", str(tmp_path)]) == 0
    printed = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert f"{env_id}: matches {path}" in printed  # the id the file records, not "walk"
    data = json.loads(path.read_text())
    data["trajectory"][3]["o"][0] += 1.0
    path.write_text(json.dumps(data))
    assert main(["verify", str(path)]) == 1
    assert "record #3" in capsys.readouterr().out


def test_without_a_subcommand_check_is_meant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([GOOD, "--examples", "5", "--seed", "2", "--checks", "reset-contract"]) == 0
    assert "reset-contract" in capsys.readouterr().out


def test_gymkit_check_delegates_here(capsys: pytest.CaptureFixture[str]) -> None:
    from gymkit.cli import main as gymkit_main

    code = gymkit_main(
        ["check", BAD, "--examples", "5", "--seed", "2", "--checks", "step-contract"]
    )
    assert code == 1
    assert "non-finite reward" in capsys.readouterr().out


def test_selection_flags_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "check",
            "--namespace",
            "example",
            "--distribution",
            "gymkit-classic",
            "--examples",
            "2",
            "--checks",
            "render-fps",
            "--seed",
            "0",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "example/GridWorld-v0" in printed and "CartPole-v1" in printed


def test_an_empty_selection_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--namespace", "no-such-namespace"])
    assert exit_info.value.code == 2
    assert "matched no registered env" in capsys.readouterr().err
