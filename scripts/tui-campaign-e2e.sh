#!/usr/bin/env bash
# End-to-end check of the property campaign's live view in a real terminal: starts
# `fake-pleo race --property` on the unsafe claim in a detached tmux session (120x40, without CI
# in its environment), waits for the shrunk counterexample, steps through its timeline with the
# arrow keys (→ one operation, ↓ the next operation of the violation, v where it breaks, ← back)
# checking the screen after each, and quits with q (exit code 1: a violation was found). Every
# wait is bounded; on failure the last captured screen is printed.
set -euo pipefail

cd "$(dirname "$0")/.."
CAMPAIGN_CMD="${CAMPAIGN_CMD:-node packages/cli/bin/fake-pleo.js race --property --unsafe claims --runs 30 --seed 1 --workers 3 --jobs 3 --kills 0 --faults none}"
SESSION="tui-campaign-e2e-$$"
TIMEOUT_S="${TUI_E2E_TIMEOUT:-60}"
DEADLINE=$((SECONDS + TIMEOUT_S))
# shellcheck source=scripts/tmux-screen.sh
source scripts/tmux-screen.sh

# The step shown ("step 4/20"), as "4/20".
step() { grep -Eo 'step [0-9]+/[0-9]+' <<<"$SCREEN" | tail -n 1 | grep -Eo '[0-9]+/[0-9]+' || echo none; }

tmux new-session -d -s "$SESSION" -x 120 -y 40 \
  "env -u CI bash -c '$CAMPAIGN_CMD; echo TUI-EXITED \$?; sleep 60'"

wait_for 'fake-pleo race --property campaign seed 1'
wait_for 'runs [0-9]+/30 · [0-9]+ shrinking · [0-9]+ interleavings'
echo "ok: the campaign shows its progress"

wait_for '✗ COUNTEREXAMPLE: run [0-9]+ broke invariant 1 \(one-claim-per-job\); shrunk [0-9]+ times'
wait_for 'step 1/[0-9]+'
total="$(step | cut -d/ -f2)"
echo "ok: the shrunk counterexample is shown as a timeline of $total operations"

tmux send-keys -t "$SESSION" Right
wait_for "step 2/$total"
expect_on_screen '^▶ +#1 ' '→ did not move the marker to operation #1'
echo "ok: → steps to the next operation"

tmux send-keys -t "$SESSION" Down
wait_for 'part of the violation|the invariant breaks here'
expect_on_screen '^▶\* ' '↓ did not land on an operation of the violation'
echo "ok: ↓ jumps to the next operation of the violation ($(step))"

tmux send-keys -t "$SESSION" v
wait_for '✗ the invariant breaks here'
expect_on_screen 'J1 [0-9a-f]{8} in_progress held by (worker [0-9]|nemesis), (worker [0-9]|nemesis) · 2 claims' \
  'the job is not shown held twice where the invariant breaks'
expect_on_screen 'step [0-9]+/[0-9]+' 'no step shown where the invariant breaks'
at="$(step)"
echo "ok: v shows where invariant 1 breaks ($at): the job held twice, 2 claims"

tmux send-keys -t "$SESSION" Left
wait_for "step $(($(cut -d/ -f1 <<<"$at") - 1))/$total"
echo "ok: ← steps back"

expect_on_screen 'replay: fake-pleo race --headless --scenario' 'no replay command'
echo "ok: the replay command is shown"

tmux send-keys -t "$SESSION" q
wait_for 'TUI-EXITED [0-9]+'
code="$(grep -Eo 'TUI-EXITED [0-9]+' <<<"$SCREEN" | tail -n 1 | grep -Eo '[0-9]+$')"
echo "ok: q exits the view (exit code $code)"
