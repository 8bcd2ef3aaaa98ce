#!/usr/bin/env bash
# test.sh runs every test: vet, the Go tests with the race detector (the
# storage tests on SQLite, and on PostgreSQL too when SHUANGBAI_TEST_POSTGRES
# holds a URL), and the browser journeys in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"

echo "== gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
go vet ./...

# The PDF tests read their output back with poppler's pdftotext; without it
# they would skip, so install it like Chromium below.
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "installing poppler-utils from Debian…"
  (apt-get update -qq && apt-get install -y -qq poppler-utils) >/dev/null
fi

echo "== go test (SQLite)"
SHUANGBAI_TEST_POSTGRES= go test -race -count=1 ./...

# Every fuzz target for 2 s (go test above ran their seed corpora only);
# scripts/fuzz-long.sh holds the list and runs 10 minutes each by hand.
echo "== fuzz (2 s per target)"
FUZZTIME=2s scripts/fuzz-long.sh

if [ -n "${SHUANGBAI_TEST_POSTGRES:-}" ]; then
  echo "== go test (PostgreSQL: ${SHUANGBAI_TEST_POSTGRES%%\?*})"
  # Every package whose tests open a database through storetest.
  go test -race -count=1 $(go list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | awk '/shuangbai\/store\/storetest/ {print $1}')
fi

if [ -d e2e ]; then
  echo "== browser journeys (headless Chromium)"
  if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium from Debian…"
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null
  fi
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  go build -o e2e/shuangbai ./cmd/shuangbai
  node --test e2e/
fi
