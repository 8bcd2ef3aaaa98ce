package sheet_test

import (
	"archive/zip"
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"shuangbai"
	"shuangbai/sheet"
)

// id completes 17 digits with their check character.
func id(first17 string) string { return first17 + string(shuangbai.IDCheckDigit(first17)) }

// xlsx builds a workbook whose first sheet holds rows.
func xlsx(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t testing.TB, b []byte) (*sheet.Table, error) {
	t.Helper()
	return sheet.Read(bytes.NewReader(b), int64(len(b)), sheet.DefaultLimits)
}

const csvRegister = "云城区河口街道服务对象名册,,,\n" +
	"序号,姓名,公民身份号码,村（社区）名称\n" +
	"1,陈小明,%s,双上村\n" +
	",,,\n" +
	"2,李 阿婆,%s,双上村\n"

func TestReadFormats(t *testing.T) {
	id1, id2 := id("44530219900101123"), id("44530219400301002")
	text := strings.NewReplacer("%s", "\x00").Replace(csvRegister)
	text = strings.Replace(strings.Replace(text, "\x00", id1, 1), "\x00", id2, 1)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	tsv := strings.ReplaceAll(text, ",", "\t")
	for _, tt := range []struct {
		name     string
		file     []byte
		format   string
		encoding string
	}{
		{"xlsx", xlsx(t, []any{"云城区河口街道服务对象名册"}, []any{"序号", "姓名", "公民身份号码", "村（社区）名称"},
			[]any{1, "陈小明", id1, "双上村"}, []any{}, []any{2, "李 阿婆", id2, "双上村"}), "xlsx", ""},
		{"UTF-8 CSV", []byte(text), "csv", "UTF-8"},
		{"UTF-8 CSV with BOM", []byte("\uFEFF" + text), "csv", "UTF-8"},
		{"GBK CSV from Chinese Excel", []byte(gbk), "csv", "GB18030"},
		{"tab separated", []byte(tsv), "csv", "UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := read(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Format != tt.format || tab.Encoding != tt.encoding {
				t.Errorf("format %s/%s, want %s/%s", tab.Format, tab.Encoding, tt.format, tt.encoding)
			}
			if tab.HeaderRow != 2 || strings.Join(tab.Header, "|") != "序号|姓名|公民身份号码|村（社区）名称" {
				t.Fatalf("header row %d: %q", tab.HeaderRow, tab.Header)
			}
			if len(tab.Rows) != 2 || tab.Rows[0].Num != 3 || tab.Rows[1].Num != 5 {
				t.Fatalf("rows: %+v", tab.Rows)
			}
			if got := tab.Rows[1].Cell(1); got != "李 阿婆" {
				t.Errorf("name = %q", got)
			}
			if got := tab.Rows[0].Cell(2); got != id1 {
				t.Errorf("ID = %q, want %q", got, id1)
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	utf16 := func(s string) []byte {
		var u []byte
		for _, c := range []byte(s) {
			u = append(u, c, 0)
		}
		return u
	}
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	var notBook bytes.Buffer
	zw := zip.NewWriter(&notBook)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	zw.Close()
	small := sheet.DefaultLimits
	small.MaxRows, small.MaxBytes = 3, 1<<10

	for _, tt := range []struct {
		name string
		file []byte
		lim  sheet.Limits
		want string
	}{
		{"encrypted xlsx", append(append([]byte{}, ole...), utf16("EncryptedPackage")...), sheet.DefaultLimits, "文件已加密"},
		{"legacy xls", append(append([]byte{}, ole...), utf16("Workbook")...), sheet.DefaultLimits, "旧版 Excel（.xls）"},
		{"a picture", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), sheet.DefaultLimits, "不是 Excel（.xlsx）或 CSV"},
		{"a Word file", notBook.Bytes(), sheet.DefaultLimits, "不是 Excel 工作簿"},
		{"a broken zip", []byte("PK\x03\x04 and then nothing"), sheet.DefaultLimits, "文件已损坏"},
		{"empty", nil, sheet.DefaultLimits, "文件是空的"},
		{"too large", bytes.Repeat([]byte("姓名,身份证号\n"), 200), small, "文件超过 0 MB"},
		{"too many rows", []byte("姓名,身份证号\n张三,1\n李四,2\n王五,3\n"), small, "文件超过 3 行"},
		{"no header", []byte("a,b\n1,2\n"), sheet.DefaultLimits, "找不到表头"},
		{"too wide", xlsx(t, []any{"姓名", "身份证号"}, append(make([]any, 70), "x")), sheet.DefaultLimits, "第2行第 BS 列有内容，超过了 60 列"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sheet.Read(bytes.NewReader(tt.file), -1, tt.lim)
			if shuangbai.ErrorCode(err) != shuangbai.EINVALID || !strings.Contains(shuangbai.ErrorMessage(err), tt.want) {
				t.Fatalf("Read = %v, want EINVALID with %q", err, tt.want)
			}
		})
	}
}

