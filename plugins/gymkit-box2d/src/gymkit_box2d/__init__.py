"""gymkit's Box2D family: LunarLander, BipedalWalker and CarRacing.

Importing this package imports no Box2D; each env module imports it when the env is made.
"""

__version__ = "0.1.0"
