"""gymkit-conformance: Hypothesis-driven certification of gymkit envs."""

__version__ = "0.1.0"
