"""Copy: write the input tape to the output, symbol by symbol.

Copy-v0: base 5, symbols shown as letters, episodes truncated at 200 steps, solved at 25.
"""

from __future__ import annotations

from gymkit_classic.algorithmic.algorithmic_env import TapeAlgorithmicEnv

__all__ = ["CopyEnv"]


class CopyEnv(TapeAlgorithmicEnv):
    """The target is the input itself."""

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

    def target_from_input_data(self, input_data: list[int]) -> list[int]:
        """The input, unchanged."""
        return list(input_data)
