#!/bin/sh
# The dashboard's three budgets, measured on the release binary inside tmux:
#   1. render: the time to render a full overview frame into the buffer at 200x60
#      (target <= 2 ms), from the frame timings `--log` writes;
#   2. idle CPU: the whole process's CPU (utime + stime from /proc/PID/stat) while watching a
#      log that does not change, over IDLE_SECONDS (target < 1% of one core);
#   3. key latency: from `tmux send-keys` to the pane showing the new screen, while the demo
#      writes and the engine ingests DEMO_RATE requests a second (target <= 50 ms; includes
#      tmux's own capture time, so it is an upper bound).
# Usage: Benchmarks/dashboard.sh   (from the repository root; needs tmux)
set -eu
cd "$(dirname "$0")/.."

IDLE_SECONDS=${IDLE_SECONDS:-10}
DEMO_RATE=${DEMO_RATE:-20000}
KEY_ROUNDS=${KEY_ROUNDS:-20}

command -v tmux >/dev/null 2>&1 || { echo "dashboard.sh: tmux is not installed" >&2; exit 1; }
swift build -c release --product modeltop >&2
BIN="$(swift build -c release --show-bin-path)/modeltop"
ROOT="$(pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/modeltop-dashboard-bench-XXXXXX")"
SOCKET="modeltop-bench-$$"
cleanup() {
    for socket in "$SOCKET" "modeltop-bench-$$-200x60" "modeltop-bench-$$-120x40"; do
        tmux -L "$socket" kill-server >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Polls the pane until it contains $1, for at most $2 seconds.
wait_for() {
    deadline=$(( $(now_ms) + $2 * 1000 ))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        if tmux -L "$SOCKET" capture-pane -p -t bench | grep -q -- "$1"; then return 0; fi
        sleep 0.005
    done
    echo "dashboard.sh: the screen never showed '$1'" >&2
    tmux -L "$SOCKET" capture-pane -p -t bench >&2
    exit 1
}

start() { # width height command; a server of its own per run (a stopping one may linger)
    tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
    SOCKET="modeltop-bench-$$-$1x$2"
    tmux -L "$SOCKET" -f /dev/null new-session -d -s bench -x "$1" -y "$2" "cd '$ROOT/sample-data' && LANG=C.UTF-8 $3; sleep 600" </dev/null >/dev/null 2>&1
}

pid_of_pane_child() {
    shell=$(tmux -L "$SOCKET" display-message -p -t bench '#{pane_pid}')
    cat "/proc/$shell/task/$shell/children" | cut -d' ' -f1
}

cpu_ticks() { # utime + stime of PID, in clock ticks
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# 1. Render time of the overview at 200x60, on the sample data.
start 200 60 "'$BIN' watch --config modeltop.yaml --log '$WORK/render.log'"
wait_for "Business outcomes" 60
sleep 4  # frames from the one-second clock, all of the overview
render=$(grep ' 200x60 render_us ' "$WORK/render.log" | awk '{ print $8 }' | sort -n)
frames=$(echo "$render" | wc -l)
median=$(echo "$render" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
drawmedian=$(grep ' 200x60 render_us ' "$WORK/render.log" | awk '{ print $10 }' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "render overview 200x60: median $(awk -v u="$median" 'BEGIN { printf "%.3f", u / 1000 }') ms over $frames frames (target <= 2 ms); curses draw median $(awk -v u="$drawmedian" 'BEGIN { printf "%.3f", u / 1000 }') ms"

# 2. Idle CPU on a log that does not change.
pid=$(pid_of_pane_child)
sleep 2  # let catch-up finish
ticks_per_second=$(getconf CLK_TCK)
before=$(cpu_ticks "$pid")
ui_before=$(cpu_ticks "$pid/task/$pid")
sleep "$IDLE_SECONDS"
after=$(cpu_ticks "$pid")
ui_after=$(cpu_ticks "$pid/task/$pid")
percent() { awk -v t="$1" -v s="$IDLE_SECONDS" -v hz="$ticks_per_second" 'BEGIN { printf "%.2f", 100 * t / hz / s }'; }
echo "idle CPU over ${IDLE_SECONDS} s: whole process $(percent $(( after - before )))% of one core, UI thread (main) $(percent $(( ui_after - ui_before )))% (target < 1%)"
tmux -L "$SOCKET" send-keys -t bench q

# 3. Key latency while the demo ingests.
start 120 40 "TMPDIR='$WORK' '$BIN' demo --rate $DEMO_RATE"
wait_for "Business outcomes" 60
sleep 2
latencies=""
i=0
while [ "$i" -lt "$KEY_ROUNDS" ]; do
    t0=$(now_ms); tmux -L "$SOCKET" send-keys -t bench f; wait_for "─ Features" 5; t1=$(now_ms)
    latencies="$latencies $(( t1 - t0 ))"
    t0=$(now_ms); tmux -L "$SOCKET" send-keys -t bench o; wait_for "Business outcomes" 5; t1=$(now_ms)
    latencies="$latencies $(( t1 - t0 ))"
    i=$(( i + 1 ))
done
echo "$latencies" | tr ' ' '\n' | grep . | sort -n | awk -v rate="$DEMO_RATE" '
    { a[NR] = $1 }
    END { printf "key to screen while ingesting %s req/s: median %d ms, p90 %d ms, max %d ms over %d keys (target <= 50 ms)\n",
                 rate, a[int((NR + 1) / 2)], a[int(NR * 0.9 + 0.5)], a[NR], NR }'
tmux -L "$SOCKET" send-keys -t bench q
