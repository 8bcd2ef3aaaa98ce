package casework

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report"
)

// cellKind is how a column's cells are written. Excel and WPS read a long
// run of digits as a number: an ID number loses its last three digits
// (445302193503100038 becomes 4.453021935031E+17), a phone number or a
// region code its leading zeros. Those columns are identifiers, written
// as text; dates are real dates, so a sheet sorts and filters by them.
type cellKind int

const (
	cellText   cellKind = iota // words: a name, a note
	cellID                     // digits that identify: ID and phone numbers, region codes
	cellDate                   // a shuangbai.Date
	cellNumber                 // an int or int64: a count, an amount, a file's number
)

// column is one column of an export: its header, width in characters and
// kind.
type column struct {
	Name  string
	Width float64
	Kind  cellKind
}

// table is an export of people as rows of cells (string, shuangbai.Date,
// int or int64, by the column's kind), ready to be written as XLSX or CSV.
type table struct {
	Sheet  string // the worksheet's name, and the file's: 服务对象名册
	File   string // the file's name in ASCII, for browsers that need one
	Freeze int    // how many columns stay in view when scrolling right (the name's)
	Cols   []column
	Rows   [][]any
}

// rosterColumns are the columns of the beneficiary register.
var rosterColumns = []column{
	{"编号", 8, cellNumber}, {"姓名", 10, cellText}, {"性别", 6, cellText}, {"出生日期", 15, cellDate},
	{"身份证号", 21, cellID}, {"电话", 14, cellID}, {"区划代码", 14, cellID}, {"所在区划", 36, cellText},
	{"地址", 28, cellText}, {"与户主关系", 10, cellText}, {"服务对象类别", 22, cellText}, {"残疾类别等级", 12, cellText},
	{"识别方式", 12, cellText}, {"识别日期", 15, cellDate}, {"责任社工", 10, cellText}, {"跟进级别", 9, cellText},
	{"状态", 8, cellText}, {"结案日期", 15, cellDate}, {"上次探访", 15, cellDate}, {"下次探访", 15, cellDate},
}

// personColumns open every export of what was done for people: who they
// are, so a row can be checked against the register.
var personColumns = []column{
	{"服务对象编号", 12, cellNumber}, {"姓名", 10, cellText}, {"身份证号", 21, cellID}, {"区划代码", 14, cellID}, {"所在区划", 36, cellText},
}

var visitColumns = append(append([]column{}, personColumns...),
	column{"探访日期", 15, cellDate}, column{"探访方式", 10, cellText}, column{"提供的服务", 24, cellText},
	column{"情况记录", 50, cellText}, column{"约定下次探访", 15, cellDate}, column{"记录人", 10, cellText})

var applicationColumns = append(append([]column{}, personColumns...),
	column{"申请类别", 18, cellText}, column{"状态", 10, cellText}, column{"开始办理", 15, cellDate}, column{"递交", 15, cellDate},
	column{"审批", 15, cellDate}, column{"金额（元）", 10, cellNumber}, column{"材料", 30, cellText}, column{"备注", 30, cellText})

var worklistColumns = []column{
	{"服务对象编号", 12, cellNumber}, {"姓名", 10, cellText}, {"身份证号", 21, cellID}, {"电话", 14, cellID}, {"区划代码", 14, cellID},
	{"所在区划", 36, cellText}, {"地址", 28, cellText}, {"跟进级别", 9, cellText}, {"上次探访", 15, cellDate}, {"下次探访", 15, cellDate},
	{"到期情况", 12, cellText}, {"责任社工", 10, cellText}, {"已告知", 30, cellText},
}

// personCells are the first cells of a row about b: personColumns.
func personCells(b beneficiaryView) []any {
	return []any{b.ID, b.Name, b.IDNumber, b.Region, b.Path}
}

// writeXLSX writes t as a workbook of one sheet: a bold header row, frozen
// with the first columns so the name stays in view; identifiers as text,
// dates as dates, numbers as numbers, and nothing a formula.
func (t *table) writeXLSX(w io.Writer) error {
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
	styles := map[cellKind]*excelize.Style{
		cellText:   {NumFmt: textFormat, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		cellID:     {NumFmt: textFormat, Alignment: &excelize.Alignment{Vertical: "top"}},
		cellDate:   {CustomNumFmt: &dateFormat, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}},
		cellNumber: {NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	ids := map[cellKind]int{}
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

// writeCSV writes t as CSV that Excel and WPS open as they should: UTF-8
// with a byte-order mark, CRLF, text that would run as a formula escaped
// (report.SafeCell), dates as 2021-08-09. An identifier is written as
// ="…": Excel then keeps it as the text it is instead of a number that
// loses digits; a program reading the file strips the two signs.
func (t *table) writeCSV(w io.Writer) error {
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
func csvValue(k cellKind, v any) string {
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
		if k == cellID && v != "" && !strings.ContainsAny(v, "\"\r\n") {
			return `="` + v + `"`
		}
		return report.SafeCell(v)
	}
	return ""
}

// send writes t as format (xlsx or csv) into a buffer first, so a failure
// is an error page rather than half a file, then sends it as a download
// named after the sheet and today.
func (t *table) send(w http.ResponseWriter, format string, today shuangbai.Date) error {
	var buf bytes.Buffer
	ctype, write := "text/csv; charset=utf-8", t.writeCSV
	if format == "xlsx" {
		ctype, write = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", t.writeXLSX
	}
	if err := write(&buf); err != nil {
		return err
	}
	day := strings.ReplaceAll(today.String(), "-", "")
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.File+"-"+day+"."+format+`"; filename*=UTF-8''`+
		url.PathEscape(t.Sheet+"-"+day+"."+format))
	_, err := buf.WriteTo(w)
	return err
}
