#!/usr/bin/env bash
# The shell logic of the composite action (action.yml), usable from any CI: installs the fake-pleo
# package with npm into a directory of its own (the integration's project is not touched, and
# need not be a Node project), runs `fake-pleo conform` against the integration's command, writes
# the report and exits with conform's code (0 nothing failed, 1 a scenario failed, 2 the kit
# could not run). scripts/package-smoke.sh runs it against the packed package.
#
# Environment (the action's inputs):
#   CONFORM_CMD                 the integration, run with sh -c in the current directory (required)
#   CONFORM_EXPECTED_FAILURES   a file of scenario ids known to fail (optional)
#   CONFORM_REPORTER            junit (default), tap, json or pretty
#   CONFORM_OUT                 the report file (default fake-pleo-conformance.<xml|tap|json|txt>)
#   CONFORM_ARGS                more arguments for conform, split on spaces (e.g. --only CLAIM-001)
#   FAKE_PLEO_PACKAGE           what npm installs (default fake-pleo; a version, a .tgz path)
#   FAKE_PLEO_PREFIX            where npm installs it (default $RUNNER_TEMP or $TMPDIR, /fake-pleo)
# When GITHUB_OUTPUT is set, `report` and `exit-code` are written to it.
set -euo pipefail

: "${CONFORM_CMD:?CONFORM_CMD must name the command that runs the integration}"
reporter="${CONFORM_REPORTER:-junit}"
case "$reporter" in
  junit) extension=xml ;;
  tap) extension=tap ;;
  json) extension=json ;;
  pretty) extension=txt ;;
  *)
    echo "conform-action: unknown reporter '$reporter' (junit, tap, json or pretty)" >&2
    exit 2
    ;;
esac
out="${CONFORM_OUT:-fake-pleo-conformance.$extension}"
package="${FAKE_PLEO_PACKAGE:-fake-pleo}"
# A tarball or directory given by a relative path is resolved here, not in the prefix.
if [ -e "$package" ]; then package="$(cd "$(dirname "$package")" && pwd)/$(basename "$package")"; fi
prefix="${FAKE_PLEO_PREFIX:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/fake-pleo}"

echo "conform-action: installing $package with npm into $prefix"
mkdir -p "$prefix"
[ -f "$prefix/package.json" ] || (cd "$prefix" && npm init -y >/dev/null)
npm install --prefix "$prefix" --no-audit --no-fund "$package"
bin="$prefix/node_modules/.bin/fake-pleo"
echo "conform-action: fake-pleo $("$bin" --version)"

args=(conform --cmd "$CONFORM_CMD" --reporter "$reporter" --out "$out")
if [ -n "${CONFORM_EXPECTED_FAILURES:-}" ]; then
  args+=(--expected-failures "$CONFORM_EXPECTED_FAILURES")
fi
if [ -n "${CONFORM_ARGS:-}" ]; then
  read -r -a extra <<<"$CONFORM_ARGS"
  args+=("${extra[@]}")
fi

code=0
"$bin" "${args[@]}" || code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'report=%s\nexit-code=%s\n' "$out" "$code" >>"$GITHUB_OUTPUT"
fi
if [ "$code" -ne 0 ]; then
  echo "conform-action: fake-pleo conform failed with exit code $code; the report is $out" >&2
fi
exit "$code"
