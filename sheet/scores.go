package sheet

import (
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// An exam office sends its scores (成绩) as a sheet of its own making: one
// row per candidate named by their 准考证号, with the name and perhaps the
// ID number to check it by, and a column of written scores, of interview
// scores, or both. ReadScores reads such a sheet with the bounded reader
// and checks each cell; what the scores mean for the campaign (unknown
// candidates, shortlists) is the store's to check.

// Columns of a score sheet.
const (
	ScoreNumber    = "准考证号"
	ScoreName      = "姓名"
	ScoreIDNumber  = "身份证号"
	ScoreWritten   = "笔试成绩"
	ScoreInterview = "面试成绩"
)

// scoreColumn returns the column a header names, or "".
func scoreColumn(header string) string {
	h := normHeader(header)
	switch {
	case h == "":
		return ""
	case strings.Contains(h, "准考证") || strings.Contains(h, "考号") || strings.Contains(h, "报名号") || strings.Contains(h, "报名序号"):
		return ScoreNumber
	case strings.Contains(h, "笔试"):
		return ScoreWritten
	case strings.Contains(h, "面试"):
		return ScoreInterview
	case guessField(header) == FieldIDNumber:
		return ScoreIDNumber
	case strings.Contains(h, "姓名"):
		return ScoreName
	}
	return ""
}

// scoreLayout recognises a score sheet's header.
var scoreLayout = Layout{
	Score: func(cells []string) int {
		seen := map[string]bool{}
		for _, c := range cells {
			if col := scoreColumn(c); col != "" {
				seen[col] = true
			}
		}
		return len(seen)
	},
	NoHeader: shuangbai.Errorf(shuangbai.EINVALID, "在文件的前 %d 行中找不到成绩表的表头（如“准考证号”“姓名”“笔试成绩”“面试成绩”等列名）。请确认上传的是考试成绩表，且表头在数据上方", headerScan),
}

// ScoreLine is one candidate's row of a score sheet.
type ScoreLine struct {
	Row       int // as Excel numbers it
	Number    string
	Name      string
	IDNumber  string
	Written   shuangbai.Score
	Interview shuangbai.Score
}

// ScoreSheet is a score sheet read and checked cell by cell.
type ScoreSheet struct {
	Table        *Table
	HasWritten   bool // the sheet has a column of written scores
	HasInterview bool
	Lines        []ScoreLine // rows without problems, and rows with them too
	Problems     []Problem   // by row
}

// ReadScores reads an exam office's score sheet. It refuses a file the
// bounded reader refuses, or one without a 准考证号 column and a column of
// scores. Every other problem is a Problem of its row: a score that is not
// a number from 0 to 100 with at most two decimals, a row without a
// 准考证号. Rows of notes (合计, 说明 …) are skipped.
func ReadScores(r io.Reader, size int64, lim Limits) (*ScoreSheet, error) {
	t, err := ReadLayout(r, size, lim, scoreLayout)
	if err != nil {
		return nil, err
	}
	return ParseScores(t)
}

// ParseScores checks the rows of a table read with the score layout.
func ParseScores(t *Table) (*ScoreSheet, error) {
	cols := map[string]int{}
	for i, h := range t.Header {
		if c := scoreColumn(h); c != "" {
			if _, dup := cols[c]; !dup {
				cols[c] = i
			}
		}
	}
	out := &ScoreSheet{Table: t}
	_, out.HasWritten = cols[ScoreWritten]
	_, out.HasInterview = cols[ScoreInterview]
	if _, ok := cols[ScoreNumber]; !ok {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "成绩表中没有“准考证号”列：系统按准考证号找到考生，请加上这一列")
	}
	if !out.HasWritten && !out.HasInterview {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "成绩表中没有“笔试成绩”或“面试成绩”列")
	}
	cell := func(r Row, col string) string {
		i, ok := cols[col]
		if !ok {
			return ""
		}
		return r.Cell(i)
	}
	problem := func(r Row, col, msg string) {
		p := Problem{Row: r.Num, Message: msg}
		if i, ok := cols[col]; ok {
			p.Col, p.Header = colLetter(i), t.Header[i]
		}
		out.Problems = append(out.Problems, p)
	}
	for _, r := range t.Rows {
		if isNote(r) {
			continue
		}
		line := ScoreLine{Row: r.Num, Number: cell(r, ScoreNumber), Name: cell(r, ScoreName), IDNumber: cell(r, ScoreIDNumber)}
		if line.Number == "" {
			problem(r, ScoreNumber, "缺少准考证号")
		}
		for _, x := range []struct {
			col string
			dst *shuangbai.Score
		}{{ScoreWritten, &line.Written}, {ScoreInterview, &line.Interview}} {
			raw := cell(r, x.col)
			s, err := shuangbai.ParseScore(raw)
			if err != nil {
				problem(r, x.col, x.col+"“"+clip(raw)+"”有误："+shuangbai.ErrScore)
			}
			*x.dst = s
		}
		for _, i := range r.Long {
			problem(r, "", "第 "+colLetter(i)+" 列的内容太长")
		}
		out.Lines = append(out.Lines, line)
	}
	slices.SortStableFunc(out.Problems, func(a, b Problem) int { return a.Row - b.Row })
	return out, nil
}

// isNote reports whether a row is a note under the sheet rather than a
// candidate: its first non-empty cell starts with 合计, 说明 and the like.
func isNote(r Row) bool {
	for _, c := range r.Cells {
		if c == "" {
			continue
		}
		for _, n := range notes {
			if strings.HasPrefix(c, n) {
				return true
			}
		}
		return false
	}
	return false
}

// clip shortens a cell quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// ScoreTemplateLine is a candidate listed in a blank score sheet.
type ScoreTemplateLine struct {
	Number, Name, Post string
}

// WriteScoreTemplate writes the score sheet an exam office fills in: one
// row per candidate with the columns ReadScores recognises, the 准考证号
// kept as text, the score columns empty. Names go through SafeCell.
func WriteScoreTemplate(w io.Writer, lines []ScoreTemplateLine) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "成绩"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 14, "B": 12, "C": 30, "D": 12, "E": 12} {
		f.SetColWidth(sh, col, col, width)
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": 准考证号 stays text
	header := []any{}
	for _, h := range []string{ScoreNumber, ScoreName, "报考岗位", ScoreWritten, ScoreInterview} {
		header = append(header, excelize.Cell{StyleID: head, Value: h})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: text, Value: l.Number}, SafeCell(l.Name), SafeCell(l.Post)}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
