"""Blackjack: beat the dealer by drawing cards to a sum closer to 21 without going over
(Sutton and Barto, Example 5.1).

Cards are drawn from an infinite deck (with replacement): ranks 1 (ace) to 9 count their face
value, 10 and the face cards count 10, so a draw is 10 with probability 4/13. An ace counts 11
while that keeps the hand at 21 or less (a *usable* ace), else 1. The player and the dealer each
get two cards; one of the dealer's is face up.

Actions: 0 stick (stop drawing), 1 hit (draw a card). The observation is ``(player's sum,
dealer's face-up card 1-10, usable ace 0/1)``. Hitting past 21 loses (-1) and ends the episode.
On sticking, the dealer draws until their sum is at least 17; the reward is +1 for a win, 0 for
a draw and -1 for a loss (a dealer bust is a win). A *natural* is an ace and a ten-card:

- ``sab=True`` (Sutton and Barto's rules, the default of Blackjack-v1): a player's natural wins
  (+1) unless the dealer also has one (draw); ``natural`` is then ignored.
- ``natural=True`` (casino rules, with ``sab=False``): a player's natural that wins pays +1.5.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from gymkit.core import Env
from gymkit.error import GymkitWarning, ResetNeeded
from gymkit.utils.display import WindowedRendering
from gymkit_classic.toy_text import drawing
from gymkit_classic.toy_text.tabular import checked_discrete_action

__all__ = ["DECK", "BlackjackEnv", "is_bust", "is_natural", "score", "sum_hand", "usable_ace"]

STICK, HIT = 0, 1
#: the values of the 13 ranks; a draw picks one uniformly
DECK = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10)


def usable_ace(hand: list[int]) -> int:
    """1 if ``hand`` holds an ace that can count 11 without busting, else 0."""
    return int(1 in hand and sum(hand) + 10 <= 21)


def sum_hand(hand: list[int]) -> int:
    """The hand's value, counting a usable ace as 11."""
    total = sum(hand)
    return total + 10 if 1 in hand and total + 10 <= 21 else total


def is_bust(hand: list[int]) -> bool:
    """Whether the hand's value exceeds 21."""
    return sum_hand(hand) > 21


def score(hand: list[int]) -> int:
    """The hand's value, or 0 for a bust hand."""
    value = sum_hand(hand)
    return 0 if value > 21 else value


def is_natural(hand: list[int]) -> bool:
    """Whether the hand is exactly an ace and a ten-card."""
    return len(hand) == 2 and 1 in hand and 10 in hand


