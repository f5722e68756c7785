#!/usr/bin/env bash
# Proof that the published package works without this repository: builds it (`pnpm build`),
# packs it (`pnpm pack`), installs the tarball with plain npm into an empty project (`npm init -y`),
# and there checks the binary (--version, serve and its printed curl line, the web app it names
# at /, the live view when tmux is installed), which entry points load better-sqlite3 (only
# `fake-pleo` itself; the client, race and conformance entries load the server when they start a
# fake), the shipped webhook test vectors, a vitest test and a `node --test` test using
# startFakePleo, a `tsc --noEmit` type check, the conformance kit's self-check with JUnit output,
# and the composite action's
# script (scripts/conform-action.sh) with a passing, a failing and an expected-to-fail
# integration. Every check prints what it
# checks; the first failure prints its output and exits 1.
#
# Environment: SMOKE_SKIP_BUILD=1 packs what dist/ holds; SMOKE_SQLITE=compile builds better-sqlite3
# from source instead of taking the local prebuilt binary (see below); SMOKE_KEEP=1 keeps the project (its
# path is printed); SMOKE_TIMINGS=FILE appends the install time and size as `key=value` lines.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$root/scripts/package-smoke"
work="$(mktemp -d "${TMPDIR:-/tmp}/fake-pleo-smoke.XXXXXX")"
project="$work/project"
log="$work/step.log"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill -- "-$server_pid" 2>/dev/null || true; fi
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
  echo >&2
  echo "PACKAGE SMOKE FAILED: $1" >&2
  if [ -s "$log" ]; then
    echo "---- output ----" >&2
    tail -n 60 "$log" >&2
  fi
  exit 1
}

# check "what is checked" command…: runs the command with its output in $log.
check() {
  local what="$1"
  shift
  printf -- '--> %s\n' "$what"
  "$@" >"$log" 2>&1 || fail "$what"
}

for tool in node npm pnpm curl tar; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done

if [ "${SMOKE_SKIP_BUILD:-0}" != 1 ]; then
  check "pnpm build (the CLI bundle and packages/fake-pleo/dist)" bash -c "cd '$root' && pnpm build"
fi
version="$(node -p "require('$root/packages/fake-pleo/package.json').version")"

check "pnpm pack (at the workspace root: packs packages/fake-pleo)" bash -c \
  "cd '$root' && pnpm pack --pack-destination '$work'"
tarball="$work/fake-pleo-$version.tgz"
[ -f "$tarball" ] || fail "pnpm pack wrote no $tarball"
echo "    $(du -h "$tarball" | cut -f1) $tarball"
shipped='^package/(dist/.*\.(js|d\.ts)|dist/test-vectors/standard-webhooks\.json|package\.json|README\.md|LICENSE)$'
if tar tzf "$tarball" | grep -Ev "$shipped" >"$log"; then
  fail "the tarball holds files that do not run (only dist/*.js, dist/*.d.ts, the test vectors and the manifest)"
fi

mkdir -p "$project"
cd "$project"
check "npm init -y in an empty directory" npm init -y
# better-sqlite3's install script (prebuild-install) first looks for a prebuilt binary, and
# compiles from source only when there is none. Its download host is out of reach here, so by
# default the smoke test serves it a prebuilt binary locally, made from the workspace's own build
# (prebuild-install's documented `npm_config_better_sqlite3_local_prebuilds` directory), when npm
# resolves the same version: the install then takes the prebuilt path users on common platforms
# take. SMOKE_SQLITE=compile forces the from-source path (or it is taken when the versions differ).
sqlite_path="compile"
if [ "${SMOKE_SQLITE:-prebuilt}" = prebuilt ]; then
  sqlite_dir="$(cd "$root/packages/server" && node -p \
    "require('path').dirname(require.resolve('better-sqlite3/package.json'))")"
  local_version="$(node -p "require('$sqlite_dir/package.json').version")"
  range="$(tar xzf "$tarball" -O package/package.json |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).dependencies["better-sqlite3"]))')"
  resolved="$(npm view "better-sqlite3@$range" version --json 2>/dev/null | node -e \
    'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{try{const v=[JSON.parse(s)].flat();const n=(x)=>x.split(".").map(Number);console.log(v.sort((a,b)=>n(b)[0]-n(a)[0]||n(b)[1]-n(a)[1]||n(b)[2]-n(a)[2])[0])}catch{}})')"
  if [ -n "$resolved" ] && [ "$resolved" = "$local_version" ] &&
    [ -f "$sqlite_dir/build/Release/better_sqlite3.node" ]; then
    prebuilds="$work/prebuilds"
    name="better-sqlite3-v$local_version-node-v$(node -p process.versions.modules)-$(node -p process.platform)-$(node -p process.arch).tar.gz"
    mkdir -p "$prebuilds/stage/build/Release"
    cp "$sqlite_dir/build/Release/better_sqlite3.node" "$prebuilds/stage/build/Release/"
    tar czf "$prebuilds/$name" -C "$prebuilds/stage" build
    export npm_config_better_sqlite3_local_prebuilds="$prebuilds"
    sqlite_path="prebuilt"
  else
    echo "    (better-sqlite3 $range resolves to ${resolved:-?}, the workspace has $local_version: compiling)"
  fi
