package report

import (
	"fmt"
	"io"

	"shuangbai"
	"shuangbai/report/docx"
)

// Red is the masthead's and the rule's colour.
const Red = "FF0000"

// BriefingDocument lays out an issue of a briefing (工作简报) in the look of
// GB/T 9704-2012: the red masthead in 小标宋 with the issue number and the
// issue line over a red rule; each section under its heading in 黑体; each
// item's title in 二号小标宋 over its 三号仿宋 text; computed paragraphs under
// a 楷体 heading; the progress table in its official layout on landscape
// pages of its own (sixteen columns do not fit a portrait page); and the
// distribution list (发至, 抄送) at the end between rules. The PDF writer
// reads the same document through Blocks, so the two never differ.
func BriefingDocument(c *shuangbai.BriefingContent) *docx.Document {
	d := docx.New()
	d.Title, d.Author = c.Series+" "+c.Number, c.Office
	d.Created = c.Date.Time()
	d.Add(docx.Paragraph{Text: c.Masthead, Font: docx.FontTitle, Size: docx.Size0s, Color: Red, Align: docx.Center, Before: 12, After: 18})
	if c.Correction != "" {
		d.Add(docx.Paragraph{Text: "（勘误）", Font: docx.FontHeading, Color: Red, Align: docx.Center})
	}
	d.Add(docx.Paragraph{Text: c.Number, Align: docx.Center, After: 6})
	d.Add(docx.Paragraph{Text: c.Office + "编\t" + c.Date.Chinese(), Align: docx.Left, RuleBelow: Red, After: 18})
	if c.Correction != "" {
		d.Add(docx.Paragraph{Text: c.Correction, Font: docx.FontKai, Indent: true})
	}
	for _, s := range c.Sections {
		d.Add(docx.Paragraph{Text: "●" + s.Title, Font: docx.FontHeading, Align: docx.Left, Before: 12, After: 6})
		for _, b := range s.Blocks {
			briefingBlock(d, b)
		}
	}
	briefingRecord(d, c)
	return d
}

// briefingBlock writes one block of a section.
func briefingBlock(d *docx.Document, b shuangbai.ContentBlock) {
	switch {
	case b.Table != nil:
		ProgressTableDOCX(d, b.Table)
	case b.Kind == shuangbai.EntryNews:
		d.Add(docx.Paragraph{Text: b.Title, Font: docx.FontTitle, Size: docx.Size2, Align: docx.Center, Before: 12, After: 12})
		for _, p := range b.Paragraphs {
			d.Text(p)
		}
	default:
		if b.Title != "" {
			d.Add(docx.Paragraph{Text: b.Title, Font: docx.FontKai, Align: docx.Left, Indent: true})
		}
		for _, p := range b.Paragraphs {
			d.Text(p)
		}
	}
}

// briefingRecord writes the 版记: the distribution list between rules,
// then the editor and the date of issue.
func briefingRecord(d *docx.Document, c *shuangbai.BriefingContent) {
	d.Add(docx.Paragraph{Text: "", Size: docx.Size4, RuleBelow: "000000", Before: 24})
	if c.SendTo != "" {
		d.Add(docx.Paragraph{Text: "发至：" + c.SendTo, Size: docx.Size4, Align: docx.Left})
	}
	if c.CopyTo != "" {
		d.Add(docx.Paragraph{Text: "抄送：" + c.CopyTo, Size: docx.Size4, Align: docx.Left})
	}
	editor := ""
	if c.Editor != "" {
		editor = "编辑：" + c.Editor
	}
	d.Add(docx.Paragraph{Text: editor + "\t" + c.Date.Chinese() + "印发", Size: docx.Size4, Align: docx.Left, RuleBelow: "000000"})
}

// WriteBriefingDOCX writes an issue as a Word document.
func WriteBriefingDOCX(w io.Writer, c *shuangbai.BriefingContent) error {
	if c == nil {
		return fmt.Errorf("report: briefing docx: no content")
	}
	_, err := BriefingDocument(c).WriteTo(w)
	return err
}

// progressTableWidths are the relative widths of the sixteen columns in
// Word: the region and the funding text get the room.
var progressTableWidths = []int{7, 6, 4, 4, 4, 5, 4, 4, 4, 4, 5, 4, 5, 5, 13, 5}

// FitsPortrait tells whether a table of cols columns is readable on a
// portrait page; wider ones get landscape pages.
func FitsPortrait(cols int) bool { return cols <= 9 }

// ProgressTableDOCX writes the progress table into d in the bureau's
// layout: its title, the 制表单位 and 时间 line, the two-row header merged
// as on the form (gridSpan over the 社工站 and 社工点 groups, vMerge down the
// single columns), the rows from the same computed data as the Excel form,
// the 合计, and the three notes. It takes landscape pages of their own and
// returns to portrait after.
func ProgressTableDOCX(d *docx.Document, t *shuangbai.ProgressTable) {
	land := !FitsPortrait(len(shuangbai.ProgressColumns))
	if land {
		d.NewSection(true)
	}
	d.Add(docx.Paragraph{Text: t.Title(), Font: docx.FontTitle, Size: docx.Size3, Align: docx.Center, After: 6})
	d.Add(docx.Paragraph{Text: "制表单位：" + t.Unit + "\t时间：" + t.Date.Chinese(), Size: docx.Size5, Font: docx.FontTable, Align: docx.Left, After: 4})
	var top, sub []docx.Cell
	for i := 0; i < len(shuangbai.ProgressColumns); i++ {
		c := shuangbai.ProgressColumns[i]
		if c.Group != "" {
			top = append(top, docx.Cell{Text: c.Group, Span: 5})
			for j := i; j < i+5; j++ {
				sub = append(sub, docx.Cell{Text: shuangbai.ProgressColumns[j].Name})
			}
			i += 4
			continue
		}
		top = append(top, docx.Cell{Text: c.Name, MergeDown: true})
		sub = append(sub, docx.Cell{Merged: true})
	}
	tb := docx.Table{Widths: progressTableWidths, Header: [][]docx.Cell{top, sub}, Size: docx.Size5s}
	row := func(r shuangbai.ProgressRow, kind string) []docx.Cell {
		rec := progressCells(r, kind)
		cells := make([]docx.Cell, len(rec))
		for i, s := range rec {
			cells[i] = docx.Cell{Text: s, Bold: kind == kindTotal}
		}
		cells[colFunding-1].Align = docx.Left
		return cells
	}
	for _, r := range t.Rows {
		kind := kindCounty
		if r.CityLevel {
			kind = kindSelf
		}
		tb.Rows = append(tb.Rows, row(r, kind))
	}
	tb.Rows = append(tb.Rows, row(shuangbai.ProgressTotal(t.Rows), kindTotal))
	d.AddTable(tb)
	for _, n := range shuangbai.ProgressNotes {
		d.Add(docx.Paragraph{Text: n, Font: docx.FontBody, Size: docx.Size5, Align: docx.Left, Before: 2})
	}
	if land {
		d.NewSection(false)
	}
}

// progressCells are a row's sixteen cells as a document prints them: the
// CSV's fields (blank where the form is blank), without its spreadsheet
// quoting.
func progressCells(r shuangbai.ProgressRow, kind string) []string {
	rec := progressRecord(r, kind)[:len(shuangbai.ProgressColumns)]
	rec[0] = r.Name
	if kind != kindTotal {
		rec[colFunding-1] = r.Funding
	}
	return rec
}
