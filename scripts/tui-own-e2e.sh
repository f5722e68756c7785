#!/usr/bin/env bash
# End-to-end check of `fake-pleo race --cmd` in the live view, in a real terminal: races two
# instances of the reference claimer in a detached tmux session (110x32, without CI in its
# environment: Ink renders only the last frame when CI is set), checks the instances show as the
# workers, that + (more workers) is refused without effect, waits for the verdict, presses q and
# checks the report and the exit code. Every wait is bounded; on failure the last captured screen
# is printed.
set -euo pipefail

cd "$(dirname "$0")/.."
CLAIMER="node packages/cli/bin/fake-pleo.js claim"
TUI_CMD="node packages/cli/bin/fake-pleo.js race --cmd \"$CLAIMER\" --instances 2 --seed 7"
SESSION="tui-own-e2e-$$"
TIMEOUT_S="${TUI_E2E_TIMEOUT:-60}"
DEADLINE=$((SECONDS + TIMEOUT_S))
CAPTURE_ARGS=(-J -S -200)
# shellcheck source=scripts/tmux-screen.sh
source scripts/tmux-screen.sh

tmux new-session -d -s "$SESSION" -x 110 -y 32 \
  "env -u CI bash -c '$TUI_CMD; echo TUI-EXITED \$?; sleep 60'"

wait_for 'fake-pleo race seed 7 · 2 workers'
wait_for '^w1 '
echo "ok: the two instances show as workers w0 and w1"

tmux send-keys -t "$SESSION" +
wait_for '! not with --cmd'
grep -q '· 3 workers' <<<"$SCREEN" && fail '+ added a worker'
echo "ok: + is refused with --cmd and the workers stay 2"

wait_for 'worker [01] claimed'
echo "ok: a claim by an instance shows in the event log"

wait_for '■ stopped · [0-9]+ claims won · [0-9]+ lost · [0-9]+ violations'
grep -q 'TUI-EXITED' <<<"$SCREEN" && fail 'the view exited before q'
echo "ok: the verdict shows once the race has ended ($(grep -Eo '[0-9]+ violations' <<<"$SCREEN" | tail -n 1))"

tmux send-keys -t "$SESSION" q
wait_for 'TUI-EXITED [0-9]+'
grep -q 'RACE-006' <<<"$SCREEN" || fail 'no report after q'
code="$(grep -Eo 'TUI-EXITED [0-9]+' <<<"$SCREEN" | tail -n 1 | grep -Eo '[0-9]+$')"
[[ "$code" == 0 ]] || fail "exit code $code, not 0"
echo "ok: q prints the report and exits (exit code $code)"
