#!/bin/sh
# Installs the offline app's third-party front-end files from npm (the
# versions pinned in scripts/vendor-offline/package-lock.json) and copies
# the minified file with its licence into web/ui/static/offline/vendor,
# where the binary embeds it: `go run` needs no npm. Run it after changing
# a version, and commit the copied files.
set -eu
cd "$(dirname "$0")/vendor-offline"
npm ci --no-audit --no-fund --loglevel=error
out=../../web/ui/static/offline/vendor
mkdir -p "$out"
cp node_modules/idb/build/umd.js "$out/idb.min.js"
cp node_modules/idb/LICENSE "$out/idb.LICENSE"
v=$(node -p "require('./node_modules/idb/package.json').version")
echo "idb $v (ISC) from npm: build/umd.js; exposes the global idb" > "$out/VERSIONS"
echo "copied idb $v to $out"
