"""Print the scripted policies' success over seeded episodes for every maze task.

    python plugins/gymkit-robotics/scripts/maze_success.py [episodes] [Point|Ant]
    # default: 100 episodes (seeds 0..), both agents

The figures in the plugin README come from this script.
"""

from __future__ import annotations

import sys
import time

from gymkit_robotics.maze_policy import success_rate
from gymkit_robotics.plugin import MAZE_AGENTS, MAZE_MAPS


def main() -> None:
    episodes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    agents = [f"{sys.argv[2]}Maze"] if len(sys.argv) > 2 else list(MAZE_AGENTS)
    print(f"| task | success over {episodes} seeded episodes | seconds |")
    print("|---|---|---|")
    for agent in agents:
        for name in MAZE_MAPS:
            env_id = f"robotics/{agent}_{name}-v1"
            start = time.perf_counter()
            rate = success_rate(env_id, episodes)
            seconds = time.perf_counter() - start
            print(f"| `{env_id}` | {rate:.0%} | {seconds:.0f} |", flush=True)


if __name__ == "__main__":
    main()
