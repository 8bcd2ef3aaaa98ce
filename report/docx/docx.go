// Package docx writes Word documents (.docx) the way bureaus exchange
// them: A4 with the margins of GB/T 9704 (党政机关公文格式: 天头 37 mm,
// 订口 28 mm, a 156 × 225 mm text block), Chinese fonts named for East
// Asian text (w:eastAsia) so Word and WPS never swap in a Latin face, page
// numbers as "— 1 —", and tables with a header row repeated on every page
// and cells merged across (gridSpan) and down (vMerge).
//
// No maintained Go library with a permissive licence does this (see the
// project's stack notes), and a document is a zip of a few XML parts: this
// package writes them with archive/zip and text/template. Its API is small
// and general — a title, paragraphs, tables — so that every form the
// project writes as Word (the recruitment notice, station work, the
// briefing) shares it.
package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Fonts named by the documents. Word and WPS on a bureau's PC have them;
// LibreOffice substitutes its own CJK faces.
const (
	FontBody    = "仿宋_GB2312" // 正文: 仿宋
	FontTitle   = "方正小标宋简体"   // 标题
	FontHeading = "黑体"
	FontKai     = "楷体_GB2312" // 二级标题
	FontTable   = "宋体"
)

// Sizes in half-points, by the names of Chinese type sizes (字号).
const (
	Size2  = 44 // 二号, 22 pt: titles
	Size0s = 72 // 小初, 36 pt: a briefing's masthead
	Size3  = 32 // 三号, 16 pt: body text
	Size4  = 28 // 四号, 14 pt
	Size5  = 21 // 五号, 10.5 pt: tables
	Size5s = 18 // 小五, 9 pt
)

// Alignments of a paragraph or a cell's text.
const (
	Left   = "left"
	Center = "center"
	Right  = "right"
	Both   = "both" // justified
)

// Paragraph is one paragraph of text. Zero fields take the body's style:
// 三号仿宋, justified, with a first-line indent of two characters when
// Indent is set. A newline in Text breaks the line; a tab sends what
// follows it to the right edge of the text (a right tab stop there), as an
// issue line's date sits opposite the issuing office.
type Paragraph struct {
	Text   string
	Font   string
	Size   int
	Bold   bool
	Align  string
	Indent bool // first line indented by two characters, as body text is
	Before int  // space before, in points
	After  int  // space after, in points
	// Color is the text's colour as RRGGBB; "" is black. The briefing's
	// masthead is red (FF0000).
	Color string
	// RuleBelow, as RRGGBB, draws a line under the paragraph across the
	// text width: the red rule under a masthead's issue line. "" draws none.
	RuleBelow string
	PageBreak bool // the paragraph starts a new page
}

// Cell is one cell of a table row. A cell may span several grid columns
// (Span) and be merged with the cells below it: the first of a vertical
// merge has MergeDown set, the ones under it Merged (their text is not
// shown).
type Cell struct {
	Text      string
	Span      int // grid columns covered; 0 means 1
	MergeDown bool
	Merged    bool
	Align     string // "" centres the cell
	Bold      bool
}

// Table is a table: its columns' relative widths, header rows repeated at
// the top of every page, and body rows.
type Table struct {
	Widths []int // relative widths of the grid columns; they share the text width
	Header [][]Cell
	Rows   [][]Cell
	Size   int // text size; 0 is 五号
}

// Document is a Word document being written. Add content with its methods,
// then WriteTo.
type Document struct {
	Landscape bool
	Title     string    // the document's title in its properties
	Author    string    // its author in its properties
	Created   time.Time // zero: the time of writing; set it for identical output

	blocks []block
	err    error
}

type block struct {
	P   *paragraph
	T   *table
	Src *Table   // the table as given, for other writers (PDF) of the same document
	S   *Section // a section break before what follows
	End *sect    // when written: the properties of the section S ends
}

// New returns an empty portrait document.
func New() *Document { return &Document{} }

// Heading writes a title: 二号小标宋, centred, with space after.
func (d *Document) Heading(text string) {
	d.Add(Paragraph{Text: text, Font: FontTitle, Size: Size2, Align: Center, After: 16})
}

// Subheading writes a heading inside the text: 三号黑体.
func (d *Document) Subheading(text string) {
	d.Add(Paragraph{Text: text, Font: FontHeading, Align: Left, Indent: true})
}

