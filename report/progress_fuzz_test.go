package report_test

import (
	"bytes"
	"testing"

	"shuangbai"
	"shuangbai/report"
)

// FuzzParseProgressXLSX: no uploaded progress sheet makes the reader panic
// or fail with an error that is not the user's; what it reads has a
// problem list in sheet order. Seeds are the real template, filled in and
// spoilt, so the fuzzer starts inside the workbook format.
func FuzzParseProgressXLSX(f *testing.F) {
	f.Add(progressXLSX(f, sampleProgress()))
	f.Add(editedProgress(f, map[string]any{"D6": "十二", "E6": -3, "F6": 1e300, "C6": nil}))
	f.Add(editedProgress(f, map[string]any{"A6": "=SUM(A1:A5)", "D7": "３"}))
	f.Add([]byte("PK\x03\x04\x14\x00not a zip"))
	f.Add([]byte("区县,社工站\n云城区,8\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := report.ParseProgressXLSX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if shuangbai.ErrorCode(err) != shuangbai.EINVALID {
				t.Fatalf("an error that is not the user's: %v", err)
			}
			return
		}
		if s == nil {
			t.Fatal("no sheet and no error")
		}
	})
}
