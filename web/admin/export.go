package admin

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"shuangbai/sheet"
)

// table is a log as rows of text, ready to be written as XLSX or CSV.
type table struct {
	Sheet  string    // the worksheet's name, and the file's
	File   string    // the file's name in ASCII, for browsers that need one
	Header []string  // the first row
	Widths []float64 // column widths, in characters
	Rows   [][]string
}

// writeXLSX writes t as a workbook of one sheet: every cell text (an id or
// a region code stays as typed, and nothing is a formula), a bold header
// row, frozen so it stays in view while the auditor scrolls.
func writeXLSX(w io.Writer, t *table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	// Panes and widths go before the first row: the stream writes the
	// sheet's XML in order.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, wd := range t.Widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	row := func(n int, cells []string, style int) error {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelize.Cell{StyleID: style, Value: xmlSafe(c)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, vals)
	}
	if err := row(1, t.Header, head); err != nil {
		return err
	}
	for i, r := range t.Rows {
		if err := row(i+2, r, text); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// xmlSafe drops the control characters XML cannot hold (a workbook with
// one would not open), keeping tabs and line breaks.
func xmlSafe(s string) string {
	if !strings.ContainsFunc(s, badXMLRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if badXMLRune(r) {
			return -1
		}
		return r
	}, s)
}

func badXMLRune(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// writeCSV writes t as CSV that Excel and WPS open as they should: UTF-8
// with a byte-order mark, CRLF, and every cell passed through
// sheet.SafeCell, so text starting with = + - @ is not run as a formula.
func writeCSV(w io.Writer, t *table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = sheet.SafeCell(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sendTable writes t as format (xlsx or csv) into a buffer first, so a
// failure is an error page rather than half a file, then sends it as a
// download named after the sheet.
func sendTable(w http.ResponseWriter, t *table, format string) error {
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	write := writeCSV
	if format == "xlsx" {
		ctype, write = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", writeXLSX
	}
	if err := write(&buf, t); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.File+`.`+format+`"; filename*=UTF-8''`+url.PathEscape(t.Sheet+"."+format))
	_, err := buf.WriteTo(w)
	return err
}
