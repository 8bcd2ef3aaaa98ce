package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// RecruitStats are a campaign's statistics as the bureau reports them:
// applicants per place and how many reached each stage, with the pass rate
// from the stage before, by county and by post.
type RecruitStats struct {
	Campaign *shuangbai.Campaign
	Unit     string
	Date     shuangbai.Date
	Total    shuangbai.StageRow
	Counties []shuangbai.StageRow
	Posts    []shuangbai.StageRow
}

// RecruitStatsXLSX writes the statistics as a workbook with two sheets: by
// county with the 合计 row, and by post. Each stage has its count and its
// pass rate (a percentage of the stage before).
func RecruitStatsXLSX(w io.Writer, st *RecruitStats) error {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f, sheet: "按县（市、区）"}
	s.check(f.SetDefaultFont("宋体"))
	s.check(f.SetSheetName("Sheet1", s.sheet))
	styles := newProgressStyles(s)
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	gb2312 := 134
	onePlace := "0.0%" // rates are rounded to one decimal
	pctStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &onePlace, Border: border,
		Font: &excelize.Font{Family: "宋体", Size: 10, Charset: &gb2312}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	s.check(err)
	stages := st.Total.Stages.Rates(st.Campaign)
	writeStatsSheet(s, styles, pctStyle, st, "县（市、区）", append(append([]shuangbai.StageRow{}, st.Counties...), st.Total), stages)
	if s.err == nil {
		_, err := f.NewSheet("按岗位")
		s.check(err)
		p := &sheetWriter{f: f, sheet: "按岗位"}
		writeStatsSheet(p, styles, pctStyle, st, "岗位", st.Posts, stages)
		s.check(p.err)
	}
	f.SetActiveSheet(0)
	if s.err != nil {
		return fmt.Errorf("report: recruitment statistics: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: recruitment statistics: %w", err)
	}
	return nil
}

// writeStatsSheet writes one sheet: the title, a two-row header (each
// stage over 人数 and 通过率) and a row per line.
func writeStatsSheet(s *sheetWriter, st progressStyles, pctStyle int, rs *RecruitStats, first string, rows []shuangbai.StageRow, stages []shuangbai.StageRate) {
	fixed := []string{first, "岗位数", "招聘人数", "人岗比"}
	last := len(fixed) + 2*len(stages)
	s.set(1, 1, rs.Campaign.Title+"情况统计")
	s.merge(1, 1, last, 1)
	s.style(1, 1, last, 1, st.title)
	s.height(1, 32)
	s.set(1, 2, "制表单位："+SafeCell(rs.Unit)+"　　时间："+rs.Date.Chinese())
	s.merge(1, 2, last, 2)
	s.style(1, 2, last, 2, st.unit)
	const head = 3
	s.style(1, head, last, head+1, st.head)
	for i, name := range fixed {
		s.set(i+1, head, name)
		s.merge(i+1, head, i+1, head+1)
	}
	s.width(1, 1, 22)
	s.width(2, last, 9)
	for i, sr := range stages {
		col := len(fixed) + 1 + 2*i
		s.set(col, head, sr.Label)
		s.merge(col, head, col+1, head)
		s.set(col, head+1, "人数")
		s.set(col+1, head+1, "通过率")
	}
	s.height(head+1, 20)
	for i, r := range rows {
		row := head + 2 + i
		style := st.cell
		if r.Name == "合计" && r.Code == "" {
			style = st.total
		}
		s.style(1, row, last, row, style)
		name := r.Name
		if first == "岗位" {
			name = r.Code + " " + r.Name
		}
		s.set(1, row, SafeCell(name))
		s.set(2, row, r.Posts)
		s.set(3, row, r.Places)
		s.set(4, row, r.PerPlace())
		for j, sr := range r.Stages.Rates(rs.Campaign) {
			col := len(fixed) + 1 + 2*j
			s.set(col, row, sr.Count)
			if j > 0 {
				s.set(col+1, row, sr.Percent/100)
			}
		}
		for j := 1; j < len(stages); j++ {
			col := len(fixed) + 2 + 2*j
			s.style(col, row, col, row, pctStyle)
		}
	}
}
