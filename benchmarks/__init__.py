"""gymkit's side-by-side benchmark harness: ``python -m benchmarks [--quick] [--only PATTERN]``.

Every case measures gymkit and its peers (Gymnasium, EnvPool, raw engines) in the same run,
interleaved A B A B …, after a warm-up, and reports the median, the min–max and the ratio.
"""
