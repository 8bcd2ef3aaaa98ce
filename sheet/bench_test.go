package sheet_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/sheet"
)

// BenchmarkReadParse100k reads and checks a register of 100,000 people
// written by Excel's own streaming writer: what the upload and preview
// steps cost before the database is involved.
func BenchmarkReadParse100k(b *testing.B) {
	const n = 100_000
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"姓名", "公民身份号码", "联系电话", "村（社区）代码", "人员类别", "户主姓名", "家庭住址"})
	base := shuangbai.NewDate(1930, 1, 1)
	for i := range n {
		first17 := fmt.Sprintf("445302%s%03d", base.AddDays(i%29000).Time().Format("20060102"), i/29000)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("陈某%d", i), id(first17), fmt.Sprintf("138%08d", i), []string{"445302003208", "445302102201"}[i%2],
			"老年人、低保", fmt.Sprintf("陈户%d", i/3), fmt.Sprintf("双上村%d号", i)})
	}
	sw.Flush()
	var buf bytes.Buffer
	f.Write(&buf)
	file := buf.Bytes()
	b.Logf("file: %.1f MB", float64(len(file))/(1<<20))
	b.ResetTimer()
	for b.Loop() {
		t, err := sheet.Read(bytes.NewReader(file), int64(len(file)), sheet.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		r, err := sheet.ParseRoster(t, sheet.Propose(t.Header), sheet.Options{Today: today, Villages: villages})
		if err != nil || r.Valid() != n {
			b.Fatalf("%d valid, %v; %v", r.Valid(), err, r.Problems[:min(3, len(r.Problems))])
		}
	}
}