class BlackjackEnv(Env[tuple[int, int, int], int]):
    """Blackjack against a dealer who hits below 17 (see the module docstring).

    Options ``natural`` (default ``False``) and ``sab`` (default ``False`` here;
    ``make("Blackjack-v1")`` passes ``sab=True``). Observation ``Tuple(Discrete(32),
    Discrete(11), Discrete(2))`` of Python ints; action ``Discrete(2)``; ``info`` is ``{}``.
    The hands are :attr:`player` and :attr:`dealer` (lists of card values).
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "ansi", "rgb_array"], "render_fps": 4}

    #: keyboard map of ``gymkit play``: H hits, S sticks; nothing held = wait (no step)
    keys_to_action = {("h",): HIT, ("s",): STICK}
    noop = None

    def __init__(
        self, render_mode: str | None = None, natural: bool = False, sab: bool = False
    ) -> None:
        from gymkit.spaces import Discrete, Tuple

        self.render_mode = self._check_render_mode(render_mode)
        self.natural = bool(natural)
        self.sab = bool(sab)
        self.action_space = Discrete(2)
        self.observation_space = Tuple((Discrete(32), Discrete(11), Discrete(2)))
        self.player: list[int] = []
        self.dealer: list[int] = []
        self.window_size = (600, 500)
        self._display = WindowedRendering(
            "BlackjackEnv", caption="Blackjack", modes=("ansi", "rgb_array", "human")
        )
        self._finished = False

    def _draw_card(self) -> int:
        return DECK[int(self.np_random.integers(13))]

    def _obs(self) -> tuple[int, int, int]:
        return sum_hand(self.player), self.dealer[0], usable_ace(self.player)

    # ------------------------------------------------------------------ dynamics
    def step(self, action: int) -> tuple[tuple[int, int, int], float, bool, bool, dict]:
        """Hit (1) or stick (0); see the module docstring for the rewards."""
        if not self.player:
            raise ResetNeeded("BlackjackEnv.step called before reset(); call env.reset() first")
        if action.__class__ is not int or not 0 <= action <= 1:
            action = checked_discrete_action(self, action, 2)
        if action == HIT:
            self.player.append(self._draw_card())
            if is_bust(self.player):
                terminated, reward = True, -1.0
            else:
                terminated, reward = False, 0.0
        else:
            terminated = True
            dealer = self.dealer
            while sum_hand(dealer) < 17:
                dealer.append(self._draw_card())
            mine, theirs = score(self.player), score(dealer)
            reward = float((mine > theirs) - (mine < theirs))
            if self.sab:
                if is_natural(self.player) and not is_natural(dealer):
                    reward = 1.0
            elif self.natural and is_natural(self.player) and reward == 1.0:
                reward = 1.5
        self._finished = terminated
        if self.render_mode == "human":
            self.render()
        return self._obs(), reward, terminated, False, {}

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[tuple[int, int, int], dict[str, Any]]:
        """Deal two cards to the dealer, then two to the player."""
        super().reset(seed=seed)
        self.dealer = [self._draw_card(), self._draw_card()]
        self.player = [self._draw_card(), self._draw_card()]
        # Blackjack-v1 (Gymnasium's task definition) then draws, from the same generator, the
        # suit of the dealer's shown card and, for a ten, which face it is: both only decide its
        # picture, but they advance the generator, so the cards that follow depend on them.
        # Draw them too so a seed deals the same cards (the picture here is fixed by the state).
        self.np_random.integers(4)
        if self.dealer[0] == 10:
            self.np_random.integers(3)
        self._finished = False
        if self.render_mode == "human":
            self.render()
        return self._obs(), {}

    # ------------------------------------------------------------------ rendering
    def render(self) -> np.ndarray | str | None:
        """``ansi``: the hands as text; ``rgb_array``: a 600x500 table with the cards;
        ``human``: show it. The dealer's second card shows only once the episode is over."""
        if self.render_mode is None:
            self._display.warn_no_mode()
            return None
        if not self.player:
            warnings.warn(
                "BlackjackEnv.render() called before reset(); nothing to show yet",
                GymkitWarning,
                stacklevel=2,
            )
            return None
        if self.render_mode == "ansi":
            return self._ansi()
        frame = self._draw()
        return self._display.present(self.render_mode, frame, self.metadata["render_fps"])

    def _ansi(self) -> str:
        if self._finished:
            dealer = " ".join(_rank(card, i) for i, card in enumerate(self.dealer))
            dealer += f"  = {sum_hand(self.dealer)}"
        else:
            dealer = f"{_rank(self.dealer[0], 0)} ??  (showing {self.dealer[0]})"
        ace = "usable ace" if usable_ace(self.player) else "no usable ace"
        player = " ".join(_rank(card, i + 2) for i, card in enumerate(self.player))
        return f"Dealer: {dealer}\nPlayer: {player}  = {sum_hand(self.player)} ({ace})\n"

    def _draw(self) -> np.ndarray:
        from gymkit.rendering import Canvas

        width, height = self.window_size
        canvas = Canvas(width, height, background=(7, 99, 36), supersample=2)
        canvas.rectangle((14, 14), (width - 14, height - 14), outline=(160, 130, 60), width=3)
        white = (240, 240, 230)
        card_w, card_h = 90, 130
        shown = sum_hand(self.dealer) if self._finished else self.dealer[0]
        canvas.text((30, 28), f"Dealer: {shown}", white, size=24)
        dealer_step = min(card_w + 14, (width - 80 - card_w) / max(1, len(self.dealer) - 1))
        for i, card in enumerate(self.dealer):
            x = 40 + i * dealer_step
            if i == 1 and not self._finished:
                _card_back(canvas, (x, 70, x + card_w, 70 + card_h))
            else:
                _card(canvas, (x, 70, x + card_w, 70 + card_h), card, i)
        ace = "  (usable ace)" if usable_ace(self.player) else ""
        canvas.text((30, 250), f"Player: {sum_hand(self.player)}{ace}", white, size=24)
        step = min(card_w + 14, (width - 80 - card_w) / max(1, len(self.player) - 1))
        for i, card in enumerate(self.player):
            x = 40 + i * step
            _card(canvas, (x, 292, x + card_w, 292 + card_h), card, i + 2)
        return canvas.to_array()

    def close(self) -> None:
        """Close the window if one is open; idempotent."""
        self._display.close()


