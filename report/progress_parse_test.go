package report_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report"
)

const progressSheet = "进度情况一览表"

// editedProgress returns the sample table's workbook with some cells
// changed, as a user would fill it in. A nil value clears the cell.
func editedProgress(tb testing.TB, edits map[string]any) []byte {
	tb.Helper()
	f := openXLSX(tb, progressXLSX(tb, sampleProgress()))
	for cell, v := range edits {
		if v == nil {
			v = ""
		}
		if err := f.SetCellValue(progressSheet, cell, v); err != nil {
			tb.Fatal(err)
		}
	}
	return writeXLSX(tb, f)
}

func writeXLSX(tb testing.TB, f *excelize.File, opts ...excelize.Options) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf, opts...); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func parse(b []byte) (*report.ProgressSheet, error) {
	return report.ParseProgressXLSX(bytes.NewReader(b), int64(len(b)))
}

func TestParseProgressRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		tab  *shuangbai.ProgressTable
	}{
		{"seed", sampleProgress()},
		{"province", syntheticProgress(21)},
		{"no rows", func() *shuangbai.ProgressTable {
			tab := &shuangbai.ProgressTable{Unit: "某市民政局", RegionCode: "4499", RegionName: "某市", Date: shuangbai.NewDate(2024, 1, 31)}
			tab.Sum()
			return tab
		}()},
		{"formula-like text", func() *shuangbai.ProgressTable {
			tab := sampleProgress()
			tab.Rows[0].Funding = "=HYPERLINK(\"http://x\")"
			tab.Rows[1].Funding = "'=1"
			tab.Rows[2].Funding = "-"
			tab.Rows[3].PlanIssued = false
			tab.Rows[4].Points.Equipment = shuangbai.EquipNone
			return tab
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parse(progressXLSX(t, tt.tab))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Problems) != 0 {
				t.Errorf("problems: %v", got.Problems)
			}
			if got.RegionCode != tt.tab.RegionCode || got.Date != tt.tab.Date || got.Unit != tt.tab.Unit {
				t.Errorf("region, date, unit = %q, %v, %q; want %q, %v, %q",
					got.RegionCode, got.Date, got.Unit, tt.tab.RegionCode, tt.tab.Date, tt.tab.Unit)
			}
			if len(got.Rows) != len(tt.tab.Rows) {
				t.Fatalf("got %d rows, want %d", len(got.Rows), len(tt.tab.Rows))
			}
			for i := range got.Rows {
				if got.Rows[i] != tt.tab.Rows[i] {
					t.Errorf("row %d:\n got  %+v\n want %+v", i, got.Rows[i], tt.tab.Rows[i])
				}
				if want := 5 + i; got.RowNumbers[i] != want {
					t.Errorf("row %d: sheet row %d, want %d", i, got.RowNumbers[i], want)
				}
			}
			want := tt.tab.Total
			want.Name = "合计"
			if got.TypedTotal == nil || *got.TypedTotal != want {
				t.Errorf("typed total = %+v, want %+v", got.TypedTotal, want)
			}
		})
	}
}

func TestParseProgressCells(t *testing.T) {
	got, err := parse(progressXLSX(t, sampleProgress()))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"罗定市", "已出台", "21", "21", "21", "基本配备", "28", "50", "50", "50", "未配备齐全", "131", "是", "否", "正在测算费用，拟报市政府。", "3次"}
	if c := got.Cells[2]; strings.Join(c, "|") != strings.Join(want, "|") {
		t.Errorf("cells of 罗定市 = %q, want %q", c, want)
	}
}

