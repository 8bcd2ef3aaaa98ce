package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// DataSheet is the data of one chart as a table: a title, the header row
// and the rows, whose first cell names the category and the rest are
// numbers.
type DataSheet struct {
	Name   string // the sheet's name: at most 31 characters, no []:*?/\
	Title  string // the first row, e.g. "云浮市 · 每周探访次数（2025-01-01 至 2025-12-31）"
	Header []string
	Rows   [][]any
}

// DashboardXLSX writes a dashboard's chart data as a workbook, one sheet per
// chart, so a bureau can redraw or recount any figure in its own
// spreadsheet.
func DashboardXLSX(w io.Writer, sheets []DataSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f}
	s.check(f.SetDefaultFont("宋体"))
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.check(err)
	used := map[string]bool{}
	for i, d := range sheets {
		name := sheetName(d.Name, used)
		if i == 0 {
			s.check(f.SetSheetName("Sheet1", name))
		} else if s.err == nil {
			_, err := f.NewSheet(name)
			s.check(err)
		}
		s.sheet = name
		s.set(1, 1, SafeCell(d.Title))
		s.style(1, 1, 1, 1, bold)
		for c, h := range d.Header {
			s.set(c+1, 2, SafeCell(h))
		}
		if len(d.Header) > 0 {
			s.style(1, 2, len(d.Header), 2, bold)
		}
		for r, row := range d.Rows {
			for c, v := range row {
				if t, ok := v.(string); ok {
					v = SafeCell(t)
				}
				s.set(c+1, r+3, v)
			}
		}
		width := 10.0
		for _, row := range d.Rows {
			if len(row) > 0 {
				if t, ok := row[0].(string); ok {
					width = max(width, textWidth(t)+2)
				}
			}
		}
		s.width(1, 1, width)
		if len(d.Header) > 1 {
			s.width(2, len(d.Header), 14)
		}
	}
	f.SetActiveSheet(0)
	if s.err != nil {
		return fmt.Errorf("report: dashboard: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: dashboard: %w", err)
	}
	return nil
}

// sheetName makes name a valid, unused sheet name.
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 28 {
		name = string(r[:28])
	}
	if name == "" {
		name = "Sheet"
	}
	base := name
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	used[name] = true
	return name
}
