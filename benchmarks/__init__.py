"""gymkit's side-by-side benchmark harness: ``python -m benchmarks [--quick] [--only PATTERN]``.

Every case measures gymkit and its peers (Gymnasium, EnvPool, raw engines) in the same run,
interleaved A B A B …, after a warm-up, and reports the median, the min–max and each ratio as
the median of the per-round ratios with a distribution-free interval; a goal is met only when
the whole interval clears it (:mod:`benchmarks.stats`). The cases come from the modules listed
in :data:`benchmarks.catalogue.CASE_MODULES`.
"""
