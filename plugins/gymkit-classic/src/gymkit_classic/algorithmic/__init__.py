"""Algorithmic tasks: learn to copy, repeat, deduplicate, reverse and add sequences by moving a
read head over an input tape (or grid) and writing symbols to an output tape.

Copy-v0, RepeatCopy-v0, DuplicatedInput-v0, Reverse-v0, ReversedAddition-v0 and
ReversedAddition3-v0, as defined by Gym 0.x (where they originate; Gymnasium dropped them). The
shared machinery is :mod:`.algorithmic_env`. Importing this package imports nothing heavy.
"""