// Text writes a paragraph of body text, indented.
func (d *Document) Text(text string) { d.Add(Paragraph{Text: text, Indent: true}) }

// Signature writes the lines closing a notice — the unit, the date —
// right-aligned, with space before them.
func (d *Document) Signature(lines ...string) {
	for i, l := range lines {
		p := Paragraph{Text: l, Align: Right}
		if i == 0 {
			p.Before = 24
		}
		d.Add(p)
	}
}

// Add writes a paragraph.
func (d *Document) Add(p Paragraph) {
	np := newParagraph(p)
	if np.Tab > 0 {
		np.Tab = d.textWidth()
	}
	d.blocks = append(d.blocks, block{P: np})
}

// AddTable writes a table. A row whose spans do not add up to the grid's
// columns, or a merged cell with nothing above it to merge with, makes
// WriteTo fail: a malformed table opens badly in Word.
func (d *Document) AddTable(t Table) {
	tb, err := newTable(t, d.textWidth())
	if err != nil {
		if d.err == nil {
			d.err = err
		}
		return
	}
	d.blocks = append(d.blocks, block{T: tb, Src: &t})
}

// textWidth is the width of the text block of the current section's pages
// in twentieths of a point.
func (d *Document) textWidth() int { return textWidth(d.landscapeNow()) }

// landscapeNow tells the orientation of the section being written.
func (d *Document) landscapeNow() bool {
	for i := len(d.blocks) - 1; i >= 0; i-- {
		if s := d.blocks[i].S; s != nil {
			return s.Landscape
		}
	}
	return d.Landscape
}

func textWidth(landscape bool) int {
	if landscape {
		return mmTwips(297 - 37 - 35)
	}
	return mmTwips(156)
}

func mmTwips(mm float64) int { return int(mm*1440/25.4 + 0.5) }

// WriteTo writes the document as a .docx file.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	// A section's properties close it: a section break is written as the
	// last paragraph of the section before it, the last section's
	// properties end the body.
	blocks := make([]block, 0, len(d.blocks)+1)
	land := d.Landscape
	for _, b := range d.blocks {
		if b.S != nil {
			if len(blocks) == 0 {
				land = b.S.Landscape // a section at the very start sets the first one
				continue
			}
			b = block{S: b.S, End: newSect(land)}
			land = b.S.Landscape
		}
		blocks = append(blocks, b)
	}
	if len(blocks) == 0 || blocks[len(blocks)-1].T != nil {
		// Word wants a paragraph between a closing table and the section's end.
		blocks = append(blocks, block{P: newParagraph(Paragraph{})})
	}
	data := docData{Blocks: blocks, Title: d.Title, Author: d.Author,
		Created: created.Format("2006-01-02T15:04:05Z"), Last: newSect(land)}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range parts {
		h := &zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: created}
		f, err := zw.CreateHeader(h)
		if err != nil {
			return 0, err
		}
		if err := templates.ExecuteTemplate(f, part.template, data); err != nil {
			return 0, fmt.Errorf("docx: %s: %w", part.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.WriteTo(w)
}

// pageMargins are the page's margins in twentieths of a point.
type pageMargins struct{ Top, Right, Bottom, Left, Width, Height int }

// sect is a section's page setup as written: size, margins and the
// document grid.
type sect struct {
	Landscape bool
	Margins   pageMargins
	// LinePitch sets the grid of lines: GB/T 9704's 22 lines a page of
	// 三号 text. Its 28 characters a line come from the body text's runs,
	// set 0.25 pt tighter (28 × 15.75 pt fit the 156 mm line): a grid of
	// characters (linesAndChars) would do it in Word, but LibreOffice then
	// gives every 16 pt character two cells of the 15.8 pt grid and prints
	// 14 characters a line.
	LinePitch int
}

func newSect(landscape bool) *sect {
	s := &sect{Landscape: landscape, Margins: margins(landscape), LinePitch: 579}
	if landscape {
		// A landscape section holds the wide tables, at the single spacing
		// of their 五号 text.
		s.LinePitch = 312
	}
	return s
}

// margins follow GB/T 9704: 天头 37 mm, 订口 28 mm and a 156 × 225 mm
// text block on A4 portrait; landscape turns the page and keeps the block.
func margins(landscape bool) pageMargins {
	m := pageMargins{Top: mmTwips(37), Right: mmTwips(26), Bottom: mmTwips(35), Left: mmTwips(28), Width: 11906, Height: 16838}
	if landscape {
		m = pageMargins{Top: mmTwips(28), Right: mmTwips(35), Bottom: mmTwips(26), Left: mmTwips(37), Width: 16838, Height: 11906}
	}
	return m
}

// paragraph is a Paragraph with its defaults filled in, ready to render.
type paragraph struct {
	Paragraph
	Lines                       []string
	Line                        int // exact line height in twentieths of a point; 0: single
	BeforeTw, AfterTw, IndentTw int // spacing and indent in twentieths of a point
	Tab                         int // the right tab stop a tab in the text goes to; 0: none
}

func newParagraph(p Paragraph) *paragraph {
	if p.Font == "" {
		p.Font = FontBody
	}
	if p.Size == 0 {
		p.Size = Size3
	}
	if !validAlign(p.Align) {
		p.Align = Both
	}
	out := &paragraph{Paragraph: p, Lines: strings.Split(clean(p.Text), "\n"), BeforeTw: p.Before * 20, AfterTw: p.After * 20}
	if p.Indent {
		out.IndentTw = p.Size * 20 // two characters of Size half-points each
	}
	if p.Size == Size3 {
		out.Line = 579 // 28.95 pt: the 22 lines a page GB/T 9704 sets for 三号 text
	}
	if strings.Contains(p.Text, "\t") {
		out.Tab = textWidth(false)
	}
	return out
}

func validAlign(a string) bool { return a == Left || a == Center || a == Right || a == Both }

// clean drops what XML 1.0 cannot hold (control characters but tab and
// newline) and turns carriage returns into newlines.
func clean(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return -1
		}
		return r
	}, s)
}

