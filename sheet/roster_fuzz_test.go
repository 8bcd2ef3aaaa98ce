package sheet_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"shuangbai"
	"shuangbai/sheet"
)

// FuzzReadRoster: no uploaded register — XLSX, CSV in UTF-8, UTF-16 or
// GBK, or anything else — makes the reader or the roster parser panic or
// fail with an error that is not the user's; every cell read is valid
// UTF-8 within the limits, and every problem names a data row, in order.
func FuzzReadRoster(f *testing.F) {
	csv := rosterHeader + "\n陈志明," + chen + ",男,1990-01-01,13800138000,445302003208,双上村民委员会,困难群众,肢体二级,走访,2021-08-01,1,陈志明,本人\n" +
		"李,４４５３０２１９４００３０１００２,女,,0766-1234,445302003208,,,,,,,,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(csv))
	f.Add([]byte(gbk))
	f.Add([]byte("\xef\xbb\xbf" + rosterHeader + "\n\"a\n"))
	f.Add([]byte("\xff\xfe" + "x\x00,\x00y\x00\n\x00"))
	f.Add([]byte("姓名\t身份证号\n张三\t" + zhang + "\n"))
	f.Add(xlsx(f, []any{"姓名", "身份证号", "出生日期"}, []any{"陈志明", chen, 32874}, []any{"=A2", 1.5, "1990/1/1"}))
	f.Add([]byte("PK\x03\x04garbage"))
	lim := sheet.Limits{MaxBytes: 1 << 20, MaxUnzipped: 4 << 20, MaxRows: 500, MaxCols: 30, MaxCellRunes: 200}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := sheet.Read(bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			if shuangbai.ErrorCode(err) != shuangbai.EINVALID {
				t.Fatalf("an error that is not the user's: %v", err)
			}
			return
		}
		if len(tab.Header) > lim.MaxCols || len(tab.Rows) > lim.MaxRows {
			t.Fatalf("limits passed: %d columns, %d rows", len(tab.Header), len(tab.Rows))
		}
		for _, r := range tab.Rows {
			for _, c := range r.Cells {
				if !utf8.ValidString(c) || utf8.RuneCountInString(c) > lim.MaxCellRunes {
					t.Fatalf("cell %q", c)
				}
			}
		}
		ro, err := sheet.ParseRoster(tab, sheet.Propose(tab.Header), sheet.Options{Today: today, Villages: villages})
		if err != nil {
			if shuangbai.ErrorCode(err) != shuangbai.EINVALID {
				t.Fatalf("mapping: an error that is not the user's: %v", err)
			}
			return
		}
		last := 0
		for _, p := range ro.Problems {
			if p.Row <= tab.HeaderRow || p.Row < last || !utf8.ValidString(p.Message) {
				t.Fatalf("problem %+v after row %d (header %d)", p, last, tab.HeaderRow)
			}
			last = p.Row
		}
		for _, rec := range ro.Records {
			if id := rec.Person.IDNumber; id != "" && !shuangbai.ValidIDNumber(id) && !rec.Invalid {
				t.Fatalf("invalid ID number %q accepted", id)
			}
		}
	})
}
