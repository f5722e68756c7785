# Sourced by the tmux end-to-end scripts (tui-e2e.sh, tui-campaign-e2e.sh, tui-own-e2e.sh): the
# session's clean-up, screen capture, failure report and bounded wait. The caller sets SESSION,
# DEADLINE (in bash's SECONDS) and, optionally, CAPTURE_ARGS (extra `tmux capture-pane` flags).
# shellcheck shell=bash
SCREEN=""

cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }
trap cleanup EXIT

capture() {
  SCREEN="$(tmux capture-pane -p "${CAPTURE_ARGS[@]+"${CAPTURE_ARGS[@]}"}" -t "$SESSION" 2>/dev/null || true)"
}

fail() {
  echo "FAIL: $1" >&2
  echo "---- last screen ----" >&2
  printf '%s\n' "$SCREEN" >&2
  exit 1
}

# Waits until the screen matches the extended regex $1 (or the deadline passes).
wait_for() {
  while ((SECONDS < DEADLINE)); do
    capture
    if grep -Eq -- "$1" <<<"$SCREEN"; then return 0; fi
    sleep 0.2
  done
  fail "timed out waiting for /$1/"
}

# Checks that the screen shows the extended regex $1, failing with the message $2. A capture can
# catch Ink between two lines of a redraw, so the check captures again (for 5 s at most, never
# past the deadline) before it fails.
expect_on_screen() {
  local until=$((SECONDS + 5))
  ((until < DEADLINE)) || until=$DEADLINE
  while ! grep -Eq -- "$1" <<<"$SCREEN"; do
    ((SECONDS < until)) || fail "$2"
    sleep 0.2
    capture
  done
}
