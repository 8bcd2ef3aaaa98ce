package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// ActivityList is a list of community activities as a bureau files it:
// who made it, for which area and period, a row per activity and the
// totals.
type ActivityList struct {
	Unit     string // 制表单位
	Area     string // the region's name: 罗定市
	From, To shuangbai.Date
	Rows     []ActivityRow
}

// ActivityRow is one activity with the names the list shows.
type ActivityRow struct {
	*shuangbai.Activity
	Station string // the organising station's name
	Place   string // the region's path: 罗定市双东街道双东社区
}

var activityColumns = []struct {
	name  string
	width float64
}{{"序号", 6}, {"活动日期", 12}, {"类别", 10}, {"活动名称", 28}, {"组织社工站", 20}, {"活动地点", 30}, {"服务对象", 16},
	{"参与人数", 9}, {"志愿者", 8}, {"发放物资", 16}, {"发放数量", 9}, {"合作单位", 20}, {"活动简介", 40}}

// ActivitiesXLSX writes the list as a workbook: the title, the 制表单位
// and period line, the header, a row per activity and a 合计 row whose
// figures are sums of the rows (formulas, so a row corrected by hand
// corrects the total).
func ActivitiesXLSX(w io.Writer, l *ActivityList) error {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f, sheet: "社区活动"}
	s.check(f.SetDefaultFont("宋体"))
	s.check(f.SetSheetName("Sheet1", s.sheet))
	st := newProgressStyles(s)
	dateFmt := "yyyy-mm-dd"
	gb2312 := 134
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Font: &excelize.Font{Family: "宋体", Size: 10, Charset: &gb2312},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
			{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}})
	s.check(err)
	last := len(activityColumns)
	s.set(1, 1, SafeCell(l.Area)+"社区活动登记表")
	s.merge(1, 1, last, 1)
	s.style(1, 1, last, 1, st.title)
	s.height(1, 32)
	period := "全部"
	if !l.From.IsZero() || !l.To.IsZero() {
		period = l.From.Chinese() + "至" + l.To.Chinese()
	}
	s.set(1, 2, "制表单位："+SafeCell(l.Unit)+"　　期间："+period)
	s.merge(1, 2, last, 2)
	s.style(1, 2, last, 2, st.unit)
	const head = 3
	for i, c := range activityColumns {
		s.set(i+1, head, c.name)
		s.width(i+1, i+1, c.width)
	}
	s.style(1, head, last, head, st.head)
	for i, r := range l.Rows {
		row := head + 1 + i
		a := r.Activity
		s.set(1, row, i+1)
		s.set(2, row, a.HeldOn.Time())
		for col, v := range map[int]string{3: a.Kind.Label(), 4: a.Title, 5: r.Station, 6: r.Place + " " + a.Place, 7: a.Targets,
			10: a.Materials, 12: a.Partners, 13: a.Summary} {
			s.set(col, row, SafeCell(v))
		}
		s.set(8, row, a.Reached)
		s.set(9, row, a.Volunteers)
		s.set(11, row, a.HandedOut)
		s.style(1, row, last, row, st.cell)
		s.style(2, row, 2, row, dateStyle)
		s.style(4, row, 7, row, st.left)
		s.style(12, row, 13, row, st.left)
	}
	total := head + 1 + len(l.Rows)
	s.set(1, total, "合计")
	s.merge(1, total, 3, total)
	s.set(4, total, fmt.Sprintf("%d 项", len(l.Rows)))
	for _, col := range []int{8, 9, 11} {
		if len(l.Rows) > 0 {
			s.check(f.SetCellFormula(s.sheet, cellName(col, total), fmt.Sprintf("SUM(%s:%s)", cellName(col, head+1), cellName(col, total-1))))
		} else {
			s.set(col, total, 0)
		}
	}
	s.style(1, total, last, total, st.total)
	if s.err != nil {
		return fmt.Errorf("report: activities: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: activities: %w", err)
	}
	return nil
}
