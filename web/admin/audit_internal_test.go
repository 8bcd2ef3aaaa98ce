package admin

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

func TestAuditChangesCaseWork(t *testing.T) {
	var n auditNames
	entry := func(before, after string) shuangbai.AuditEntry {
		return shuangbai.AuditEntry{Before: before, After: after}
	}
	got := n.changes(entry(`{"Kind":"old_age","Status":"preparing","Amount":0}`, `{"Kind":"old_age","Status":"approved","Amount":100}`))
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
	groups := n.changes(entry(`{"groups":["left_behind"],"level":2}`, `{"groups":["left_behind","children"],"level":1}`))
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

// TestAuditWords: what entries store — codes, usernames, region codes, staff
// ids, UTC instants, dates — reads in Chinese, by name, in China's time; an
// entry's record is named without internal ids.
func TestAuditWords(t *testing.T) {
	n := auditNames{users: map[string]string{"yc.sw": "陈云城", "system": "系统"}, regions: map[string]string{"445302003208": "云城区 / 河口街道 / 双上村"},
		staff: map[int64]string{7: "陈云城"}}
	at := time.Date(2026, 12, 1, 5, 57, 30, 0, time.UTC)
	for _, tt := range []struct {
		key  string
		v    any
		want string
	}{
		{"mode", "valid", "只导入无误的行"},
		{"mode", "all", "全部导入（有错误则全部不导入）"},
		{"via", "roster_import", "名册导入"},
		{"RecordedAt", at.Format(time.RFC3339), "2026-12-01 13:57"},
		{"RecordedBy", "yc.sw", "陈云城（yc.sw）"},
		{"By", "gone.user", "gone.user"},
		{"region", "445302003208", "云城区 / 河口街道 / 双上村"},
		{"worker_id", float64(7), "陈云城"},
		{"worker_id", float64(8), "人员编号 8"},
		{"worker_id", float64(0), ""},
		{"gaps", []any{"disability"}, "残疾类别和等级"},
		{"On", "2021-08-09", "2021年8月9日"},
		{"Name", "2021-08-09 之后", "2021-08-09 之后"},
	} {
		if got := n.value(tt.key, tt.v); got != tt.want {
			t.Errorf("%s %v: %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
	if got := n.actor("system"); got != "系统" {
		t.Errorf("system is %q", got)
	}
	for _, tt := range []struct {
		e          shuangbai.AuditEntry
		text, link string
	}{
		{shuangbai.AuditEntry{Action: "import", Entity: "beneficiary", EntityID: "roster", After: `{"source":"双上村.xlsx","mode":"valid"}`}, "名册“双上村.xlsx”", ""},
		{shuangbai.AuditEntry{Action: "update", Entity: "roster_mapping", EntityID: "3fa2b1", After: `["name","","id_number"]`}, "名册的列", ""},
		{shuangbai.AuditEntry{Action: "create", Entity: "beneficiary", EntityID: "12", After: `{"name":"陈小明"}`}, "陈小明", ""},
		{shuangbai.AuditEntry{Action: "update", Entity: "station", EntityID: "3", After: `{"Name":"河口街道社工站"}`}, "河口街道社工站", "/stations/3"},
		{shuangbai.AuditEntry{Action: "close", Entity: "beneficiary", EntityID: "12", After: `{"why":"迁出"}`}, "编号 12", ""},
		{shuangbai.AuditEntry{Action: "export", Entity: "audit_log", EntityID: "xlsx"}, "", ""},
		{shuangbai.AuditEntry{Action: "update", Entity: "settings", EntityID: "followup_intervals"}, "探访频次", ""},
	} {
		if text, link := n.object(tt.e); text != tt.text || link != tt.link {
			t.Errorf("%+v: %q %q, want %q %q", tt.e, text, link, tt.text, tt.link)
		}
	}
	if got := n.changes(shuangbai.AuditEntry{Entity: "roster_mapping", After: `["name","","id_number"]`}); len(got) != 1 || got[0].After != "A 列 姓名，C 列 身份证号" {
		t.Errorf("mapping change %+v", got)
	}
}
