"""gymkit-atari: the Arcade Learning Environment for gymkit (registered under ``ALE/``)."""

__version__ = "0.1.0"
