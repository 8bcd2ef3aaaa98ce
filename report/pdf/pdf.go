// Package pdf writes a docx.Document as a PDF with the same content and
// page geometry as its Word file — A4 with the margins of GB/T 9704, 22
// lines of 28 characters of 三号 body text, "— N —" page numbers in 四号 at
// the outer edge (odd pages right, even pages left) — and the Chinese
// fonts embedded and subset to the characters used (see package fonts).
// Lines break by 避头尾 (Break); justified text is spread to both margins.
package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"shuangbai/fonts"
	"shuangbai/report/docx"
)

func mm(v float64) float64 { return v * 72 / 25.4 }

// The text block of GB/T 9704: 156 × 225 mm, with its 28 characters a line
// of 三号 text (a character's pitch is a little under 16 pt) and 22 lines.
var (
	blockWidth = mm(156)
	bodyPitch  = blockWidth / 28
)

const bodyLine = 28.95 // the exact line height the Word file sets for 三号

// Write writes d as a PDF to out.
func Write(out io.Writer, d *docx.Document) error {
	if err := loadFaces(); err != nil {
		return err
	}
	w := &writer{gp: &gopdf.GoPdf{}, landscape: d.Landscape}
	w.gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	w.gp.SetInfo(gopdf.PdfInfo{Title: d.Title, Author: d.Author, Creator: "shuangbai", CreationDate: created})
	blocks := d.Blocks()
	if err := w.addFonts(blocks); err != nil {
		return err
	}
	w.newPage()
	for _, b := range blocks {
		var err error
		switch {
		case b.Paragraph != nil:
			err = w.paragraph(b.Paragraph)
		case b.Table != nil:
			err = w.table(b.Table)
		case b.Section != nil:
			w.landscape = b.Section.Landscape
			w.newPage()
		}
		if err != nil {
			return err
		}
	}
	if w.err != nil {
		return w.err
	}
	_, err := w.gp.WriteTo(out)
	return err
}

type writer struct {
	gp        *gopdf.GoPdf
	landscape bool
	page      int
	y         float64 // top of the next line, in points from the page's top
	empty     bool    // nothing drawn on this page yet
	err       error

	// what is set, so that unchanged settings are not written again
	family        string
	size, spacing float64
}

// addFonts registers the faces the document uses, and the fallback when a
// character needs it: each font embedded is subset to what it draws.
func (w *writer) addFonts(blocks []docx.Block) error {
	need := map[string]bool{string(fonts.Song): true} // page numbers
	use := func(f *face, s string) {
		need[f.family] = true
		for _, r := range s {
			need[runeFace(f, r).family] = true
		}
	}
	for _, b := range blocks {
		if p := b.Paragraph; p != nil {
			use(faceFor(p.Font, p.Bold), p.Text)
		}
		if t := b.Table; t != nil {
			for _, rows := range [][][]docx.Cell{t.Header, t.Rows} {
				for _, row := range rows {
					for _, c := range row {
						use(faceFor(docx.FontTable, c.Bold), c.Text)
					}
				}
			}
		}
	}
	for fam := range need {
		if err := w.gp.AddTTFFontFromFontContainer(fam, &container); err != nil {
			return fmt.Errorf("pdf: font %s: %w", fam, err)
		}
	}
	return nil
}

// Page geometry in points: the page's size and the text block's edges.
func (w *writer) pageSize() (float64, float64) {
	if w.landscape {
		return gopdf.PageSizeA4.H, gopdf.PageSizeA4.W
	}
	return gopdf.PageSizeA4.W, gopdf.PageSizeA4.H
}

// margins as the Word file's sections set them: top, right, bottom, left.
func (w *writer) margins() (float64, float64, float64, float64) {
	if w.landscape {
		return mm(28), mm(35), mm(26), mm(37)
	}
	return mm(37), mm(26), mm(35), mm(28)
}

func (w *writer) left() float64 { _, _, _, l := w.margins(); return l }

func (w *writer) textWidth() float64 {
	pw, _ := w.pageSize()
	_, r, _, l := w.margins()
	return pw - l - r
}

func (w *writer) bottom() float64 {
	_, ph := w.pageSize()
	_, _, b, _ := w.margins()
	return ph - b
}

func (w *writer) newPage() {
	pw, ph := w.pageSize()
	w.gp.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: pw, H: ph}})
	w.page++
	w.family = "" // gopdf writes the font for each page's content again
	top, _, _, _ := w.margins()
	w.y, w.empty = top, true
	w.pageNumber()
}

// pageNumber writes "— N —" in 四号 宋体 7 mm under the text block, one
// character in from the outer edge: right on odd pages, left on even ones.
func (w *writer) pageNumber() {
	const size = 14
	s := "— " + strconv.Itoa(w.page) + " —"
	f := faces[fonts.Song]
	width := 0.0
	for _, r := range s {
		width += f.advance(r, size)
	}
	x := w.left() + size
	if w.page%2 == 1 {
		x = w.left() + w.textWidth() - size - width
	}
	w.text(f, size, 0, x, w.bottom()+mm(7)+size*0.86, s, "")
}

