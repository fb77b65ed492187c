"""Stable-Baselines3 PPO on gymkit's CartPole-v1 through ``to_gymnasium``, to a mean evaluation
return >= 475 over 100 episodes.

Hyperparameters are the RL Zoo's for PPO on CartPole-v1 (8 envs, n_steps 32, batch 256,
20 epochs, gamma 0.98, GAE lambda 0.8, learning rate and clip range annealed linearly from
1e-3 and 0.2). Every 10,000 steps the deterministic policy plays 10 evaluation episodes; once
their mean reaches 475, 100 episodes decide. Budget: 200,000 steps.
"""

from __future__ import annotations

import torch
from _figures import Stopwatch, evaluate, finish, parse_args
from _sb3 import Probe
from stable_baselines3 import PPO
from stable_baselines3.common.env_util import make_vec_env

import gymkit
from gymkit_gymnasium import to_gymnasium

THRESHOLD = 475.0
BUDGET = 200_000
CHUNK = 10_000


def make_env():  # type: ignore[no-untyped-def]
    return to_gymnasium(gymkit.make("CartPole-v1"))


def linear(start: float):  # type: ignore[no-untyped-def]
    return lambda progress: progress * start


def main() -> None:
    args = parse_args(__doc__ or "")
    torch.set_num_threads(1)
    watch = Stopwatch()
    train_env = make_vec_env(make_env, n_envs=8, seed=args.seed)
    model = PPO(
        "MlpPolicy",
        train_env,
        n_steps=32,
        batch_size=256,
        gae_lambda=0.8,
        gamma=0.98,
        n_epochs=20,
        ent_coef=0.0,
        learning_rate=linear(1e-3),
        clip_range=linear(0.2),
        seed=args.seed,
        device="cpu",
        verbose=0,
    )

    probe = Probe(make_env, THRESHOLD, every=CHUNK)
    model.learn(BUDGET, callback=probe)
    final, reached_at, curve = probe.final, probe.reached_at, probe.curve
    if reached_at is None:
        final = evaluate(make_env, probe.act, 100, seed=1_000_000)
    mean = sum(final) / len(final)
    finish(
        args.out,
        "sb3_ppo_cartpole",
        {
            "consumer": "stable-baselines3 PPO",
            "env": "to_gymnasium(gymkit.make('CartPole-v1')) x 8 (DummyVecEnv)",
            "threshold": THRESHOLD,
            "budget_steps": BUDGET,
            "steps_to_threshold": reached_at,
            "eval_episodes": len(final),
            "eval_mean_return": mean,
            "wall_seconds": watch.seconds(),
            "learning_curve": curve,
            "seed": args.seed,
        },
        reached_at is not None,
    )


if __name__ == "__main__":
    main()
