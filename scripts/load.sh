#!/bin/sh
# Bounded load run on loopback: 200 simulated users, each with its own API
# token (80% social workers, 15% station leads and county officers, 5%
# bureau), on the province data of each engine; at most 20,000 requests or
# 60 seconds. The driver is bench/load.go; the figures go to bench/RESULTS.md
# with the rest of the benchmarks. Databases are generated on first use.
#   scripts/load.sh [extra bench flags, e.g. -think 0 -engines sqlite]
set -e
cd "$(dirname "$0")/.."
exec go run ./bench -sizes province -load province -load-users 200 -load-requests 20000 -load-time 60s "$@"
