"""Reverse: write the input tape backwards.

Reverse-v0: base 2, symbols shown as letters, inputs start at length 1, episodes truncated at
200 steps, solved at 25. Like RepeatCopy, promotion needs the last 50 episodes perfect.
"""

from __future__ import annotations

from gymkit_classic.algorithmic.algorithmic_env import TapeAlgorithmicEnv

__all__ = ["ReverseEnv"]


class ReverseEnv(TapeAlgorithmicEnv):
    """The target is the input reversed."""

    MIN_REWARD_SHORTFALL_FOR_PROMOTION = -0.1

    def __init__(
        self,
        render_mode: str | None = None,
        base: int = 2,
        chars: bool = True,
        starting_min_length: int = 1,
    ) -> None:
        super().__init__(
            render_mode=render_mode, base=base, chars=chars, starting_min_length=starting_min_length
        )
        self.last = 50

    def target_from_input_data(self, input_data: list[int]) -> list[int]:
        """The input, last symbol first."""
        return input_data[::-1]
