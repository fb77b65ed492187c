"""Native batched classic control: CartPole, MountainCar, MountainCarContinuous, Acrobot and
Pendulum as NumPy-batched vector envs with the single envs' exact per-env dynamics and seeding.

Built by ``gymkit.make_vec("CartPole-v1", num_envs=N)`` (the specs' ``vector_entry_point``).
Each module is imported on its own, so importing this package loads none of them.
"""