func TestReadLongCellAndSheets(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"这是说明页"})
	f.NewSheet("名册")
	f.SetSheetRow("名册", "A1", &[]any{"姓名", "住址", "村代码"})
	f.SetSheetRow("名册", "A2", &[]any{"陈小明", strings.Repeat("长", 600), "445302003208"})
	var buf bytes.Buffer
	f.Write(&buf)
	tab, err := read(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "名册" || len(tab.Rows) != 1 {
		t.Fatalf("sheet %q rows %d", tab.Sheet, len(tab.Rows))
	}
	r := tab.Rows[0]
	if len([]rune(r.Cell(1))) != 500 || len(r.Long) != 1 || r.Long[0] != 1 {
		t.Fatalf("long cell: %d runes, Long %v", len([]rune(r.Cell(1))), r.Long)
	}
}

// bomb is a workbook of a few kilobytes whose sheet claims the whole grid,
// <dimension ref="A1:XFD1048576"/>, with a header, one person, and one
// value in the last row at lastCell. It is written by hand, as an attacker
// would, rather than through excelize.
func bomb(t testing.TB, lastCell string) []byte {
	t.Helper()
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<dimension ref="A1:XFD1048576"/><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c><c r="C1" t="inlineStr"><is><t>村（社区）代码</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>陈小明</t></is></c><c r="B2" t="inlineStr"><is><t>` + id("44530219900101123") + `</t></is></c><c r="C2" t="inlineStr"><is><t>445302003208</t></is></c></row>` +
			`<row r="1048576"><c r="` + lastCell + `" t="inlineStr"><is><t>x</t></is></c></row>` +
			`</sheetData></worksheet>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadBomb checks that a small file claiming a million rows is read in
// little time and memory: GetRows would allocate a row for each of them
// (~630 MB for such a file).
func TestReadBomb(t *testing.T) {
	for _, tt := range []struct {
		cell    string
		wantErr string
		rows    int
	}{
		{"A1048576", "", 2},              // read: the last row is one more data row
		{"XFD1048576", "超过了 60 列的上限", 0}, // refused: far right of any register
	} {
		t.Run(tt.cell, func(t *testing.T) {
			b := bomb(t, tt.cell)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			tab, err := read(t, b)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d-byte file: %v, %.1f MB allocated", len(b), elapsed, float64(alloc)/(1<<20))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Read = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil || len(tab.Rows) != tt.rows || tab.Rows[1].Num != 1048576 {
				t.Fatalf("Read = %+v, %v", tab, err)
			}
			if alloc > 64<<20 {
				t.Errorf("allocated %d MB, want < 64 MB", alloc>>20)
			}
			if elapsed > 5*time.Second {
				t.Errorf("took %v, want < 5s", elapsed)
			}
		})
	}
}

func TestReadAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocations")
	}
	b := bomb(t, "A1048576")
	allocs := testing.AllocsPerRun(3, func() {
		if _, err := read(t, b); err != nil {
			t.Fatal(err)
		}
	})
	// GetRows on the same file makes millions of allocations, one slice per
	// row; streaming makes a few thousand, however many rows are claimed.
	t.Logf("%.0f allocations per read", allocs)
	if allocs > 50_000 {
		t.Errorf("%.0f allocations per read, want < 50,000", allocs)
	}
}
