#!/usr/bin/env bash
# fuzz-long.sh runs every fuzz target of a parser of outside input for
# FUZZTIME each (default 10m), one after another, and stops at the first
# that finds something: the failing input is then in that package's
# testdata/fuzz/<target>/, to commit as a regression input with the fix.
#
#   scripts/fuzz-long.sh                 # 10 minutes each
#   FUZZTIME=3s scripts/fuzz-long.sh     # what test.sh runs
#   scripts/fuzz-long.sh FuzzReadRoster  # only the targets named
#
# FUZZMINIMIZE caps the runs of the function spent minimizing each input
# (default 200x). Go minimizes not only a failing input but every input
# that finds new code, for up to 60 s by default, and its last pass tries
# every cut of the input: quadratic in its length. A workbook of 10 KB
# never finishes that pass, so each new input cost the full minute while
# the run showed "0/sec": FuzzParseProgressXLSX made 45 execs in 4 minutes,
# FuzzReadRoster 34 in 80 s. With 200 tries each it made 118 k in 2 minutes.
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
  ".:FuzzParseBoundaries"
  ".:FuzzParseSupervisionForms"
  "./sheet:FuzzReadRoster"
  "./sheet:FuzzReadScores"
  "./division:FuzzRead"
  "./report:FuzzParseProgressXLSX"
  "./web/ui:FuzzReadJSON"
  "./web/ui:FuzzParseNumber"
  "./thumbnail:FuzzMake"
  "./web/activity:FuzzListQuery"
  "./web/activity:FuzzJSONValues"
  "./web:FuzzBodies"
)

# A fuzz target left out of the list would never run: refuse to start.
for f in $(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' . | sed 's/^func //' | sort -u); do
  if [[ " ${TARGETS[*]} " != *":$f "* ]]; then
    echo "fuzz-long.sh: $f is not in TARGETS" >&2
    exit 1
  fi
done

for t in "${TARGETS[@]}"; do
  pkg=${t%%:*} name=${t##*:}
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  start=$(date +%s)
  # -parallel 1: the machine is shared; one worker per target is enough
  # to find what a longer run finds, and leaves the other core free.
  go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "${FUZZMINIMIZE:-200x}" -parallel "${FUZZPARALLEL:-1}" 2>&1 | tail -n 3
  echo "== $pkg $name: $(( $(date +%s) - start )) s"
done
