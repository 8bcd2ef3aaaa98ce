#!/usr/bin/env bash
# test.sh runs every test: vet, the Go tests (the storage tests on SQLite,
# and on PostgreSQL too when SHUANGBAI_TEST_POSTGRES holds a URL), every fuzz
# target briefly, and the browser journeys in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"

# phase names the next phase and says how long the one before it took, so
# that a slow CI run shows where its minutes went.
phase_start=$SECONDS phase_name=
phase() {
  if [ -n "$phase_name" ]; then echo "-- $phase_name: $(( SECONDS - phase_start )) s"; fi
  phase_start=$SECONDS phase_name=$1
  if [ -n "$1" ]; then echo "== $1"; fi
}
trap 'phase ""' EXIT

phase "gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
go vet ./...

# The PDF tests read their output back with poppler's pdftotext; without it
# they would skip, so install it like Chromium below.
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "installing poppler-utils from Debian…"
  (apt-get update -qq && apt-get install -y -qq poppler-utils) >/dev/null
fi

# The race detector runs on the packages where goroutines share state —
# the store and its pools, the server's sessions, throttles and caches
# (web/ui), the held uploads, the offline sync, the commands that serve and
# back up, the font cache, the crash test — and not on the capability
# packages, whose handlers hold nothing between requests: under -race their
# demo-backed tests took most of a 2-core CI's quarter of an hour.
RACE="shuangbai/store shuangbai/web/ui shuangbai/web/offline shuangbai/auth shuangbai/secret
  shuangbai/cmd/shuangbai shuangbai/tlsca shuangbai/report/pdf shuangbai/fonts shuangbai/thumbnail shuangbai/scripts/crash-test"
REST=$(go list ./... | grep -vxF -f <(tr ' ' '\n' <<<"$RACE" | sed '/^$/d'))
# In those packages, the tests below run one goroutine through minutes of
# work under the detector (property tests of the tallies and the search,
# a migration over thousands of items, the demo generated and served): it
# had nothing to compare, and they were a third of the phase (store 136 s,
# cmd/shuangbai 73 s, of which 31 + 9 + 9 and 38 s). They run without it
# after, on SQLite like the rest.
ALONE='^(TestTalliesFollowRandomWrites|TestSearchWalkMatchesRanking|TestSearchMigration0040|TestDemoServes)$'
phase "go test (SQLite; -race on the shared-state packages)"
SHUANGBAI_TEST_POSTGRES= go test -race -count=1 -timeout 30m -skip "$ALONE" $RACE
# The router's package holds the access matrix and the bodies' fuzz seeds:
# thousands of requests one after another, where the detector has nothing
# to compare and tripled the package's time (445 s of a loaded CI's run).
# Its tests that do run requests at once run under it here.
SHUANGBAI_TEST_POSTGRES= go test -race -count=1 -timeout 30m -run 'Parallel' shuangbai/web
phase "go test (SQLite; the rest)"
SHUANGBAI_TEST_POSTGRES= go test -count=1 -timeout 30m $REST
SHUANGBAI_TEST_POSTGRES= go test -count=1 -timeout 30m -run "$ALONE" shuangbai/store shuangbai/cmd/shuangbai

# Every fuzz target for 2 s (go test above ran their seed corpora only);
# scripts/fuzz-long.sh holds the list and runs 10 minutes each by hand.
phase "fuzz (2 s per target)"
FUZZTIME=2s scripts/fuzz-long.sh

if [ -n "${SHUANGBAI_TEST_POSTGRES:-}" ]; then
  phase "go test (PostgreSQL: ${SHUANGBAI_TEST_POSTGRES%%\?*})"
  # Every package whose tests open a database through storetest, and the
  # crash test, which kills the real binary over a PostgreSQL schema too.
  # The SQL is what differs here; the SQLite pass above ran the race detector.
  go test -count=1 -timeout 30m shuangbai/scripts/crash-test \
    $(go list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | awk '/shuangbai\/store\/storetest/ {print $1}')
fi

if [ -d e2e ]; then
  phase "browser journeys (headless Chromium)"
  if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium from Debian…"
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null
  fi
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  go build -o e2e/shuangbai ./cmd/shuangbai
  node --test e2e/
fi
