"""The seeds' first program: a random agent, rendered every step (only the import changed)."""

import gymkit.legacy as gym

env = gym.make("CartPole-v0")
env.reset()
for _ in range(1000):
    env.render()
    env.step(env.action_space.sample())  # take a random action
env.close()