fi
started=$SECONDS
check "npm install <tarball> with plain npm (better-sqlite3: $sqlite_path binary)" \
  npm install --no-audit --no-fund "$tarball"
install_s=$((SECONDS - started))
if [ "$sqlite_path" = prebuilt ]; then
  check "better-sqlite3 took the prebuilt binary (nothing compiled)" \
    bash -c '[ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ] &&
      [ ! -d node_modules/better-sqlite3/build/Release/obj.target ]'
fi
unset npm_config_better_sqlite3_local_prebuilds
size="$(du -sh node_modules | cut -f1)"
echo "    installed in ${install_s} s (better-sqlite3 $sqlite_path); du -sh node_modules: $size"
if [ -n "${SMOKE_TIMINGS:-}" ]; then
  printf 'install_seconds=%s\nsqlite=%s\nnode_modules=%s\n' "$install_s" "$sqlite_path" "$size" >>"$SMOKE_TIMINGS"
fi
check "headless install holds no Ink, React or TypeScript loader" \
  bash -c '! ls -d node_modules/ink node_modules/react node_modules/tsx 2>/dev/null | grep .'

# Only the server needs better-sqlite3: importing the client, race or conformance entry must not
# load it (they load the server when they start a fake); importing `fake-pleo` must (or the
# check could not fail). better-sqlite3 opens its native addon lazily, so the probe looks for the
# module itself among those loaded, not for better_sqlite3.node.
loads_sqlite() {
  node --input-type=module -e "
    import { createRequire } from 'node:module'
    await import('$1')
    const loaded = Object.keys(createRequire(import.meta.url).cache)
    process.exit(loaded.some((path) => path.includes('better-sqlite3')) ? 0 : 3)
  "
}
for entry in fake-pleo/client fake-pleo/race fake-pleo/conformance; do
  check "import '$entry' does not load better-sqlite3" bash -c "$(declare -f loads_sqlite)
    loads_sqlite '$entry'; [ \$? = 3 ]"
done
check "import 'fake-pleo' loads better-sqlite3 (so the checks above can fail)" bash -c \
  "$(declare -f loads_sqlite); loads_sqlite fake-pleo"

check "fake-pleo/test-vectors/standard-webhooks.json resolves and holds valid and invalid cases" \
  node -e '
    const vectors = require("fake-pleo/test-vectors/standard-webhooks.json")
    const valid = vectors.cases.filter((c) => c.expected.valid).length
    if (valid === 0 || valid === vectors.cases.length) throw new Error(`${valid} valid cases`)
    console.log(`${vectors.cases.length} cases`)
  '

check "npx fake-pleo --version prints $version" bash -c "[ \"\$(npx fake-pleo --version)\" = '$version' ]"

# serve --port 0: wait for the banner, then run the curl line it printed.
printf -- '--> %s\n' "npx fake-pleo serve --port 0 answers its printed curl line with the demo jobs"
# In a session of its own (npx runs the server as its child, which a signal to npx alone would
# leave running): the stop signals the whole group.
setsid npx fake-pleo serve --port 0 --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  grep -q 'curl ' "$work/serve.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
curl_line="$(grep -o "curl .*" "$work/serve.log" | head -n 1 || true)"
cp "$work/serve.log" "$log"
[ -n "$curl_line" ] || fail "serve printed no curl line"
echo "    $curl_line"
eval "$curl_line" >"$work/jobs.json" 2>>"$log" || fail "the printed curl line failed"
cp "$work/jobs.json" "$log"
node -e '
  const body = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  const pending = body.data.filter((job) => job.status === "pending")
  if (pending.length !== 3) throw new Error(`expected the 3 demo jobs, got ${body.data.length}`)
