"""An example third-party gymkit plugin: registers ``example/GridWorld-v0``.

Importing this package imports nothing heavy; gymkit finds the plugin through its
``gymkit.plugins`` entry point and imports :mod:`gymkit_example_plugin.grid_world` only when the
env is made.
"""

__version__ = "0.1.0"
