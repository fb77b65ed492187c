"""A single-file PPO in the CleanRL style (one loop, torch, no framework) over gymkit's native
vector CartPole through ``to_gymnasium_vector(gymkit.make_vec("CartPole-v1", 8))``, to a mean
evaluation return >= 475 over 100 episodes.

The vector env autoresets in gymkit's default next-step mode (carried over as Gymnasium's
``AutoresetMode.NEXT_STEP``): the step after an episode's end is a reset step whose reward is 0
and whose action is ignored. Those transitions are masked out of the loss, and since the
observation returned with ``terminated``/``truncated`` is the episode's true last observation, a
truncated episode bootstraps from its value. Settings: 8 envs x 128 steps per rollout, 4 epochs
of 4 minibatches, learning rate 2.5e-4 annealed to 0, gamma 0.99, GAE lambda 0.95, clip 0.2,
entropy 0.01, value 0.5, gradient norm 0.5. Every 20 updates the greedy policy plays 10
episodes; once their mean reaches 475, 100 episodes decide. Budget: 500,000 steps.
"""

from __future__ import annotations

import numpy as np
import torch
from _figures import Stopwatch, evaluate, finish, parse_args
from torch import nn

import gymkit
from gymkit_gymnasium import to_gymnasium, to_gymnasium_vector

THRESHOLD = 475.0
BUDGET = 500_000
NUM_ENVS, NUM_STEPS = 8, 128
EPOCHS, MINIBATCHES = 4, 4
LR, GAMMA, LAMBDA = 2.5e-4, 0.99, 0.95
CLIP, ENT_COEF, VF_COEF, MAX_GRAD = 0.2, 0.01, 0.5, 0.5
PROBE_EVERY = 20


def layer(n_in: int, n_out: int, gain: float = np.sqrt(2)) -> nn.Linear:
    linear = nn.Linear(n_in, n_out)
    nn.init.orthogonal_(linear.weight, gain)
    nn.init.zeros_(linear.bias)
    return linear


