"""Stable-Baselines3 DQN on gymkit's MountainCar-v0 through ``to_gymnasium``, to the RL Zoo's
documented performance band.

Hyperparameters are the RL Zoo's tuned DQN ones for MountainCar-v0 (learning rate 4e-3, batch
128, buffer 10,000, learning starts 1,000, gamma 0.98, target update every 600 steps, train
every 16 steps with 8 gradient steps, exploration 0.2 of training down to 0.07, a 256x256
network) and its budget, 120,000 steps. The Zoo's benchmark reports a mean return of
-100.85 +/- 9.93 for that agent; the band here is "mean return over 100 deterministic evaluation
episodes >= -110.8" (the Zoo's mean minus one standard deviation). Probes of 10 episodes run
every 10,000 steps from 40,000 on; once one reaches the band, 100 episodes decide.
"""

from __future__ import annotations

import torch
from _figures import Stopwatch, evaluate, finish, parse_args
from _sb3 import Probe
from stable_baselines3 import DQN

import gymkit
from gymkit_gymnasium import to_gymnasium

ZOO_MEAN, ZOO_STD = -100.849, 9.925
THRESHOLD = round(ZOO_MEAN - ZOO_STD, 1)
BUDGET = 120_000
CHUNK = 10_000
FIRST_PROBE = 40_000


def make_env():  # type: ignore[no-untyped-def]
    return to_gymnasium(gymkit.make("MountainCar-v0"))


def main() -> None:
    args = parse_args(__doc__ or "")
    torch.set_num_threads(1)
    watch = Stopwatch()
    env = make_env()
    env.reset(seed=args.seed)
    model = DQN(
        "MlpPolicy",
        env,
        learning_rate=4e-3,
        batch_size=128,
        buffer_size=10_000,
        learning_starts=1_000,
        gamma=0.98,
        target_update_interval=600,
        train_freq=16,
        gradient_steps=8,
        exploration_fraction=0.2,
        exploration_final_eps=0.07,
        policy_kwargs={"net_arch": [256, 256]},
        seed=args.seed,
        device="cpu",
        verbose=0,
    )

    probe = Probe(make_env, THRESHOLD, every=CHUNK, first=FIRST_PROBE)
    model.learn(BUDGET, callback=probe)
    final, reached_at, curve = probe.final, probe.reached_at, probe.curve
    if final is None or reached_at is None:
        final = evaluate(make_env, probe.act, 100, seed=1_000_000)
    mean = sum(final) / len(final)
    finish(
        args.out,
        "sb3_dqn_mountaincar",
        {
            "consumer": "stable-baselines3 DQN",
            "env": "to_gymnasium(gymkit.make('MountainCar-v0'))",
            "zoo_reference": {"mean": ZOO_MEAN, "std": ZOO_STD, "n_timesteps": BUDGET},
            "threshold": THRESHOLD,
            "budget_steps": BUDGET,
            "steps_to_threshold": reached_at,
            "eval_episodes": len(final),
            "eval_mean_return": mean,
            "eval_std_return": float(torch.tensor(final).std(unbiased=False)),
            "wall_seconds": watch.seconds(),
            "learning_curve": curve,
            "seed": args.seed,
        },
        reached_at is not None,
    )


if __name__ == "__main__":
    main()
