package admin

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestAuditChangesCaseWork(t *testing.T) {
	got := auditChanges(`{"Kind":"old_age","Status":"preparing","Amount":0}`, `{"Kind":"old_age","Status":"approved","Amount":100}`)
	found := map[string]auditChange{}
	for _, c := range got {
		found[c.Field] = c
	}
	if c := found["状态"]; c.Before != "准备中" || c.After != "已批准" {
		t.Errorf("application status: %+v", got)
	}
	if c, ok := found["金额（元）"]; !ok || c.After != "100" {
		t.Errorf("amount: %+v", got)
	}
	groups := auditChanges(`{"groups":["left_behind"],"level":2}`, `{"groups":["left_behind","children"],"level":1}`)
	for _, c := range groups {
		if c.Field == "类别" && c.After != "留守儿童、儿童" || c.Field == "跟进级别" && c.After != "一级" {
			t.Errorf("case-work change %+v", c)
		}
	}
	if len(groups) != 2 {
		t.Errorf("changes = %+v", groups)
	}
}

// TestWriteTable: what a log holds reaches the spreadsheet as text. In a
// CSV, cells a spreadsheet would run as formulas get an apostrophe; in a
// workbook every cell is an inline string, never a formula, and control
// characters XML cannot hold are dropped.
func TestWriteTable(t *testing.T) {
	cells := []string{"=1+1", "+86", "-1", "@SUM(A1)", "\t=x", "正常", "a\x00b\x1fc"}
	tb := &table{Sheet: "日志", File: "log", Header: []string{"值"}}
	for _, c := range cells {
		tb.Rows = append(tb.Rows, []string{c})
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF值\r\n'=1+1\r\n'+86\r\n'-1\r\n'@SUM(A1)\r\n'\t=x\r\n正常\r\na\x00b\x1fc\r\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV = %q\nwant %q", got, want)
	}

	buf.Reset()
	if err := writeXLSX(&buf, tb); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i, c := range cells {
		cell := fmt.Sprintf("A%d", i+2)
		v, _ := x.GetCellValue("日志", cell)
		if c == "a\x00b\x1fc" {
			c = "abc"
		}
		if v != c {
			t.Errorf("%s = %q, want %q", cell, v, c)
		}
		if typ, _ := x.GetCellType("日志", cell); typ != excelize.CellTypeInlineString {
			t.Errorf("%s is %v, want text", cell, typ)
		}
		if f, _ := x.GetCellFormula("日志", cell); f != "" {
			t.Errorf("%s holds the formula %q", cell, f)
		}
	}
	if p, _ := x.GetPanes("日志"); !p.Freeze || p.TopLeftCell != "A2" {
		t.Errorf("panes = %+v", p)
	}
}
