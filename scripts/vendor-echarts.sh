#!/bin/sh
# Refreshes web/ui/static/vendor/echarts/ from npm: the dashboards and the
# map draw with Apache ECharts, served from the binary itself (an intranet
# has no CDN), so the file is committed and `go run` needs no npm. Run this
# only to change the version; it checks the file against the SHA-256 in
# VERSION, and with --update writes the new one there.
#
#   scripts/vendor-echarts.sh            # fetch the pinned version, verify
#   scripts/vendor-echarts.sh --update   # fetch, then record its checksum
set -eu
VERSION=6.1.0
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/web/ui/static/vendor/echarts"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "echarts@$VERSION" >/dev/null && tar -xzf "echarts-$VERSION.tgz")
got=$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)

if [ "${1:-}" = "--update" ]; then
	mkdir -p "$dest"
	cp "$tmp/package/dist/echarts.min.js" "$dest/echarts.min.js"
	cp "$tmp/package/LICENSE" "$dest/LICENSE"
	[ -f "$tmp/package/NOTICE" ] && cp "$tmp/package/NOTICE" "$dest/NOTICE"
	printf 'echarts %s (Apache-2.0) from npm, dist/echarts.min.js\nsha256 %s\n' "$VERSION" "$got" >"$dest/VERSION"
	echo "vendored echarts $VERSION: $got"
	exit 0
fi

want=$(sed -n 's/^sha256 //p' "$dest/VERSION")
if [ "$got" != "$want" ]; then
	echo "echarts $VERSION from npm has sha256 $got, VERSION records $want" >&2
	exit 1
fi
cp "$tmp/package/dist/echarts.min.js" "$dest/echarts.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
have=$(sha256sum "$dest/echarts.min.js" | cut -d' ' -f1)
[ "$have" = "$want" ] || { echo "copied file differs" >&2; exit 1; }
echo "echarts $VERSION verified: $got"
