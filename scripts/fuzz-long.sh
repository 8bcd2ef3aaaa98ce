#!/usr/bin/env bash
# fuzz-long.sh runs every fuzz target of a parser of outside input for
# FUZZTIME each (default 10m), one after another, and stops at the first
# that finds something: the failing input is then in that package's
# testdata/fuzz/<target>/, to commit as a regression input with the fix.
#
#   scripts/fuzz-long.sh                 # 10 minutes each
#   FUZZTIME=3s scripts/fuzz-long.sh     # what test.sh runs
#   scripts/fuzz-long.sh FuzzReadRoster  # only the targets named
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-10m}

# The targets, package and name: the one list of them.
TARGETS=(
  ".:FuzzIDNumber"
  ".:FuzzCleanText"
  ".:FuzzCheckReason"
  ".:FuzzGrams"
  ".:FuzzAttachmentName"
  "./sheet:FuzzReadRoster"
  "./sheet:FuzzReadScores"
  "./division:FuzzRead"
  "./report:FuzzParseProgressXLSX"
  "./web/ui:FuzzReadJSON"
  "./web/ui:FuzzParseNumber"
  "./thumbnail:FuzzMake"
)

for t in "${TARGETS[@]}"; do
  pkg=${t%%:*} name=${t##*:}
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  start=$(date +%s)
  # -parallel 1: the machine is shared; one worker per target is enough
  # to find what a longer run finds, and leaves the other core free.
  go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel "${FUZZPARALLEL:-1}" 2>&1 | tail -n 3
  echo "== $pkg $name: $(( $(date +%s) - start )) s"
done