// table is a Table laid out on the grid, ready to render.
type table struct {
	Cols   []int // column widths in twentieths of a point
	Width  int
	Header [][]cell
	Rows   [][]cell
	Size   int
}

type cell struct {
	Cell
	Width int
	Lines []string
	Merge string // "restart", "continue" or ""
}

// newTable checks t against its grid and lays it out on width.
func newTable(t Table, width int) (*table, error) {
	if len(t.Widths) == 0 {
		return nil, errors.New("docx: a table needs its column widths")
	}
	sum := 0
	for _, w := range t.Widths {
		if w <= 0 {
			return nil, errors.New("docx: column widths must be positive")
		}
		sum += w
	}
	out := &table{Size: t.Size, Width: width}
	if out.Size == 0 {
		out.Size = Size5
	}
	for _, w := range t.Widths {
		out.Cols = append(out.Cols, w*width/sum)
	}
	// open[i] tells whether grid column i is under a cell that merges down.
	open := make([]bool, len(t.Widths))
	lay := func(rows [][]Cell, kind string) ([][]cell, error) {
		var laid [][]cell
		for r, row := range rows {
			var out2 []cell
			col := 0
			for _, c := range row {
				span := max(c.Span, 1)
				if col+span > len(t.Widths) {
					return nil, fmt.Errorf("docx: %s row %d is wider than the table's %d columns", kind, r+1, len(t.Widths))
				}
				lc := cell{Cell: c, Lines: strings.Split(clean(c.Text), "\n")}
				for i := col; i < col+span; i++ {
					lc.Width += out.Cols[i]
				}
				switch {
				case c.Merged && !open[col]:
					return nil, fmt.Errorf("docx: %s row %d, column %d merges with nothing above it", kind, r+1, col+1)
				case c.Merged:
					lc.Merge, lc.Lines = "continue", []string{""}
				case c.MergeDown:
					lc.Merge = "restart"
				}
				for i := col; i < col+span; i++ {
					open[i] = c.MergeDown || c.Merged
				}
				if !validAlign(lc.Align) {
					lc.Align = Center
				}
				out2 = append(out2, lc)
				col += span
			}
			if col != len(t.Widths) {
				return nil, fmt.Errorf("docx: %s row %d covers %d of the table's %d columns", kind, r+1, col, len(t.Widths))
			}
			laid = append(laid, out2)
		}
		return laid, nil
	}
	var err error
	if out.Header, err = lay(t.Header, "header"); err != nil {
		return nil, err
	}
	if out.Rows, err = lay(t.Rows, "body"); err != nil {
		return nil, err
	}
	return out, nil
}
