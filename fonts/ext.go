//go:build fontext

package fonts

import _ "embed"

// extGz is WenKai beyond GB2312, embedded only with -tags fontext after
// scripts/subset-fonts.sh --ext has built it.
//
//go:embed ext.ttf.gz
var extGz []byte
