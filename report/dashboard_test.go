package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestDashboardXLSX: each chart is a sheet with its title, header and
// numbers; names clash-free and valid; a formula-looking text stays text.
func TestDashboardXLSX(t *testing.T) {
	var buf bytes.Buffer
	err := DashboardXLSX(&buf, []DataSheet{
		{Name: "每周探访次数", Title: "云浮市 · 每周探访次数", Header: []string{"周", "本期", "上年同期"}, Rows: [][]any{{"2025-01-06", 12, 9}}},
		{Name: "每周探访次数", Title: "重名", Header: []string{"类别", "人数"}, Rows: [][]any{{"=1+1", 3}}},
		{Name: "a/b[c]", Title: "x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 3 || got[0] != "每周探访次数" || got[1] != "每周探访次数2" || got[2] != "a_b_c_" {
		t.Fatalf("sheets = %q", got)
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{"每周探访次数", "A1", "云浮市 · 每周探访次数"}, {"每周探访次数", "C2", "上年同期"}, {"每周探访次数", "B3", "12"},
		{"每周探访次数2", "A3", "'=1+1"},
	} {
		if v, _ := f.GetCellValue(c.sheet, c.cell); v != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, v, c.want)
		}
	}
}
