"""gymkit's MuJoCo family: the 11 locomotion and manipulation tasks, at v5 and v4.

Importing this package imports no MuJoCo; each env module imports it when the env is made.
"""

__version__ = "0.1.0"