// TestParseProgressProblems edits cells of the sample as a user might and
// checks the problems reported, cell by cell.
func TestParseProgressProblems(t *testing.T) {
	// Rows 5–9 are the counties, 10 is 市本级, 11 is 合计.
	tests := []struct {
		name  string
		edits map[string]any
		want  []report.Problem // Sheet is filled in below
	}{
		{"full-width digits and a typed count without 次", map[string]any{"C5": "８", "P7": "3"}, nil},
		{"negative count", map[string]any{"C5": -1}, []report.Problem{
			{Row: 5, Column: "C 应建社工站数量", Message: "不能为负数（填写的是 -1）"},
		}},
		{"fraction", map[string]any{"G6": 14.5}, []report.Problem{
			{Row: 6, Column: "G 人员配备数量", Message: "应填写整数，不能填 14.5"},
		}},
		{"blank count", map[string]any{"H5": nil}, []report.Problem{
			{Row: 5, Column: "H 应建社工点数量", Message: "请填写数字，没有请填 0"},
		}},
		{"built more than required", map[string]any{"D6": 99, "E6": 99}, []report.Problem{
			{Row: 6, Column: "D 已完成社工站数量", Message: "已完成数量 99 大于应建数量 7"},
			{Row: 11, Column: "D 已完成社工站数量", Message: "合计与各行之和不符：填写 63，应为 155"},
			{Row: 11, Column: "E 落实办公场所数量", Message: "合计与各行之和不符：填写 63，应为 155"},
		}},
		{"office more than built", map[string]any{"J7": 51}, []report.Problem{
			{Row: 7, Column: "J 落实办公场所数量", Message: "落实办公场所数量 51 大于已完成数量 50"},
			{Row: 11, Column: "J 落实办公场所数量", Message: "合计与各行之和不符：填写 146，应为 147"},
		}},
		{"wrong typed total", map[string]any{"L11": 350}, []report.Problem{
			{Row: 11, Column: "L 人员配备数量", Message: "合计与各行之和不符：填写 350，应为 364"},
		}},
		{"blank typed total is not checked", map[string]any{"L11": nil, "P11": nil}, nil},
		{"unreadable count: no 合计 check on its column", map[string]any{"P5": "三次"}, []report.Problem{
			{Row: 5, Column: "P 开展社工业务培训情况", Message: "应填写整数，不能填“三次”"},
		}},
		{"equipment class not in the list", map[string]any{"F5": "部分配备", "K5": nil}, []report.Problem{
			{Row: 5, Column: "F 设备设施情况", Message: "应填写 全部配备、基本配备 或 未配备齐全（或留空），不能填“部分配备”"},
		}},
		{"yes/no and plan", map[string]any{"M5": "有", "N6": nil, "B7": "已发布"}, []report.Problem{
			{Row: 5, Column: "M 是否建立工作协调机制", Message: "应填写 是 或 否，不能填“有”"},
			{Row: 6, Column: "N 是否建立站点管理机制", Message: "请填写 是 或 否"},
			{Row: 7, Column: "B 方案出台情况", Message: "应填写 已出台 或 未出台，不能填“已发布”"},
		}},
		{"市本级 builds no sites", map[string]any{"C10": 5, "H10": 0}, []report.Problem{
			{Row: 10, Column: "C 应建社工站数量", Message: "本级不建社工站（点），此格应留空"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parse(editedProgress(t, tt.edits))
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				tt.want[i].Sheet = progressSheet
			}
			if len(got.Problems) != len(tt.want) {
				t.Fatalf("problems:\n got  %v\n want %v", got.Problems, tt.want)
			}
			for i := range tt.want {
				if got.Problems[i] != tt.want[i] {
					t.Errorf("problem %d:\n got  %v\n want %v", i, got.Problems[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseProgressRowsAsRead(t *testing.T) {
	// A retyped name keeps its hidden code; a row added by hand has no code
	// and is told apart from 市本级 and 合计 by its name.
	b := func() []byte {
		f := openXLSX(t, progressXLSX(t, sampleProgress()))
		if err := f.SetCellValue(progressSheet, "A5", "云城"); err != nil {
			t.Fatal(err)
		}
		if err := f.InsertRows(progressSheet, 10, 1); err != nil {
			t.Fatal(err)
		}
		for i, v := range []any{"新增县", "未出台", 0, 0, 0, "", 0, 0, 0, 0, "", 0, "否", "否", "", "0次"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 10)
			if err := f.SetCellValue(progressSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		return writeXLSX(t, f)
	}()
	got, err := parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Problems) != 0 {
		t.Errorf("problems: %v", got.Problems)
	}
	var names, codes []string
	for _, r := range got.Rows {
		names, codes = append(names, r.Name), append(codes, r.Code)
	}
	if want := "云城 云安区 罗定市 新兴县 郁南县 新增县 市本级"; strings.Join(names, " ") != want {
		t.Errorf("names = %v, want %s", names, want)
	}
	if want := "445302 445303 445381 445321 445322  4453"; strings.Join(codes, " ") != want {
		t.Errorf("codes = %q, want %s", codes, want)
	}
	if !got.Rows[6].CityLevel || got.Rows[5].CityLevel {
		t.Error("市本级 row not recognised")
	}
}

// TestParseProgressRefuses checks that each kind of unusable file is refused
// with an EINVALID error saying why.
func TestParseProgressRefuses(t *testing.T) {
	good := progressXLSX(t, sampleProgress())
	utf16 := func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			b.WriteByte(c)
			b.WriteByte(0)
		}
		return b.String()
	}
	ole := "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 504)
	withMeta := func(key, value string) []byte {
		f := openXLSX(t, good)
		rows, _ := f.GetRows("meta")
		for i, r := range rows {
			if r[0] == key {
				cell, _ := excelize.CoordinatesToCellName(2, i+1)
				_ = f.SetCellValue("meta", cell, value)
			}
		}
		return writeXLSX(t, f)
	}
	encrypted := writeXLSX(t, openXLSX(t, good), excelize.Options{Password: "123456"})
	insertedCol := func() []byte {
		f := openXLSX(t, good)
		if err := f.InsertCols(progressSheet, "C", 1); err != nil {
			t.Fatal(err)
		}
		return writeXLSX(t, f)
	}()
	plainZip := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("readme.txt")
		_, _ = io.WriteString(w, "hello")
		_ = zw.Close()
		return buf.Bytes()
	}()
	tests := []struct {
		name string
		r    io.Reader
		size int64
		want string
	}{
		{"declared too large", bytes.NewReader(good), 11 << 20, "文件超过 10 MB"},
		{"too large, size unknown", io.LimitReader(zeros{}, 11<<20), -1, "文件超过 10 MB"},
		{"not a zip", strings.NewReader("县（市、区）,方案出台情况\n云城区,已出台\n"), -1, "不是 Excel（.xlsx）格式"},
		{"empty", strings.NewReader(""), 0, "不是 Excel（.xlsx）格式"},
		{"fake OLE header", strings.NewReader(ole), -1, "文件已加密，请取消密码后再上传"},
		{"encrypted by Excel", bytes.NewReader(encrypted), -1, "文件已加密，请取消密码后再上传"},
		{"legacy xls", strings.NewReader(ole + utf16("Workbook")), -1, "旧版 Excel（.xls）"},
		{"truncated", bytes.NewReader(good[:len(good)/2]), -1, "文件已损坏"},
		{"zip but not a workbook", bytes.NewReader(plainZip), -1, "无法读取该文件"},
		{"workbook without the marker", bytes.NewReader(writeXLSX(t, excelize.NewFile())), -1, "缺少模板标记"},
		{"other template version", bytes.NewReader(withMeta("template", "shuangbai-progress-v0")), -1, "模板版本不符"},
		{"broken date in the marker", bytes.NewReader(withMeta("date", "昨天")), -1, "模板标记已损坏"},
		{"column inserted", bytes.NewReader(insertedCol), -1, "表头与模板不符：C4 应为“应建社工站数量”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := report.ParseProgressXLSX(tt.r, tt.size)
			var e *shuangbai.Error
			if !errors.As(err, &e) || e.Code != shuangbai.EINVALID {
				t.Fatalf("err = %v, want an EINVALID *shuangbai.Error", err)
			}
			if !strings.Contains(e.Message, tt.want) {
				t.Errorf("message = %q, want it to contain %q", e.Message, tt.want)
			}
		})
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestParseProgressBomb feeds workbooks that claim a cell at XFD1048576 —
// a few kilobytes that excelize's GetRows would turn into a million rows and
// some 630 MB — and checks the reader stays within a small budget. The files
// are made by editing the worksheet XML: excelize itself takes seconds to
// write such a sheet.
func TestParseProgressBomb(t *testing.T) {
	far := `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>`
	bare := patchSheet(t, writeXLSX(t, excelize.NewFile()), func(x string) string {
		x = strings.Replace(x, "<sheetData/>", "<sheetData></sheetData>", 1)
		return strings.Replace(x, "</sheetData>", far+"</sheetData>", 1)
	})
	// A real template with its notes removed, so that nothing stops the
	// reader before its row cap, a far cell at the end of row 7 and far rows.
	tmpl := patchSheet(t, progressXLSX(t, sampleProgress()), func(x string) string {
		x = regexp.MustCompile(`(?s)<row r="1[234]".*?</row>`).ReplaceAllString(x, "")
		x = regexp.MustCompile(`(?s)(<row r="7".*?)</row>`).ReplaceAllString(x, `$1<c r="XFD7" t="inlineStr"><is><t>x</t></is></c></row>`)
		if !strings.Contains(x, `r="XFD7"`) || strings.Contains(x, `<row r="12"`) {
			t.Fatal("worksheet XML not patched as intended")
		}
		return strings.Replace(x, "</sheetData>", `<row r="300"><c r="A300" t="inlineStr"><is><t>x</t></is></c></row>`+far+"</sheetData>", 1)
	})
	tests := []struct {
		name    string
		file    []byte
		refused bool
	}{
		{"no marker", bare, true},
		{"template", tmpl, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			sheet, err := parse(tt.file)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if tt.refused != (err != nil) {
				t.Fatalf("err = %v, want refused = %v", err, tt.refused)
			}
			if err == nil && len(sheet.Rows) != 6 {
				t.Errorf("got %d rows, want the sample's 6", len(sheet.Rows))
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("allocated %d MB reading a %d KB file", alloc>>20, len(tt.file)>>10)
			}
			if elapsed > 5*time.Second { // generous: it takes milliseconds
				t.Errorf("took %v", elapsed)
			}
		})
	}
}

// patchSheet returns the xlsx file b with the XML of its first worksheet
// rewritten by edit.
func patchSheet(tb testing.TB, b []byte, edit func(string) string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	patched := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" {
			data, patched = []byte(edit(string(data))), true
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if !patched {
		tb.Fatal("no xl/worksheets/sheet1.xml")
	}
	return buf.Bytes()
}