// setFont sets the font and spacing when they change.
func (w *writer) setFont(family string, size, spacing float64) {
	if family != w.family || size != w.size {
		if err := w.gp.SetFont(family, "", size); err != nil && w.err == nil {
			w.err = err
		}
		w.family, w.size = family, size
	}
	if spacing != w.spacing || w.family == "" {
		_ = w.gp.SetCharSpacing(spacing)
		w.spacing = spacing
	}
}

// text draws s with its baseline at y, each character advanced by its
// width plus spacing, in runs of one face (the fallback draws what f lacks).
func (w *writer) text(f *face, size, spacing, x, y float64, s, color string) {
	r, g, b := rgb(color)
	w.gp.SetTextColor(r, g, b)
	rs := []rune(s)
	for i := 0; i < len(rs); {
		rf := runeFace(f, rs[i])
		j, width := i, 0.0
		for j < len(rs) && runeFace(f, rs[j]).family == rf.family {
			width += rf.advance(rs[j], size) + spacing
			j++
		}
		w.setFont(rf.family, size, spacing)
		run := string(rs[i:j])
		w.gp.SetXY(x, y)
		if err := w.gp.Text(run); err != nil && w.err == nil {
			w.err = err
		}
		if rf.bold { // a second impression, slightly offset, thickens the strokes
			w.gp.SetXY(x+size*0.035, y)
			_ = w.gp.Text(run)
		}
		x += width
		i = j
	}
	w.empty = false
}

func rgb(hex string) (uint8, uint8, uint8) {
	v, err := strconv.ParseUint(hex, 16, 32)
	if len(hex) != 6 || err != nil {
		return 0, 0, 0
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v)
}

// paragraph writes p's lines, breaking pages where the text block ends.
func (w *writer) paragraph(p *docx.Paragraph) error {
	size := float64(p.Size) / 2
	f := faceFor(p.Font, p.Bold)
	spacing, lineH := 0.0, size*1.3
	if p.Size == docx.Size3 {
		spacing, lineH = bodyPitch-size, bodyLine
	}
	if p.PageBreak && !w.empty {
		w.newPage()
	}
	indent := 0.0
	if p.Indent {
		indent = 2 * (size + spacing)
	}
	width := w.textWidth()
	adv := func(r rune) float64 { return runeFace(f, r).advance(r, size) + spacing }
	if !w.empty {
		w.y += float64(p.Before)
	}
	// The Word writer's convention: what follows a tab sits against the
	// right edge, on a right tab stop — the masthead's "编印单位\t日期".
	if left, right, ok := strings.Cut(p.Text, "\t"); ok && !strings.ContainsAny(p.Text, "\n") {
		if w.y+lineH > w.bottom()+0.5 {
			w.newPage()
		}
		rw := 0.0
		for _, r := range right {
			rw += adv(r)
		}
		base := w.y + (lineH-size)/2 + size*0.86
		w.text(f, size, spacing, w.left()+indent, base, left, p.Color)
		w.text(f, size, spacing, w.left()+width-rw, base, strings.ReplaceAll(right, "\t", " "), p.Color)
		w.y += lineH
		w.rule(p, width)
		w.y += float64(p.After)
		return w.err
	}
	lines := Break(p.Text, width-indent, width, adv)
	for i, l := range lines {
		if w.y+lineH > w.bottom()+0.5 {
			w.newPage()
		}
		x, avail, extra := w.left(), width, 0.0
		if i == 0 {
			x, avail = x+indent, avail-indent
		}
		switch p.Align {
		case docx.Center:
			x += (avail - l.Width) / 2
		case docx.Right:
			x += avail - l.Width
		case docx.Both:
			if n := len([]rune(l.Text)); !l.End && n > 1 {
				extra = (avail - l.Width) / float64(n-1)
			}
		}
		w.text(f, size, spacing+extra, x, w.y+(lineH-size)/2+size*0.86, l.Text, p.Color)
		w.y += lineH
	}
	w.rule(p, width)
	w.y += float64(p.After)
	return w.err
}

// rule draws the paragraph's rule below it, if it has one.
func (w *writer) rule(p *docx.Paragraph, width float64) {
	if p.RuleBelow == "" {
		return
	}
	r, g, b := rgb(p.RuleBelow)
	w.gp.SetStrokeColor(r, g, b)
	w.gp.SetLineWidth(1)
	w.gp.Line(w.left(), w.y+3, w.left()+width, w.y+3)
	w.gp.SetStrokeColor(0, 0, 0)
	w.y += 6
}
