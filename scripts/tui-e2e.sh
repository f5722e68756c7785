#!/usr/bin/env bash
# End-to-end check of the live race view in a real terminal: starts the view in a detached tmux
# session (100x30, without CI in its environment: Ink renders only the last frame when CI is
# set), presses e, +, space, space and q, and checks the screen after each. Every wait is
# bounded; on failure the last captured screen is printed. TUI_CMD overrides the command (run
# from the repository root), e.g. TUI_CMD="pnpm exec tsx packages/tui/test/demo-tui.ts".
set -euo pipefail

cd "$(dirname "$0")/.."
TUI_CMD="${TUI_CMD:-pnpm race}"
SESSION="tui-e2e-$$"
TIMEOUT_S="${TUI_E2E_TIMEOUT:-60}"
DEADLINE=$((SECONDS + TIMEOUT_S))
# shellcheck source=scripts/tmux-screen.sh
source scripts/tmux-screen.sh

# The worker count in the header ("· 4 workers ·"), the last one on screen.
workers() { grep -Eo '· [0-9]+ workers' <<<"$SCREEN" | tail -n 1 | grep -Eo '[0-9]+' || echo 0; }

tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "env -u CI bash -c '$TUI_CMD; echo TUI-EXITED \$?; sleep 60'"

wait_for 'fake-pleo race seed [0-9]+'
wait_for '· [0-9]+ workers'
echo "ok: the header is shown ($(grep -Eo 'seed [0-9]+' <<<"$SCREEN" | tail -n 1))"

tmux send-keys -t "$SESSION" e
sleep 0.5
wait_for 'fake-pleo race seed'
grep -q 'TUI-EXITED' <<<"$SCREEN" && fail 'the view exited after e'
echo "ok: e (press Export) keeps the view running"

# Read the count once the race is running (while it starts, the header says "◌ starting" and its
# workers join one by one, so an early count is too low), from a screen whose header is whole (a
# capture taken while Ink redraws can miss it, and a missing count must not read as 0).
wait_for 'fake-pleo race seed [0-9]+ · [0-9]+ workers .*▶ running'
before="$(workers)"
tmux send-keys -t "$SESSION" +
wait_for "· $((before + 1)) workers"
echo "ok: + grows the workers from $before to $((before + 1))"

tmux send-keys -t "$SESSION" Space
wait_for '⏸ PAUSED'
echo "ok: space shows the paused marker"

tmux send-keys -t "$SESSION" Space
wait_for '▶ running'
echo "ok: space again resumes"

tmux send-keys -t "$SESSION" u
wait_for 'UNSAFE: check-then-act claims'
wait_for 'Press u again to confirm'
tmux send-keys -t "$SESSION" x
wait_for 'no history saved yet|saved [0-9]+ operations|stopping'
grep -q '! UNSAFE server' <<<"$SCREEN" && fail 'u turned unsafe on without a confirmation'
echo "ok: u asks first, naming what the unsafe mode breaks, and another key cancels"

tmux send-keys -t "$SESSION" q
wait_for 'TUI-EXITED [0-9]+'
code="$(grep -Eo 'TUI-EXITED [0-9]+' <<<"$SCREEN" | tail -n 1 | grep -Eo '[0-9]+$')"
echo "ok: q exits the view (exit code $code)"
