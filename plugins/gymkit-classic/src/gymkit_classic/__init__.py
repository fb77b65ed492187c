"""gymkit-classic: classic control, toy text and algorithmic envs for gymkit."""

__version__ = "0.1.0"
