#!/usr/bin/env bash
# Records the gymkit terminal sessions docs/terminal/cli-80.txt and cli-120.txt: the same
# commands at a terminal width of 80 and of 120 columns. See README.md beside this script.
#
#   docs/terminal/record.sh              # with `gymkit` on PATH
#   GYMKIT=.nox/tests/bin/gymkit docs/terminal/record.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gymkit="$(command -v "${GYMKIT:-gymkit}" || true)"
if [[ "$gymkit" == */* ]]; then
    gymkit="$(cd "$(dirname "$gymkit")" && pwd)/$(basename "$gymkit")"  # we cd below
fi
if [[ ! -x "$gymkit" ]]; then
    echo "record.sh: no gymkit command; activate an environment with gymkit installed" \
        "or set GYMKIT=/path/to/gymkit" >&2
    exit 2
fi

# `$ command` as typed, then what it prints (stdout and stderr, as a terminal shows them).
# Rich reads the width from COLUMNS when its output is not a terminal; trailing blanks
# (padding of table and column cells) are dropped.
show() {
    echo "\$ $*"
    # a failing command (e.g. exit status 2: CEM below the threshold) is part of the session
    COLUMNS="$width" "$gymkit" "${@:2}" 2>&1 | sed 's/[[:space:]]*$//' || true
    echo
}

for width in 80 120; do
    work="$(mktemp -d)"  # a fresh monitor directory: relative paths in the capture
    (
        cd "$work"
        show gymkit list
        show gymkit info CartPole-v1
        show gymkit play CartPole-v1 --keys
        show gymkit run CartPole-v1 --agent cem --seed 0 --eval-episodes 20 \
            --monitor runs/cartpole
        show gymkit results runs/cartpole
        show gymkit play LunarLander-v3 --keys
        show gymkit run LunarLander-v3 --agent heuristic --seed 0 --episodes 10 \
            --monitor runs/lander
        show gymkit results runs/lander
    ) > "$here/cli-$width.txt"
    rm -rf "$work"
    echo "wrote $here/cli-$width.txt"
done
