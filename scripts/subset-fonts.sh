#!/bin/sh
# Regenerates the fonts the binary embeds (fonts/*.ttf.gz) from Debian's
# font packages: every character of GB2312 plus ASCII and the punctuation
# documents use, renamed (the SIL OFL forbids a subset to keep LXGW's
# reserved names) and gzipped (the binary inflates them once, on first use).
#
#   scripts/subset-fonts.sh          the three GB2312 subsets that are committed
#   scripts/subset-fonts.sh --ext    also fonts/ext.ttf.gz: WenKai's characters
#                                    beyond GB2312 (GBK and more, for rare name
#                                    characters such as 堃 and 镕); 6 MB, so not
#                                    committed; build with -tags fontext to embed it
#
# Needs: apt-get install fonts-arphic-gbsn00lp fonts-lxgw-wenkai fonts-wqy-microhei fonttools
set -eu
cd "$(dirname "$0")/.."
out=fonts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Debian's fonttools installs for the system Python, which may not be first on PATH.
PY=python3
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import fontTools' 2>/dev/null; then PY=$p; break; fi
done

SONG=/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf
KAI=/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
HEI=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
for f in "$SONG" "$KAI" "$HEI"; do
	[ -f "$f" ] || { echo "missing $f: apt-get install fonts-arphic-gbsn00lp fonts-lxgw-wenkai fonts-wqy-microhei" >&2; exit 1; }
done

"$PY" - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
gb = set()
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            gb.add(bytes([b1, b2]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
# ASCII, and what documents type that GB2312 spells differently:
# the em dash of "— 1 —", the middle dot, the full-width forms.
extra = {chr(c) for c in range(0x20, 0x7F)} | set('—―·•…‘’“”℃№、。〈〉《》「」『』【】〔〕（）［］｛｝～￥')
extra |= {chr(c) for c in range(0xFF01, 0xFF5F)}
open(tmp + '/gb.txt', 'w', encoding='utf-8').write(''.join(sorted(gb | extra)))
PY

subset() { # source output family [font-number]
	pyftsubset "$1" ${4:+--font-number=$4} --text-file="$tmp/gb.txt" \
		--output-file="$tmp/$2.ttf" --no-hinting --layout-features='' --drop-tables+=FFTM,mort,morx,DSIG 2>/dev/null
	"$PY" - "$tmp/$2.ttf" "$3" <<'PY'
import sys
from fontTools.ttLib import TTFont
path, family = sys.argv[1], sys.argv[2]
f = TTFont(path)
for rec in list(f['name'].names):
    if rec.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
        f['name'].removeNames(nameID=rec.nameID)
for nid, val in ((1, family), (3, family + ' subset'), (4, family), (6, family.replace(' ', ''))):
    f['name'].setName(val, nid, 3, 1, 0x409)
    f['name'].setName(val, nid, 1, 0, 0)
f.save(path)
PY
	gzip -9n <"$tmp/$2.ttf" >"$out/$2.ttf.gz"
	echo "$out/$2.ttf.gz: $(wc -c <"$tmp/$2.ttf") bytes, $(wc -c <"$out/$2.ttf.gz") gzipped"
}

subset "$SONG" song "Shuangbai Song"
subset "$KAI" kai "Shuangbai Kai"
subset "$HEI" hei "Shuangbai Hei" 0

if [ "${1:-}" = --ext ]; then
	# Everything WenKai has that the subsets do not: the fallback for rare characters.
	"$PY" - "$tmp" "$KAI" <<'PY'
import sys
from fontTools.ttLib import TTFont
tmp, src = sys.argv[1], sys.argv[2]
have = set(open(tmp + '/gb.txt', encoding='utf-8').read())
cmap = TTFont(src).getBestCmap()
open(tmp + '/gb.txt', 'w', encoding='utf-8').write(''.join(chr(c) for c in sorted(cmap) if chr(c) not in have and c > 0x2000))
PY
	subset "$KAI" ext "Shuangbai Kai Ext"
fi
