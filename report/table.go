package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// Lists exported as spreadsheets: people, visits, applications, and every
// register a page lists. One writer, so that every export keeps ID numbers
// as text, dates as dates and nothing a formula.

// Kind is how a column's cells are written. Excel and WPS read a long
// run of digits as a number: an ID number loses its last three digits
// (445302193503100038 becomes 4.453021935031E+17), a phone number or a
// region code its leading zeros. Those columns are identifiers, written
// as text; dates are real dates, so a sheet sorts and filters by them.
type Kind int

const (
	Text   Kind = iota // words: a name, a note
	ID                 // digits that identify: ID and phone numbers, region codes
	Date               // a shuangbai.Date
	Number             // an int or int64: a count, an amount, a file's number
)

// Column is one column of an export: its header, width in characters and
// kind.
type Column struct {
	Name  string
	Width float64
	Kind  Kind
}

// Col returns a column.
func Col(name string, width float64, kind Kind) Column {
	return Column{Name: name, Width: width, Kind: kind}
}

// Table is an export of people as rows of cells (string, shuangbai.Date,
// int or int64, by the column's kind), ready to be written as XLSX or CSV.
type Table struct {
	Sheet  string // the worksheet's name, and the file's: 服务对象名册
	File   string // the file's name in ASCII, for browsers that need one
	Freeze int    // how many columns stay in view when scrolling right (the name's)
	Cols   []Column
	Rows   [][]any
}

// WriteXLSX writes t as a workbook of one sheet: a bold header row, frozen
// with the first columns so the name stays in view; identifiers as text,
// dates as dates, numbers as numbers, and nothing a formula.
func (t *Table) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	const textFormat = 49 // "@": the cell is text, whatever it looks like
	dateFormat := `yyyy"年"m"月"d"日"`
	styles := map[Kind]*excelize.Style{
		Text:   {NumFmt: textFormat, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		ID:     {NumFmt: textFormat, Alignment: &excelize.Alignment{Vertical: "top"}},
		Date:   {CustomNumFmt: &dateFormat, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}},
		Number: {NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	ids := map[Kind]int{}
	for k, s := range styles {
		if ids[k], err = f.NewStyle(s); err != nil {
			return err
		}
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: textFormat,
		Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return err
	}
	// Panes and widths go before the first row: the stream writes the
	// sheet's XML in order.
	topLeft, _ := excelize.CoordinatesToCellName(t.Freeze+1, 2)
	pane := "bottomLeft"
	if t.Freeze > 0 {
		pane = "bottomRight"
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: t.Freeze, YSplit: 1, TopLeftCell: topLeft, ActivePane: pane}); err != nil {
		return err
	}
	for i, c := range t.Cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	cells := make([]any, len(t.Cols))
	for i, c := range t.Cols {
		cells[i] = excelize.Cell{StyleID: head, Value: c.Name}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for n, row := range t.Rows {
		cells := make([]any, len(t.Cols))
		for i, c := range t.Cols {
			cells[i] = excelize.Cell{StyleID: ids[c.Kind], Value: xlsxValue(row[i])}
		}
		name, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(name, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// xlsxValue is v as the workbook holds it: a date as a time (an empty cell
// when unknown), text without the control characters XML cannot hold.
func xlsxValue(v any) any {
	switch v := v.(type) {
	case shuangbai.Date:
		if v.IsZero() {
			return nil
		}
		return v.Time()
	case string:
		return xmlSafe(v)
	}
	return v
}

// xmlSafe drops the control characters XML cannot hold (a workbook with
// one would not open), keeping tabs and line breaks.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// WriteCSV writes t as CSV that Excel and WPS open as they should: UTF-8
// with a byte-order mark, CRLF, text that would run as a formula escaped
// (SafeCell), dates as 2021-08-09. An identifier is written as
// ="…": Excel then keeps it as the text it is instead of a number that
// loses digits; a program reading the file strips the two signs.
func (t *Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		head[i] = c.Name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.Rows {
		cells := make([]string, len(t.Cols))
		for i, c := range t.Cols {
			cells[i] = csvValue(c.Kind, row[i])
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvValue is v as a CSV cell.
func csvValue(k Kind, v any) string {
	switch v := v.(type) {
	case shuangbai.Date:
		return v.String()
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		// Inside ="…" only a quote could end the text early: an identifier
		// holding one (it should not) is written as plain text instead.
		if k == ID && v != "" && !strings.ContainsAny(v, "\"\r\n") {
			return `="` + v + `"`
		}
		return SafeCell(v)
	}
	return ""
}