class Agent(nn.Module):
    """Separate 64x64 tanh actor and critic."""

    def __init__(self, n_obs: int, n_actions: int) -> None:
        super().__init__()
        self.critic = nn.Sequential(
            layer(n_obs, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, 1, 1.0)
        )
        self.actor = nn.Sequential(
            layer(n_obs, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, n_actions, 0.01)
        )

    def value(self, obs: torch.Tensor) -> torch.Tensor:
        return self.critic(obs).squeeze(-1)

    def act(
        self, obs: torch.Tensor, action: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        dist = torch.distributions.Categorical(logits=self.actor(obs))
        if action is None:
            action = dist.sample()
        return action, dist.log_prob(action), dist.entropy(), self.value(obs)


def main() -> None:
    args = parse_args(__doc__ or "")
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    watch = Stopwatch()
    envs = to_gymnasium_vector(gymkit.make_vec("CartPole-v1", NUM_ENVS))
    n_obs = int(np.prod(envs.single_observation_space.shape))
    agent = Agent(n_obs, int(envs.single_action_space.n))
    optimizer = torch.optim.Adam(agent.parameters(), lr=LR, eps=1e-5)

    shape = (NUM_STEPS, NUM_ENVS)
    obs_buf = torch.zeros((*shape, n_obs))
    actions, logprobs = torch.zeros(shape, dtype=torch.long), torch.zeros(shape)
    rewards, values = torch.zeros(shape), torch.zeros(shape)
    terminated_buf, ended_buf, valid = torch.zeros(shape), torch.zeros(shape), torch.zeros(shape)

    obs_np, _ = envs.reset(seed=args.seed)
    next_obs = torch.as_tensor(obs_np, dtype=torch.float32)
    after_end = torch.zeros(NUM_ENVS, dtype=torch.bool)  # the next step is a reset step
    episode_return = np.zeros(NUM_ENVS)
    train_returns: list[float] = []
    updates = BUDGET // (NUM_ENVS * NUM_STEPS)
    steps, curve, final, reached_at = 0, [], None, None

    def greedy(obs: np.ndarray) -> int:
        with torch.no_grad():
            logits = agent.actor(torch.as_tensor(obs, dtype=torch.float32))
        return int(logits.argmax())

    def make_eval_env():  # type: ignore[no-untyped-def]
        return to_gymnasium(gymkit.make("CartPole-v1"))

    for update in range(1, updates + 1):
        for group in optimizer.param_groups:
            group["lr"] = LR * (1.0 - (update - 1.0) / updates)
        for t in range(NUM_STEPS):
            steps += NUM_ENVS
            obs_buf[t] = next_obs
            valid[t] = (~after_end).float()
            with torch.no_grad():
                action, logprob, _, value = agent.act(next_obs)
            actions[t], logprobs[t], values[t] = action, logprob, value
            obs_np, reward, terminated, truncated, _ = envs.step(action.numpy())
            rewards[t] = torch.as_tensor(reward, dtype=torch.float32)
            terminated_buf[t] = torch.as_tensor(terminated, dtype=torch.float32)
            ended = np.logical_or(terminated, truncated)
            ended_buf[t] = torch.as_tensor(ended, dtype=torch.float32)
            live = ~after_end.numpy()
            episode_return[live] += reward[live]
            for i in np.flatnonzero(ended & live):
                train_returns.append(float(episode_return[i]))
                episode_return[i] = 0.0
            after_end = torch.as_tensor(ended)
            next_obs = torch.as_tensor(obs_np, dtype=torch.float32)

        with torch.no_grad():  # GAE; an episode's end cuts the recursion
            next_value = agent.value(next_obs)
            advantages = torch.zeros(shape)
            running = torch.zeros(NUM_ENVS)
            for t in reversed(range(NUM_STEPS)):
                following = next_value if t == NUM_STEPS - 1 else values[t + 1]
                delta = rewards[t] + GAMMA * following * (1 - terminated_buf[t]) - values[t]
                running = delta + GAMMA * LAMBDA * (1 - ended_buf[t]) * running
                advantages[t] = running
            returns = advantages + values

        flat = valid.reshape(-1).bool()
        b_obs = obs_buf.reshape(-1, n_obs)[flat]
        b_actions, b_logprobs = actions.reshape(-1)[flat], logprobs.reshape(-1)[flat]
        b_adv, b_returns = advantages.reshape(-1)[flat], returns.reshape(-1)[flat]
        batch = b_obs.shape[0]  # fewer than 8 x 128: the reset steps are left out
        for _ in range(EPOCHS):
            for idx in torch.tensor_split(torch.randperm(batch), MINIBATCHES):
                _, new_logprob, entropy, new_value = agent.act(b_obs[idx], b_actions[idx])
                ratio = (new_logprob - b_logprobs[idx]).exp()
                adv = b_adv[idx]
                adv = (adv - adv.mean()) / (adv.std() + 1e-8)
                policy_loss = torch.max(-adv * ratio, -adv * ratio.clamp(1 - CLIP, 1 + CLIP)).mean()
                value_loss = 0.5 * ((new_value - b_returns[idx]) ** 2).mean()
                loss = policy_loss - ENT_COEF * entropy.mean() + VF_COEF * value_loss
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), MAX_GRAD)
                optimizer.step()

        if update % PROBE_EVERY == 0:
            probe = evaluate(make_eval_env, greedy, 10, seed=10_000 + steps)
            recent = train_returns[-20:]
            curve.append([steps, sum(probe) / len(probe), sum(recent) / max(1, len(recent))])
            print(f"steps {steps}: probe {curve[-1][1]:.1f} train {curve[-1][2]:.1f}", flush=True)
            if curve[-1][1] >= THRESHOLD:
                final = evaluate(make_eval_env, greedy, 100, seed=1_000_000)
                if sum(final) / len(final) >= THRESHOLD:
                    reached_at = steps
                    break
    envs.close()
    if reached_at is None:
        final = evaluate(make_eval_env, greedy, 100, seed=1_000_000)
    assert final is not None
    finish(
        args.out,
        "cleanrl_ppo_cartpole",
        {
            "consumer": "CleanRL-style PPO (single file, torch)",
            "env": "to_gymnasium_vector(gymkit.make_vec('CartPole-v1', 8)), next-step autoreset",
            "threshold": THRESHOLD,
            "budget_steps": BUDGET,
            "steps_to_threshold": reached_at,
            "eval_episodes": len(final),
            "eval_mean_return": sum(final) / len(final),
            "wall_seconds": watch.seconds(),
            "learning_curve": curve,
            "seed": args.seed,
        },
        reached_at is not None,
    )


if __name__ == "__main__":
    main()
