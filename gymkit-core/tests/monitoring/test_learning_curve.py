"""The learning curve: one series per label (train, evaluation), each with its own moving mean."""

from __future__ import annotations

import time

import numpy as np
import pytest

from gymkit.monitoring import (
    draw_learning_curve,
    learning_curve_series,
    load_results,
    plot_learning_curve,
)
from gymkit.wrappers import Monitor


@pytest.fixture
def trained_then_evaluated(tmp_path, scripted_env, play):
    """150 one-step train episodes returning 0, 1, ..., 149, then 30 evaluation episodes
    returning 500 each (a separate monitor of the same run)."""
    train = Monitor(
        scripted_env((1,), tuple(float(k) for k in range(150))),
        tmp_path,
        video=False,
        label="train",
    )
    play(train, 150)
    train.close()
    evaluation = Monitor(
        scripted_env((1,), (500.0,)), tmp_path, video=False, label="evaluation", resume=True
    )
    play(evaluation, 30)
    evaluation.close()
    return load_results(tmp_path)


def test_each_label_is_its_own_series_with_its_own_mean(trained_then_evaluated):
    train, evaluation = learning_curve_series(trained_then_evaluated, window=100)
    assert (train.label, evaluation.label) == ("train", "evaluation")
    assert train.positions.tolist() == list(range(150))
    assert evaluation.positions.tolist() == list(range(150, 180))
    assert train.returns.tolist() == [float(k) for k in range(150)]
    # the train mean is over train episodes only: the last 100 of them, 50..149
    assert train.mean[-1] == pytest.approx(99.5)
    assert train.mean[9] == pytest.approx(4.5)  # fewer than 100 at the start
    # the evaluation mean never mixes in a train episode (one series would give ~362 at its end)
    np.testing.assert_array_equal(evaluation.mean, np.full(30, 500.0))


def test_interleaved_labels_keep_their_place_and_their_own_means(tmp_path, scripted_env, play):
    first = Monitor(scripted_env((1,), (1.0,)), tmp_path, video=False, label="train")
    second = Monitor(
        scripted_env((1,), (-1.0,)), tmp_path, video=False, label="evaluation", resume=True
    )
    for _ in range(4):
        play(first, 1)
        time.sleep(0.002)  # distinct wall times, so the order is the play order
        play(second, 1)
        time.sleep(0.002)
    first.close()
    second.close()
    train, evaluation = learning_curve_series(load_results(tmp_path), window=3)
    assert train.positions.tolist() == [0, 2, 4, 6]
    assert evaluation.positions.tolist() == [1, 3, 5, 7]
    assert train.mean.tolist() == [1.0] * 4 and evaluation.mean.tolist() == [-1.0] * 4


def test_the_figure_shows_and_names_each_label(trained_then_evaluated):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    try:
        draw_learning_curve(trained_then_evaluated, axes, window=100)
        lines = {line.get_label(): line for line in axes.get_lines()}
        legend = [text.get_text() for text in axes.get_legend().get_texts()]
    finally:
        plt.close(figure)
    expected = [
        "train: episode return",
        "train: mean of its last 100",
        "evaluation: episode return",
        "evaluation: mean of its last 100",
    ]
    assert list(lines) == expected and legend == expected
    np.testing.assert_array_equal(lines["evaluation: mean of its last 100"].get_ydata(), 500.0)
    np.testing.assert_array_equal(
        lines["evaluation: episode return"].get_xdata(), np.arange(150, 180)
    )
    assert lines["train: mean of its last 100"].get_ydata()[-1] == pytest.approx(99.5)
    for label in ("train", "evaluation"):  # a label's dots and its mean share a colour
        dots, mean = lines[f"{label}: episode return"], lines[f"{label}: mean of its last 100"]
        assert dots.get_color() == mean.get_color()
    assert (
        lines["train: episode return"].get_color()
        != lines["evaluation: mean of its last 100"].get_color()
    )


def test_the_png_is_drawn_from_the_series_per_label(trained_then_evaluated, tmp_path, monkeypatch):
    """Through the public function: the figure saved has one mean per label."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    saved = []
    original = Figure.savefig

    def keep(self, *args, **kwargs):
        saved.append({line.get_label(): line.get_ydata() for line in self.axes[0].get_lines()})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    png = plot_learning_curve(trained_then_evaluated, tmp_path / "curve.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (lines,) = saved
    means = {label: y for label, y in lines.items() if "mean" in label}
    assert set(means) == {"train: mean of its last 100", "evaluation: mean of its last 100"}
    assert np.all(np.asarray(means["evaluation: mean of its last 100"]) == 500.0)


def test_unlabelled_episodes_are_named_so(tmp_path, scripted_env, play):
    env = Monitor(scripted_env((2,)), tmp_path, video=False)
    play(env, 3)
    env.close()
    (series,) = learning_curve_series(load_results(tmp_path))
    assert series.label == "" and series.name == "unlabelled"
    with pytest.raises(ValueError, match="window"):
        learning_curve_series(load_results(tmp_path), window=0)
