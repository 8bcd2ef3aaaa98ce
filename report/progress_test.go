package report_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report"
)

// The -update flag rewrites testdata/*.golden. It is looked up rather than
// held in a variable so that other golden tests of the package can share it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite testdata/*.golden")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// sampleProgress is the seed's table: 云浮市, as of 9 August 2021, with its
// rows in the bureau's order and its funding notes word for word.
func sampleProgress() *shuangbai.ProgressTable {
	site := func(req, built, office int, eq shuangbai.EquipmentClass, staff int) shuangbai.SiteCounts {
		return shuangbai.SiteCounts{Required: req, Built: built, Office: office, Equipment: eq, Staff: staff}
	}
	basic, incomplete := shuangbai.EquipBasic, shuangbai.EquipIncomplete
	t := &shuangbai.ProgressTable{
		Unit:       "云浮市民政局",
		RegionCode: "4453",
		RegionName: "云浮市",
		Date:       shuangbai.NewDate(2021, 8, 9),
		Rows: []shuangbai.ProgressRow{
			{Code: "445302", Name: "云城区", PlanIssued: true, Stations: site(8, 8, 8, basic, 16), Points: site(19, 19, 19, basic, 47),
				Coordination: true, Funding: "正在测算费用，拟报区政府。", Trainings: 1},
			{Code: "445303", Name: "云安区", PlanIssued: true, Stations: site(7, 7, 7, basic, 14), Points: site(17, 17, 17, basic, 42),
				Coordination: true, Funding: "已落实，165.7万元。", Trainings: 1},
			{Code: "445381", Name: "罗定市", PlanIssued: true, Stations: site(21, 21, 21, basic, 28), Points: site(50, 50, 50, incomplete, 131),
				Coordination: true, Funding: "正在测算费用，拟报市政府。", Trainings: 3},
			{Code: "445321", Name: "新兴县", PlanIssued: true, Stations: site(12, 12, 12, basic, 24), Points: site(30, 30, 30, basic, 82),
				Coordination: true, Funding: "测算县本级经费约232.92万元,已报请县政府审定。目前进入签批环节。", Trainings: 1},
			{Code: "445322", Name: "郁南县", PlanIssued: true, Stations: site(15, 15, 15, basic, 30), Points: site(30, 30, 30, basic, 62),
				Coordination: true, Funding: "已落实。", Trainings: 2},
			{Code: "4453", Name: "市本级", CityLevel: true, PlanIssued: true, Coordination: true, Management: true,
				Funding: "已落实。2021年已下拨市级经费161万元，其他相关费用按财政意见据实申报。", Trainings: 2},
		},
	}
	t.Sum()
	return t
}

// syntheticProgress returns a table of n county rows and a 本级 row, for
// benchmarks.
func syntheticProgress(n int) *shuangbai.ProgressTable {
	t := &shuangbai.ProgressTable{Unit: "广东省民政厅", RegionCode: "44", RegionName: "广东省", Date: shuangbai.NewDate(2021, 8, 9)}
	for i := range n {
		t.Rows = append(t.Rows, shuangbai.ProgressRow{
			Code: fmt.Sprintf("44%04d", i+1), Name: fmt.Sprintf("第%d县", i+1), PlanIssued: i%3 != 0,
			Stations:     shuangbai.SiteCounts{Required: 10 + i%7, Built: 10, Office: 9, Equipment: shuangbai.EquipBasic, Staff: 20},
			Points:       shuangbai.SiteCounts{Required: 30, Built: 20 + i%9, Office: 20, Equipment: shuangbai.EquipFull, Staff: 41},
			Coordination: true, Management: i%2 == 0, Funding: "已落实，经费" + fmt.Sprint(100+i) + "万元，其他相关费用按财政意见据实申报。", Trainings: i % 5,
		})
	}
	t.Rows = append(t.Rows, shuangbai.ProgressRow{Code: "44", Name: "省本级", CityLevel: true, PlanIssued: true, Coordination: true, Management: true, Trainings: 4})
	t.Sum()
	return t
}

func progressXLSX(tb testing.TB, t *shuangbai.ProgressTable) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := report.ProgressXLSX(&buf, t); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(tb testing.TB, b []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// dumpCells lists every non-empty cell of every sheet as "Sheet!A1\tvalue",
// the shown value with its number format applied. Files are compared by
// their cells, not their bytes, which hold timestamps.
func dumpCells(tb testing.TB, f *excelize.File) string {
	tb.Helper()
	var b strings.Builder
	esc := strings.NewReplacer("\\", `\\`, "\n", `\n`, "\t", `\t`)
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			tb.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				fmt.Fprintf(&b, "%s!%s\t%s\n", sheet, name, esc.Replace(v))
			}
		}
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if updateGolden() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := at(gl, i), at(wl, i)
			if g != w {
				t.Errorf("%s line %d:\n got  %q\n want %q", path, i+1, g, w)
				break
			}
		}
		t.Errorf("cells differ from %s; run go test -update if the change is intended", path)
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<missing>"
}

