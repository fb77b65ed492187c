"""ReversedAddition: add ``rows`` numbers written least-significant digit first.

The input is a grid of ``rows`` rows; column ``i`` holds digit ``i`` (counting from the least
significant) of every number, in base ``base``. The target is the digits of the sum, least
significant first, including a final carry digit when there is one. ReversedAddition-v0 adds 2
numbers and ReversedAddition3-v0 adds 3, both in base 3 with digits shown as numbers; episodes
are truncated at 200 steps and count as solved at 25. The time limit of an episode is
``2 * input width + 4`` steps.

When ``rows > base`` the final carry can exceed one digit; it is then written as several
digits (Gym 0.x appended it as a single symbol outside the alphabet, which no action could
write). For the registered ids (``base`` 3, 2 or 3 rows) the carry is always one digit.
"""

from __future__ import annotations

from gymkit_classic.algorithmic.algorithmic_env import GridAlgorithmicEnv

__all__ = ["ReversedAdditionEnv"]


class ReversedAdditionEnv(GridAlgorithmicEnv):
    """Column-wise addition with carries over a ``rows``-row grid."""

    def __init__(
        self,
        render_mode: str | None = None,
        rows: int = 2,
        base: int = 3,
        chars: bool = False,
        starting_min_length: int = 2,
    ) -> None:
        super().__init__(
            rows,
            render_mode=render_mode,
            base=base,
            chars=chars,
            starting_min_length=starting_min_length,
        )

    def target_from_input_data(self, input_data: list[list[int]]) -> list[int]:
        """The digits of the column sums with carries, least significant first."""
        carry = 0
        target = []
        for column in input_data:
            total = sum(column) + carry
            carry, digit = divmod(total, self.base)
            target.append(digit)
        while carry > 0:  # with 3 or more rows the final carry can exceed one digit
            carry, digit = divmod(carry, self.base)
            target.append(digit)
        return target

    @property
    def time_limit(self) -> int:
        """``2 * input width + 4`` steps."""
        return self.input_width * 2 + 4
