package pdf

import (
	"fmt"

	"shuangbai/report/docx"
)

// The Word file's table geometry: cell margins of 85 twips left and right,
// and rows at least 454 twips high.
const (
	cellPad   = 85.0 / 20
	rowMin    = 454.0 / 20
	cellVPad  = 2.0
	tableLine = 0.5
)

// gridCell is a cell placed on the grid: its first column and span.
type gridCell struct {
	docx.Cell
	col, span int
	lines     []Line
}

type tableRow struct {
	cells  []gridCell
	height float64
}

// table writes t across the text width; its header rows repeat at the top
// of every page it runs onto, and a row never splits across pages.
func (w *writer) table(t *docx.Table) error {
	size := float64(t.Size) / 2
	if size == 0 {
		size = float64(docx.Size5) / 2
	}
	total := 0
	for _, v := range t.Widths {
		total += v
	}
	if total <= 0 {
		return fmt.Errorf("pdf: a table without column widths")
	}
	width := w.textWidth()
	xs := make([]float64, len(t.Widths)+1) // the grid's column edges
	xs[0] = w.left()
	for i, v := range t.Widths {
		xs[i+1] = xs[i] + width*float64(v)/float64(total)
	}
	lineH := size * 1.3
	layout := func(rows [][]docx.Cell) []tableRow {
		out := make([]tableRow, len(rows))
		for i, row := range rows {
			col := 0
			tr := tableRow{height: rowMin}
			for _, c := range row {
				span := max(c.Span, 1)
				end := min(col+span, len(t.Widths))
				gc := gridCell{Cell: c, col: col, span: end - col}
				if !c.Merged {
					f := faceFor(docx.FontTable, c.Bold)
					adv := func(r rune) float64 { return runeFace(f, r).advance(r, size) }
					cw := xs[end] - xs[col] - 2*cellPad
					gc.lines = Break(c.Text, cw, cw, adv)
					if !c.MergeDown {
						tr.height = max(tr.height, float64(len(gc.lines))*lineH+2*cellVPad)
					}
				}
				tr.cells = append(tr.cells, gc)
				col = end
			}
			out[i] = tr
		}
		// A cell merged down needs its lines in the rows it covers together.
		for i, tr := range out {
			for _, c := range tr.cells {
				if !c.MergeDown {
					continue
				}
				last := mergeEnd(out, i, c.col)
				h := 0.0
				for k := i; k <= last; k++ {
					h += out[k].height
				}
				if need := float64(len(c.lines))*lineH + 2*cellVPad; need > h {
					out[last].height += need - h
				}
			}
		}
		return out
	}
	header, body := layout(t.Header), layout(t.Rows)
	headH := 0.0
	for _, r := range header {
		headH += r.height
	}
	drawHeader := func() {
		w.drawRows(header, xs, size, lineH)
	}
	if w.y+headH+firstHeight(body) > w.bottom() && !w.empty {
		w.newPage()
	}
	drawHeader()
	for i := 0; i < len(body); {
		// A group of rows joined by vertical merges stays on one page when it fits one.
		last := i
		for k := i; k <= last; k++ {
			for _, c := range body[k].cells {
				if c.MergeDown || c.Merged {
					last = max(last, mergeEnd(body, k, c.col))
				}
			}
		}
		h := 0.0
		for k := i; k <= last; k++ {
			h += body[k].height
		}
		top, _, _, _ := w.margins()
		if w.y+h > w.bottom() && h <= w.bottom()-top-headH {
			w.newPage()
			drawHeader()
		} else if w.y+body[i].height > w.bottom() {
			w.newPage()
			drawHeader()
			last = i
		} else if w.y+h > w.bottom() {
			last = i
		}
		w.drawRows(body[i:last+1], xs, size, lineH)
		i = last + 1
	}
	w.y += 4
	return w.err
}

func firstHeight(rows []tableRow) float64 {
	if len(rows) == 0 {
		return 0
	}
	return rows[0].height
}

// mergeEnd is the last row of the vertical merge that starts (or goes on)
// at row i, column col.
func mergeEnd(rows []tableRow, i, col int) int {
	last := i
	for k := i + 1; k < len(rows); k++ {
		c, ok := cellAt(rows[k], col)
		if !ok || !c.Merged {
			break
		}
		last = k
	}
	return last
}

func cellAt(r tableRow, col int) (gridCell, bool) {
	for _, c := range r.cells {
		if c.col == col {
			return c, true
		}
	}
	return gridCell{}, false
}

// drawRows draws rows from the current position down, all on this page:
// borders, with none between the cells of a vertical merge, and each
// cell's text centred in the height it covers on this page.
func (w *writer) drawRows(rows []tableRow, xs []float64, size, lineH float64) {
	w.gp.SetStrokeColor(0, 0, 0)
	w.gp.SetLineWidth(tableLine)
	ys := make([]float64, len(rows)+1)
	ys[0] = w.y
	for i, r := range rows {
		ys[i+1] = ys[i] + r.height
	}
	for i, r := range rows {
		for _, c := range r.cells {
			x0, x1 := xs[c.col], xs[c.col+c.span]
			y0, y1 := ys[i], ys[i+1]
			w.gp.Line(x0, y0, x0, y1)
			w.gp.Line(x1, y0, x1, y1)
			if !c.Merged || i == 0 {
				w.gp.Line(x0, y0, x1, y0)
			}
			if i == len(rows)-1 {
				w.gp.Line(x0, y1, x1, y1)
			} else if next, ok := cellAt(rows[i+1], c.col); !ok || !next.Merged {
				w.gp.Line(x0, y1, x1, y1)
			}
			if c.Merged && i > 0 {
				continue
			}
			if c.Merged { // the merge began on the page before: its text is there
				continue
			}
			bottom := y1
			if c.MergeDown {
				bottom = ys[mergeEnd(rows, i, c.col)+1]
			}
			f := faceFor(docx.FontTable, c.Bold)
			ty := y0 + (bottom-y0-float64(len(c.lines))*lineH)/2
			for _, l := range c.lines {
				x := x0 + cellPad
				switch c.Align {
				case docx.Left, docx.Both:
				case docx.Right:
					x = x1 - cellPad - l.Width
				default:
					x = (x0+x1)/2 - l.Width/2
				}
				w.text(f, size, 0, x, ty+(lineH-size)/2+size*0.86, l.Text, "")
				ty += lineH
			}
		}
	}
	w.y = ys[len(rows)]
}
