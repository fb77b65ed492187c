"""The load test's bookkeeping (no timing): quantiles and the BENCHMARKS.md section."""

from __future__ import annotations

import pytest

from benchmarks.scoreboard_load import SECTION, percentile, replace_section


def test_percentile_interpolates_between_order_statistics():
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile(list(map(float, range(101))), 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_the_section_is_replaced_or_appended():
    first = f"{SECTION}\n\nold\n\n<!-- end scoreboard load -->\n"
    text = replace_section("# Benchmarks\n\nother\n", first)
    assert text == "# Benchmarks\n\nother\n\n" + first
    second = f"{SECTION}\n\nnew\n\n<!-- end scoreboard load -->\n"
    assert replace_section(text + "## Later\n", second) == (
        "# Benchmarks\n\nother\n\n" + second + "## Later\n"
    )
