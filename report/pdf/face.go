package pdf

import (
	"fmt"
	"strings"
	"sync"

	"github.com/signintech/gopdf"
	"github.com/signintech/gopdf/fontmaker/core"

	"shuangbai/fonts"
	"shuangbai/report/docx"
)

// face is a font parsed once for the life of the process: gopdf's copy
// (subset into each PDF) and the character map and advances the line
// breaker measures with.
type face struct {
	family string
	chars  map[int]uint
	widths []uint
	upem   float64
	bold   bool // drawn with a stroke: there is no free bold 宋 or 小标宋
}

var (
	facesOnce sync.Once
	facesErr  error
	container gopdf.FontContainer
	faces     = map[fonts.Face]*face{}
	fallback  *face // nil when no fallback font is present
)

// fallbackFace names the font for characters beyond the subsets.
const fallbackFace fonts.Face = "fallback"

func loadFaces() error {
	facesOnce.Do(func() {
		for _, f := range []fonts.Face{fonts.Song, fonts.Kai, fonts.Hei} {
			b, err := fonts.TTF(f)
			if err != nil {
				facesErr = err
				return
			}
			fc, err := parseFace(string(f), b)
			if err != nil {
				facesErr = err
				return
			}
			faces[f] = fc
		}
		if b := fonts.Fallback(); b != nil {
			if fc, err := parseFace(string(fallbackFace), b); err == nil {
				fallback = fc
			}
		}
	})
	return facesErr
}

func parseFace(family string, b []byte) (*face, error) {
	var p core.TTFParser
	if err := p.ParseFontData(b); err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", family, err)
	}
	// A character no font has is shown as a box, not silently as a space.
	opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return '□' }}
	if err := container.AddTTFFontDataWithOption(family, b, opt); err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", family, err)
	}
	return &face{family: family, chars: p.Chars(), widths: p.Widths(), upem: float64(p.UnitsPerEm())}, nil
}

func (f *face) has(r rune) bool { _, ok := f.chars[int(r)]; return ok }

// advance is the width of r at size points.
func (f *face) advance(r rune, size float64) float64 {
	g, ok := f.chars[int(r)]
	if !ok || int(g) >= len(f.widths) {
		return size // a box the width of a character
	}
	return float64(f.widths[g]) * size / f.upem
}

// faceFor maps the Word file's font names to the faces the PDF ships. No
// free 仿宋 or 小标宋 exists: 仿宋 is set in the light 宋 (仿宋 is a 宋
// skeleton with 楷 strokes, and keeping it apart from 楷 keeps 楷体
// paragraphs distinguishable from body text, as GB/T 9704 uses them), and
// 小标宋 in the same 宋 with a stroke that thickens it, as 小标宋 is a heavy 宋.
func faceFor(font string, bold bool) *face {
	var f *face
	switch {
	case strings.Contains(font, "黑"):
		f = faces[fonts.Hei]
	case strings.Contains(font, "楷"):
		f = faces[fonts.Kai]
	default: // 仿宋, 宋体, 小标宋 and anything unknown
		f = faces[fonts.Song]
	}
	if bold || font == docx.FontTitle {
		c := *f
		c.bold = true
		return &c
	}
	return f
}

// runeFace is the face that draws r: f, or the fallback when only it has r.
func runeFace(f *face, r rune) *face {
	if f.has(r) || r < 0x80 || fallback == nil || !fallback.has(r) {
		return f
	}
	fb := *fallback
	fb.bold = f.bold
	return &fb
}
