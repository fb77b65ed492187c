"""gymkit's robotics family: goal-conditioned arm manipulation and maze navigation.

Importing this package imports no MuJoCo; each env module imports it when the env is made.
"""

__version__ = "0.1.0"
