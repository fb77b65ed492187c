"""The seeds' frame grabber: a seeded MountainCar run keeping rgb_array frames of each step."""

# Kept in the seeds' own style (str.format, unused loop names): ruff is told to let it be.
# ruff: noqa: B007, UP032

import gymkit.legacy as gym

env = gym.make("MountainCar-v0")
env.seed(0)
env.action_space.seed(0)
frames = []
for i_episode in range(2):
    observation = env.reset()
    total_reward = 0.0
    for t in range(300):
        frames.append(env.render(mode="rgb_array"))
        observation, reward, done, info = env.step(env.action_space.sample())
        total_reward += reward
        if done:
            print("Episode finished after {} timesteps".format(t + 1))
            truncated = info["TimeLimit.truncated"]
            print("return {}, time limit reached: {}".format(total_reward, truncated))
            break
print("captured {} frames of shape {}".format(len(frames), frames[0].shape))
env.close()
