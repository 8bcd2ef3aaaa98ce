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
  ".:FuzzExactTerms"
  ".:FuzzAttachmentName"
  ".:FuzzParseBoundaries"
  ".:FuzzParseSupervisionForms"
  "./sheet:FuzzReadRoster"
  "./sheet:FuzzReadScores"
  "./division:FuzzRead"
  "./report:FuzzParseProgressXLSX"
  "./web/ui:FuzzReadJSON"
  "./web/ui:FuzzParseNumber"
  "./web/ui:FuzzAppendJSONString"
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

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "${TARGETS[@]}"; do
  pkg=${t%%:*} name=${t##*:}
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  start=$(date +%s)
  for try in 1 2; do
    # -parallel 1: the machine is shared; one worker per target is enough
    # to find what a longer run finds, and leaves the other core free.
    if go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "${FUZZMINIMIZE:-200x}" -parallel "${FUZZPARALLEL:-1}" >"$out" 2>&1; then
      tail -n 3 "$out"
      break
    fi
    # Go's fuzzing coordinator can fail a target that found nothing: when
    # -fuzztime runs out it compares the deadline's context error with its
    # child's, and a preemption between the two closes makes them differ
    # (golang/go internal/fuzz, CoordinateFuzzing's stop). That failure
    # says "context deadline exceeded" and writes no input. CI failed
    # FuzzCheckReason 2.1 s into a 2 s run, its output cut to three lines,
    # and every rerun here passes: that signature. Run such a target again;
    # anything else — a written input, a panic, a second failure — stops
    # here with the whole output.
    if [ "$try" = 1 ] && grep -q 'context deadline exceeded' "$out" && ! grep -q 'Failing input written to' "$out"; then
      echo "== $pkg $name: the fuzzing coordinator's deadline race (nothing found); again"
      continue
    fi
    cat "$out"
    echo "== $pkg $name: FAILED" >&2
    exit 1
  done
  echo "== $pkg $name: $(( $(date +%s) - start )) s"
done
