"""Toy text: small discrete worlds with exact transition tables.

FrozenLake-v1 and FrozenLake8x8-v1 (:mod:`.frozen_lake`), Taxi-v3 (:mod:`.taxi`),
CliffWalking-v0 (:mod:`.cliffwalking`) and Blackjack-v1 (:mod:`.blackjack`). Importing this
package imports nothing heavy; each env's module is imported when the env is made.
"""
