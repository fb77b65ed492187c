"""Print the scripted policies' success over seeded episodes for every Heron task.

    python plugins/gymkit-robotics/scripts/arm_success.py [episodes]   # default 100, seeds 0..

The figures in the plugin README come from this script.
"""

from __future__ import annotations

import sys

from gymkit_robotics.heron_policies import success_rate
from gymkit_robotics.plugin import ARM_TASKS


def main() -> None:
    episodes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(f"| task | success over {episodes} seeded episodes |")
    print("|---|---|")
    for name in ARM_TASKS:
        rate = success_rate(f"robotics/{name}-v1", episodes)
        print(f"| `robotics/{name}-v1` | {rate:.0%} |", flush=True)


if __name__ == "__main__":
    main()
