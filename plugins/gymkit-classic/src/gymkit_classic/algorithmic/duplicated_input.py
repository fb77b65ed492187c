"""DuplicatedInput: the input repeats every symbol ``duplication`` times; write each once.

DuplicatedInput-v0: duplication 2, base 5, symbols shown as letters, episodes truncated at 200
steps, solved at 9.
"""

from __future__ import annotations

from typing import Any

from gymkit.error import InvalidEnvKwargs
from gymkit_classic.algorithmic.algorithmic_env import TapeAlgorithmicEnv

__all__ = ["DuplicatedInputEnv"]


class DuplicatedInputEnv(TapeAlgorithmicEnv):
    """The input is runs of ``duplication`` equal symbols; the target has one symbol per run."""

    def __init__(
        self,
        render_mode: str | None = None,
        duplication: int = 2,
        base: int = 5,
        chars: bool = True,
        starting_min_length: int = 2,
    ) -> None:
        if isinstance(duplication, bool) or not isinstance(duplication, int) or duplication < 1:
            raise InvalidEnvKwargs(f"duplication must be an int >= 1, got {duplication!r}")
        self.duplication = duplication
        super().__init__(
            render_mode=render_mode, base=base, chars=chars, starting_min_length=starting_min_length
        )

    def generate_input_data(self, size: int) -> list[int]:
        """``max(size, duplication) // duplication`` runs of a random symbol, each repeated
        ``duplication`` times (so the length is a multiple of ``duplication``)."""
        runs = max(size, self.duplication) // self.duplication
        symbols: list[Any] = self.np_random.integers(self.base, size=runs).tolist()
        return [symbol for symbol in symbols for _ in range(self.duplication)]

    def target_from_input_data(self, input_data: list[int]) -> list[int]:
        """Every ``duplication``-th symbol of the input."""
        return input_data[:: self.duplication]
