"""RepeatCopy: write the input, then the input reversed, then the input again.

RepeatCopy-v0: base 5, symbols shown as letters, episodes truncated at 200 steps, solved at 75.
Its curriculum is stricter than the others': promotion needs the last 50 episodes to fall short
of a perfect score by at most 0.1 (that is, all of them perfect).
"""

from __future__ import annotations

from gymkit_classic.algorithmic.algorithmic_env import TapeAlgorithmicEnv

__all__ = ["RepeatCopyEnv"]


class RepeatCopyEnv(TapeAlgorithmicEnv):
    """The target is ``input + reversed(input) + input``."""

    MIN_REWARD_SHORTFALL_FOR_PROMOTION = -0.1

    def __init__(
        self,
        render_mode: str | None = None,
        base: int = 5,
        chars: bool = True,
        starting_min_length: int = 2,
    ) -> None:
        super().__init__(
            render_mode=render_mode, base=base, chars=chars, starting_min_length=starting_min_length
        )
        self.last = 50

    def target_from_input_data(self, input_data: list[int]) -> list[int]:
        """The input forwards, backwards, forwards."""
        return [*input_data, *reversed(input_data), *input_data]