func TestProgressXLSXGolden(t *testing.T) {
	f := openXLSX(t, progressXLSX(t, sampleProgress()))
	checkGolden(t, "testdata/progress.golden", dumpCells(t, f))
}

func TestProgressXLSXMerges(t *testing.T) {
	f := openXLSX(t, progressXLSX(t, sampleProgress()))
	mcs, err := f.GetMergeCells("进度情况一览表")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range mcs {
		got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	want := []string{
		"A1:P1",          // title
		"A2:G2", "M2:P2", // 制表单位, 时间
		"A3:A4", "B3:B4", // single columns, two rows high
		"C3:G3", "H3:L3", // 社工站, 社工点
		"M3:M4", "N3:N4", "O3:O4", "P3:P4",
		"A12:P12", "A13:P13", "A14:P14", // 备注
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("merged ranges = %v, want %v", got, want)
	}
}

func TestProgressXLSXPageSetup(t *testing.T) {
	f := openXLSX(t, progressXLSX(t, sampleProgress()))
	const sheet = "进度情况一览表"
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" ||
		pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout = %+v, want A4 (9) landscape, fit to 1 page wide", pl)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Error("FitToPage not set: Excel ignores fit-to-width without it")
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	for name, want := range map[string]string{
		"_xlnm.Print_Titles": "'进度情况一览表'!$3:$4",
		"_xlnm.Print_Area":   "'进度情况一览表'!$A$1:$P$14",
	} {
		if names[name] != want {
			t.Errorf("defined name %s = %q, want %q", name, names[name], want)
		}
	}
	for _, col := range []string{"Q", "R"} {
		if vis, _ := f.GetColVisible(sheet, col); vis {
			t.Errorf("column %s (row codes and kinds) is visible", col)
		}
	}
	if vis, _ := f.GetSheetVisible("meta"); vis {
		t.Error("meta sheet is visible")
	}
	if f.GetSheetList()[f.GetActiveSheetIndex()] != sheet {
		t.Error("the table is not the active sheet")
	}
}

func TestProgressCSV(t *testing.T) {
	tab := sampleProgress()
	tab.Rows[0].Funding = "=HYPERLINK(\"http://x\",\"点我\")"
	tab.Rows[1].Name = "+云安区"
	var buf bytes.Buffer
	if err := report.ProgressCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Fatal("no UTF-8 byte-order mark")
	}
	lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(out, "\uFEFF"), "\r\n"), "\r\n")
	want := []string{
		"县（市、区）,方案出台情况,社工站-应建社工站数量,社工站-已完成社工站数量,社工站-落实办公场所数量,社工站-设备设施情况,社工站-人员配备数量," +
			"社工点-应建社工点数量,社工点-已完成社工点数量,社工点-落实办公场所数量,社工点-设备设施情况,社工点-人员配备数量," +
			"是否建立工作协调机制,是否建立站点管理机制,落实经费情况,开展社工业务培训情况,区划代码",
		`云城区,已出台,8,8,8,基本配备,16,19,19,19,基本配备,47,是,否,"'=HYPERLINK(""http://x"",""点我"")",1次,445302`,
		"'+云安区,已出台,7,7,7,基本配备,14,17,17,17,基本配备,42,是,否,已落实，165.7万元。,1次,445303",
		"罗定市,已出台,21,21,21,基本配备,28,50,50,50,未配备齐全,131,是,否,正在测算费用，拟报市政府。,3次,445381",
		"新兴县,已出台,12,12,12,基本配备,24,30,30,30,基本配备,82,是,否,测算县本级经费约232.92万元,已报请县政府审定。目前进入签批环节。,1次,445321",
		"郁南县,已出台,15,15,15,基本配备,30,30,30,30,基本配备,62,是,否,已落实。,2次,445322",
		"市本级,已出台,,,,,,,,,,,是,是,已落实。2021年已下拨市级经费161万元，其他相关费用按财政意见据实申报。,2次,4453",
		"合计,,63,63,63,,112,146,146,146,,364,,,,10次,",
	}
	// 新兴县's note has an ASCII comma, so the writer quotes it.
	want[4] = `新兴县,已出台,12,12,12,基本配备,24,30,30,30,基本配备,82,是,否,"测算县本级经费约232.92万元,已报请县政府审定。目前进入签批环节。",1次,445321`
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got  %s\n want %s", i+1, lines[i], want[i])
		}
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"已落实。", "已落实。"},
		{"=1+1", "'=1+1"},
		{"+86 0766", "'+86 0766"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"'=1", "''=1"}, // one more quote, so that reading back restores "'=1"
		{"'abc", "'abc"},
	}
	for _, tt := range tests {
		if got := report.SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkProgressXLSX(b *testing.B) {
	for _, n := range []int{21, 122} {
		tab := syntheticProgress(n)
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := report.ProgressXLSX(&buf, tab); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