' "$work/jobs.json" >>"$log" 2>&1 || fail "the curl line did not return the demo jobs"
printf -- '--> %s\n' "the web app the banner names answers, with its script, and its board view reads"
web_url="$(grep -o 'web app *http[^ ]*' "$work/serve.log" | head -n 1 | awk '{print $3}')"
[ -n "$web_url" ] || fail "serve named no web app URL"
curl -fsS "$web_url" >"$work/web.html" 2>>"$log" || fail "GET $web_url failed"
grep -q 'window.FAKE_PLEO' "$work/web.html" || fail "the web app page has no script"
company_id="$(grep -o 'company_id=[0-9a-f-]*' "$work/serve.log" | head -n 1 | cut -d= -f2)"
curl -fsS "${web_url}_sim/board?companyId=$company_id" >>"$log" 2>&1 || fail "GET /_sim/board failed"
kill -- "-$server_pid"
wait "$server_pid" 2>/dev/null || true
for _ in $(seq 1 50); do pgrep -g "$server_pid" >/dev/null || break; sleep 0.1; done
pgrep -g "$server_pid" >/dev/null && fail "npx fake-pleo serve did not stop on SIGTERM"
server_pid=""

# The live view is the one part that loads Ink and React (compiled into a chunk of its own).
if command -v tmux >/dev/null 2>&1; then
  check "npx fake-pleo race opens the live view in a terminal (scripts/tui-e2e.sh)" env \
    TUI_CMD="$project/node_modules/.bin/fake-pleo race" "$root/scripts/tui-e2e.sh"
else
  echo "--> (skipped: tmux is not installed) npx fake-pleo race opens the live view"
fi

check "npm install -D typescript vitest @types/node (the project's own tools)" \
  npm install --no-audit --no-fund -D typescript@~5.9.3 vitest@^3.2.4 @types/node@^20.19.43
cp "$fixtures/export.test.ts" "$fixtures/export.node-test.mjs" "$fixtures/types-check.ts" \
  "$fixtures/tsconfig.json" .
check "a vitest test imports startFakePleo from 'fake-pleo' and passes" \
  npx vitest run export.test.ts
grep -q '1 passed' "$log" || fail "vitest did not report 1 passed test"
check "a node --test test imports startFakePleo from 'fake-pleo' and passes" \
  node --test export.node-test.mjs
grep -q '^# pass 1' "$log" || fail "node --test did not report 1 passing test"
check "tsc --noEmit compiles a file using the package's types (skipLibCheck off)" npx tsc --noEmit
printf -- '--> %s\n' "tsc --noEmit fails on a misspelt field (the types are not any)"
sed 's|// @ts-expect-error.*||' types-check.ts >types-broken.ts
if npx tsc --noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 \
  --lib es2023,esnext.disposable --types node types-broken.ts >"$log" 2>&1; then
  fail "tsc accepted job.jobIdentifier: the package's types resolve to any"
fi
grep -q "Property 'jobIdentifier' does not exist" "$log" || fail "tsc failed for another reason"

check "npx fake-pleo conform --reference --reporter junit exits 0 and writes JUnit XML" \
  npx fake-pleo conform --reference --reporter junit --out conformance.xml
grep -q '<testsuite' conformance.xml || fail "conformance.xml is not JUnit XML"
grep -Eq '<testsuites[^>]* failures="0"' conformance.xml ||
  fail "conformance.xml reports failures: $(grep -o '<testsuites[^>]*>' conformance.xml)"
echo "    $(grep -o '<testsuites[^>]*>' conformance.xml)"

# The composite action's script: a passing integration, a failing one, the failure expected.
export FAKE_PLEO_PACKAGE="$tarball" FAKE_PLEO_PREFIX="$project" CONFORM_ARGS="--only CLAIM-001"
check "scripts/conform-action.sh grades a passing integration: exit 0, JUnit report" env \
  CONFORM_CMD="$project/node_modules/.bin/fake-pleo claim" CONFORM_OUT="$work/action-pass.xml" \
  "$root/scripts/conform-action.sh"
grep -q 'tests="1" failures="0" errors="0"' "$work/action-pass.xml" ||
  fail "action-pass.xml does not report 1 passing scenario"
printf -- '--> %s\n' "scripts/conform-action.sh fails on an integration that does nothing: exit 1"
if CONFORM_CMD=true CONFORM_OUT="$work/action-fail.xml" "$root/scripts/conform-action.sh" \
  >"$log" 2>&1; then
  fail "conform-action.sh passed an integration that does nothing"
fi
grep -q 'failures="1"' "$work/action-fail.xml" || fail "action-fail.xml does not report the failure"
echo CLAIM-001 >"$work/expected-failures.txt"
check "scripts/conform-action.sh with that failure listed as expected: exit 0, TAP report" env \
  CONFORM_CMD=true CONFORM_EXPECTED_FAILURES="$work/expected-failures.txt" \
  CONFORM_REPORTER=tap CONFORM_OUT="$work/action-expected.tap" "$root/scripts/conform-action.sh"
grep -q '# TODO expected failure' "$work/action-expected.tap" ||
  fail "action-expected.tap does not mark the expected failure"

echo
echo "package smoke passed: fake-pleo $version from $(basename "$tarball") in an empty npm project"
