"""The seeds' episode loop: observations printed, "Episode finished after N timesteps"."""

# Kept in the seeds' own style (str.format, unused loop names): ruff is told to let it be.
# ruff: noqa: B007, UP032

import gymkit.legacy as gym

env = gym.make("CartPole-v0")
for i_episode in range(20):
    observation = env.reset()
    for t in range(100):
        env.render()
        print(observation)
        action = env.action_space.sample()
        observation, reward, done, info = env.step(action)
        if done:
            print("Episode finished after {} timesteps".format(t + 1))
            break
env.close()
