#!/usr/bin/env bash
# Rebuilds common_passwords.txt: the 10,000 most common passwords, most
# common first, from the ranked list of @zxcvbn-ts/language-common (MIT,
# Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc., (c) 2021
# @zxcvbn-ts). Run it from anywhere with npm and python3; the binary embeds
# the result, so nothing is fetched at build or run time.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @zxcvbn-ts/language-common@4.1.3 >/dev/null && tar xzf ./*.tgz)
python3 - "$tmp/package/src/passwords.json" > common_passwords.txt <<'PY'
import json, sys
print("\n".join(json.load(open(sys.argv[1]))[:10000]))
PY