# ---------------------------------------------------------------------------- card pictures
_SUITS = ("spades", "hearts", "diamonds", "clubs")
_FACES = ("10", "J", "Q", "K")


def _rank(card: int, position: int) -> str:
    """The rank shown for a card of value ``card`` at ``position`` in the deal; a ten-card is
    shown as 10, J, Q or K by position, so a picture depends only on the state."""
    if card == 1:
        return "A"
    if card == 10:
        return _FACES[(position * 3 + 1) % 4]
    return str(card)


def _card(canvas: Any, box: drawing.Box, value: int, position: int) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    drawing.rounded_rectangle(canvas, box, 9, fill=(252, 252, 248), outline=(60, 60, 60), width=2)
    suit = _SUITS[(position * 5 + value) % 4]
    ink = (200, 30, 40) if suit in ("hearts", "diamonds") else (25, 25, 25)
    rank = _rank(value, position)
    canvas.text((x0 + 8, y0 + 6), rank, ink, size=20)
    canvas.text((x1 - 8, y1 - 6), rank, ink, size=20, anchor="rd")
    _suit(canvas, suit, (x0 + 8 + w * 0.05, y0 + 38), w * 0.16, ink)
    _suit(canvas, suit, (x0 + w / 2, y0 + h / 2 + 4), w * 0.34, ink)


def _card_back(canvas: Any, box: drawing.Box) -> None:
    x0, y0, x1, y1 = box
    drawing.rounded_rectangle(canvas, box, 9, fill=(250, 250, 245), outline=(60, 60, 60), width=2)
    drawing.rounded_rectangle(canvas, (x0 + 7, y0 + 7, x1 - 7, y1 - 7), 6, fill=(160, 30, 45))
    # a lattice of small diamonds
    step = 12.0
    row = 0
    y = y0 + 16
    while y < y1 - 12:
        x = x0 + 16 + (step / 2 if row % 2 else 0)
        while x < x1 - 12:
            canvas.polygon([(x, y - 4), (x + 4, y), (x, y + 4), (x - 4, y)], fill=(205, 80, 90))
            x += step
        y += step / 2 + 2
        row += 1


def _suit(canvas: Any, suit: str, centre: tuple[float, float], size: float, ink: Any) -> None:
    """A suit symbol of height ``size`` centred on ``centre``, drawn from circles and polygons."""
    cx, cy = centre
    s = size / 2
    if suit == "diamonds":
        canvas.polygon(
            [(cx, cy - s), (cx + s * 0.7, cy), (cx, cy + s), (cx - s * 0.7, cy)], fill=ink
        )
    elif suit == "hearts":
        r = s * 0.5
        canvas.circle((cx - r * 0.95, cy - s * 0.35), r, fill=ink)
        canvas.circle((cx + r * 0.95, cy - s * 0.35), r, fill=ink)
        canvas.polygon(
            [(cx - s * 0.96, cy - s * 0.22), (cx + s * 0.96, cy - s * 0.22), (cx, cy + s)], fill=ink
        )
    elif suit == "spades":
        r = s * 0.48
        canvas.polygon(
            [(cx, cy - s), (cx + s * 0.93, cy + s * 0.12), (cx - s * 0.93, cy + s * 0.12)], fill=ink
        )
        canvas.circle((cx - r * 0.95, cy + s * 0.2), r, fill=ink)
        canvas.circle((cx + r * 0.95, cy + s * 0.2), r, fill=ink)
        canvas.polygon(
            [(cx, cy + s * 0.2), (cx + s * 0.35, cy + s), (cx - s * 0.35, cy + s)], fill=ink
        )
    else:  # clubs
        r = s * 0.4
        canvas.circle((cx, cy - s * 0.5), r, fill=ink)
        canvas.circle((cx - r * 1.1, cy + s * 0.1), r, fill=ink)
        canvas.circle((cx + r * 1.1, cy + s * 0.1), r, fill=ink)
        canvas.polygon([(cx, cy), (cx + s * 0.35, cy + s), (cx - s * 0.35, cy + s)], fill=ink)
