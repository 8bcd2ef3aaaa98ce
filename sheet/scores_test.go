package sheet_test

import (
	"bytes"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/sheet"
)

func TestReadScores(t *testing.T) {
	good := xlsx(t,
		[]any{"2021年云浮市“双百工程”社工招聘笔试成绩"},
		[]any{"序号", "准考证号", "姓名", "身份证号", "笔试成绩", "面试成绩"},
		[]any{1, "2021000001", "林小燕", id("44530219950101001"), 85.5, "缺考"},
		[]any{2, "2021000002", "陈明", "", 90, 88.25},
		[]any{"合计", "", "", "", "", ""},
	)
	s, err := sheet.ReadScores(bytes.NewReader(good), int64(len(good)), sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) != 0 || len(s.Lines) != 2 || !s.HasWritten || !s.HasInterview {
		t.Fatalf("sheet %+v", s)
	}
	l := s.Lines[0]
	if l.Row != 3 || l.Number != "2021000001" || l.Name != "林小燕" || l.Written != shuangbai.ScoreOf(8550) || l.Interview.Valid() || l.IDNumber == "" {
		t.Errorf("line %+v", l)
	}
	if s.Lines[1].Interview != shuangbai.ScoreOf(8825) {
		t.Errorf("line 2 %+v", s.Lines[1])
	}

	for _, tt := range []struct {
		name string
		csv  string
		err  string         // the whole file is refused with this
		rows map[int]string // row → part of its problem
		cols map[int]string // row → column letter of the problem
		has  [2]bool        // written, interview columns
	}{
		{name: "a score out of range", csv: "准考证号,姓名,笔试成绩\n2021000001,林小燕,105\n2021000002,陈明,-3\n2021000003,李华,88.123\n2021000004,何一,八十",
			rows: map[int]string{2: "0 到 100", 3: "0 到 100", 4: "两位小数", 5: "八十"}, cols: map[int]string{2: "C"}, has: [2]bool{true, false}},
		{name: "a row without its number", csv: "准考证号,面试成绩\n,80\n2021000002,70", rows: map[int]string{2: "缺少准考证号"}, has: [2]bool{false, true}},
		{name: "no number column", csv: "姓名,笔试成绩\n林小燕,80", err: "准考证号"},
		{name: "no score column", csv: "准考证号,姓名\n2021000001,林小燕", err: "笔试成绩"},
		{name: "a register instead", csv: "姓名,身份证号,村（社区）\n林小燕,1,2", err: "没有“准考证号”列"},
		{name: "not a score sheet", csv: "村（社区）,人数\n双上村,2", err: "成绩表的表头"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sheet.ReadScores(strings.NewReader(tt.csv), int64(len(tt.csv)), sheet.DefaultLimits)
			if tt.err != "" {
				if err == nil || shuangbai.ErrorCode(err) != shuangbai.EINVALID || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]string{}
			for _, p := range s.Problems {
				got[p.Row] += p.Message
				if want, ok := tt.cols[p.Row]; ok && p.Col != want {
					t.Errorf("row %d problem in column %q, want %q", p.Row, p.Col, want)
				}
			}
			for row, want := range tt.rows {
				if !strings.Contains(got[row], want) {
					t.Errorf("row %d: %q, want %q", row, got[row], want)
				}
			}
			if len(got) != len(tt.rows) {
				t.Errorf("problems on rows %v, want %v", got, tt.rows)
			}
			if s.HasWritten != tt.has[0] || s.HasInterview != tt.has[1] {
				t.Errorf("columns %v %v", s.HasWritten, s.HasInterview)
			}
		})
	}
}

// FuzzReadScores: no upload makes the reader panic, and every problem it
// reports names a row of the sheet, in order.
func FuzzReadScores(f *testing.F) {
	f.Add([]byte("准考证号,姓名,笔试成绩,面试成绩\n2021000001,林小燕,85.5,90\n2021000002,陈明,缺考,\n合计,,,\n"))
	f.Add([]byte("考号\t笔试\n1\t100.00\n2\t1e9\n\"3\t-0\n"))
	f.Add([]byte("\xef\xbb\xbf准考证号;面试成绩\n;\n9;99.999999999999\n"))
	f.Add(xlsx(f, []any{"准考证号", "笔试成绩"}, []any{"1", 85.1}, []any{"2", "=1+1"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := sheet.Limits{MaxBytes: 1 << 20, MaxUnzipped: 4 << 20, MaxRows: 2000, MaxCols: 20, MaxCellRunes: 100}
		s, err := sheet.ReadScores(bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			if shuangbai.ErrorCode(err) != shuangbai.EINVALID {
				t.Fatalf("an error that is not the user's: %v", err)
			}
			return
		}
		last := 0
		for _, p := range s.Problems {
			if p.Row <= s.Table.HeaderRow || p.Row < last {
				t.Fatalf("problem on row %d after row %d (header %d)", p.Row, last, s.Table.HeaderRow)
			}
			last = p.Row
		}
		for _, l := range s.Lines {
			if l.Written.Valid() && (l.Written.Hundredths() < 0 || l.Written.Hundredths() > 10000) {
				t.Fatalf("score out of range accepted: %v", l.Written)
			}
		}
	})
}

// TestScoreTemplateRoundTrip: the blank sheet, filled in, reads back.
func TestScoreTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := sheet.WriteScoreTemplate(&buf, []sheet.ScoreTemplateLine{{Number: "0021000001", Name: "林小燕", Post: "P1 河口街道社工站社工"}}); err != nil {
		t.Fatal(err)
	}
	s, err := sheet.ReadScores(bytes.NewReader(buf.Bytes()), int64(buf.Len()), sheet.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Lines) != 1 || s.Lines[0].Number != "0021000001" || s.Lines[0].Name != "林小燕" || s.Lines[0].Written.Valid() || !s.HasWritten || !s.HasInterview {
		t.Errorf("read back %+v", s)
	}
}
