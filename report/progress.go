package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// ProgressTemplate marks a workbook written by ProgressXLSX, so that an upload
// can be checked to be a filled-in copy of this very layout. Change the
// version whenever a column moves: older copies are then refused instead of
// being read into the wrong fields.
const ProgressTemplate = "shuangbai-progress-v1"

// The workbook's layout. Columns A–P are the printed form (the order of
// shuangbai.ProgressColumns); the hidden columns Q and R carry each row's
// region code and kind, so that a re-import matches rows to regions even when
// a name was retyped.
const (
	progressSheet = "进度情况一览表"
	metaSheet     = "meta" // very hidden: template version, region, date

	headRow      = 3 // first of the two header rows
	firstDataRow = 5

	colRegion    = 1  // A
	colPlan      = 2  // B
	colStations  = 3  // C–G
	colPoints    = 8  // H–L
	colCoord     = 13 // M
	colManage    = 14 // N
	colFunding   = 15 // O
	colTrainings = 16 // P
	colLast      = 16
	colCode      = 17 // Q, hidden
	colKind      = 18 // R, hidden

	// Offsets within the five columns of a site group.
	offRequired, offBuilt, offOffice, offEquipment, offStaff = 0, 1, 2, 3, 4
)

// Row kinds in the hidden column R.
const (
	kindCounty = "county"
	kindSelf   = "self" // 市本级
	kindTotal  = "total"
)

// progressWidths are the widths of columns A–P, chosen so that the form fits
// one A4 landscape page wide at a readable scale.
var progressWidths = [colLast]float64{11, 7, 7, 7, 7, 11, 7, 7, 7, 7, 11, 7, 9, 9, 30, 9}

// numberColumn is a column the 合计 row adds up.
type numberColumn struct {
	col int
	get func(*shuangbai.ProgressRow) *int
}

// numberColumns lists the eight site counts and the trainings.
var numberColumns = []numberColumn{
	{colStations + offRequired, func(r *shuangbai.ProgressRow) *int { return &r.Stations.Required }},
	{colStations + offBuilt, func(r *shuangbai.ProgressRow) *int { return &r.Stations.Built }},
	{colStations + offOffice, func(r *shuangbai.ProgressRow) *int { return &r.Stations.Office }},
	{colStations + offStaff, func(r *shuangbai.ProgressRow) *int { return &r.Stations.Staff }},
	{colPoints + offRequired, func(r *shuangbai.ProgressRow) *int { return &r.Points.Required }},
	{colPoints + offBuilt, func(r *shuangbai.ProgressRow) *int { return &r.Points.Built }},
	{colPoints + offOffice, func(r *shuangbai.ProgressRow) *int { return &r.Points.Office }},
	{colPoints + offStaff, func(r *shuangbai.ProgressRow) *int { return &r.Points.Staff }},
	{colTrainings, func(r *shuangbai.ProgressRow) *int { return &r.Trainings }},
}

// ProgressXLSX writes t as the bureau's 社工站（点）建设进度情况一览表: title, 制表单位
// and 时间, the two-row header, one row per entry of t.Rows, the 合计 row and
// the three notes, laid out to print on A4 landscape one page wide. The 合计
// row is computed from t.Rows; t.Total is not read. The workbook carries the
// ProgressTemplate marker, so ParseProgressXLSX can read a filled-in copy.
func ProgressXLSX(w io.Writer, t *shuangbai.ProgressTable) error {
	if t == nil {
		return fmt.Errorf("report: progress xlsx: nil table")
	}
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f, sheet: progressSheet}
	s.check(f.SetDefaultFont("宋体"))
	s.check(f.SetSheetName("Sheet1", progressSheet))
	st := newProgressStyles(s)

	writeProgressHead(s, st, t)
	row := firstDataRow
	for _, r := range t.Rows {
		kind := kindCounty
		if r.CityLevel {
			kind = kindSelf
		}
		writeProgressRow(s, st, row, r, kind)
		row++
	}
	writeProgressRow(s, st, row, shuangbai.ProgressTotal(t.Rows), kindTotal)
	for _, note := range shuangbai.ProgressNotes {
		row++
		s.set(colRegion, row, note)
		s.merge(colRegion, row, colLast, row)
		s.style(colRegion, row, colLast, row, st.note)
		s.height(row, float64(wrappedLines(note, sumWidths(colRegion, colLast)))*lineHeight+6)
	}
	if s.err == nil {
		s.check(setProgressPage(f, row))
		s.check(addProgressValidation(f, t.Rows))
		s.check(writeProgressMeta(f, t))
	}
	if s.err != nil {
		return fmt.Errorf("report: progress xlsx: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: progress xlsx: %w", err)
	}
	return nil
}

// lineHeight is the height in points of one line of 10-point 宋体.
const lineHeight = 13.5

func sumWidths(c1, c2 int) float64 {
	w := 0.0
	for c := c1; c <= c2; c++ {
		w += progressWidths[c-1]
	}
	return w
}

// progressStyles are the style ids of the form.
type progressStyles struct {
	title, unit, date, head, cell, left, times, total, totalTimes, note int
}

func newProgressStyles(s *sheetWriter) progressStyles {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	gb2312 := 134 // tells Excel the font is Chinese, so it never swaps in a Latin one
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold, Charset: &gb2312}
	}
	align := func(h, v string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: v, WrapText: true}
	}
	times := `0"次"` // a typed 3 shows as 3次, as the form prints it
	type styleDef struct {
		id *int
		st excelize.Style
	}
	var ps progressStyles
	var styles []styleDef
	add := func(id *int, st excelize.Style) { styles = append(styles, styleDef{id, st}) }
	add(&ps.title, excelize.Style{Font: font(18, true), Alignment: align("center", "center")})
	add(&ps.unit, excelize.Style{Font: font(12, false), Alignment: align("left", "center")})
	add(&ps.date, excelize.Style{Font: font(12, false), Alignment: align("right", "center")})
	add(&ps.head, excelize.Style{Font: font(10, true), Alignment: align("center", "center"), Border: border})
	add(&ps.cell, excelize.Style{Font: font(10, false), Alignment: align("center", "center"), Border: border})
	add(&ps.left, excelize.Style{Font: font(10, false), Alignment: align("left", "center"), Border: border})
	add(&ps.times, excelize.Style{Font: font(10, false), Alignment: align("center", "center"), Border: border, CustomNumFmt: &times})
	add(&ps.total, excelize.Style{Font: font(10, true), Alignment: align("center", "center"), Border: border})
	add(&ps.totalTimes, excelize.Style{Font: font(10, true), Alignment: align("center", "center"), Border: border, CustomNumFmt: &times})
	add(&ps.note, excelize.Style{Font: font(10, false), Alignment: align("left", "top")})
	for _, x := range styles {
		if s.err != nil {
			break
		}
		id, err := s.f.NewStyle(&x.st)
		s.check(err)
		*x.id = id
	}
	return ps
}

// writeProgressHead writes the title, the 制表单位 and 时间 line and the
// two-row header.
func writeProgressHead(s *sheetWriter, st progressStyles, t *shuangbai.ProgressTable) {
	for c := colRegion; c <= colLast; c++ {
		s.width(c, c, progressWidths[c-1])
	}
	s.width(colCode, colKind, 10)

	s.set(colRegion, 1, t.Title())
	s.merge(colRegion, 1, colLast, 1)
	s.style(colRegion, 1, colLast, 1, st.title)
	s.height(1, 36)

	s.set(colRegion, 2, "制表单位："+SafeCell(t.Unit))
	s.merge(colRegion, 2, colStations+offStaff, 2)
	s.style(colRegion, 2, colStations+offStaff, 2, st.unit)
	s.set(colCoord, 2, "时间："+t.Date.Chinese())
	s.merge(colCoord, 2, colLast, 2)
	s.style(colCoord, 2, colLast, 2, st.date)
	s.height(2, 24)

	s.style(colRegion, headRow, colLast, headRow+1, st.head)
	for i, c := range shuangbai.ProgressColumns {
		col := i + 1
		if c.Group == "" {
			s.set(col, headRow, c.Name)
			s.merge(col, headRow, col, headRow+1)
			continue
		}
		s.set(col, headRow+1, c.Name)
	}
	for _, g := range []int{colStations, colPoints} {
		s.set(g, headRow, shuangbai.ProgressColumns[g-1].Group)
		s.merge(g, headRow, g+offStaff, headRow)
	}
	s.set(colCode, headRow+1, "区划代码")
	s.set(colKind, headRow+1, "行类型")
	s.height(headRow, 22)
	s.height(headRow+1, 44)
}

// writeProgressRow writes one row of the table. The 市本级 row builds no
// sites, so its site columns stay blank; the 合计 row leaves the columns that
// do not add up blank, as the printed form does.
func writeProgressRow(s *sheetWriter, st progressStyles, row int, r shuangbai.ProgressRow, kind string) {
	cell, times := st.cell, st.times
	if kind == kindTotal {
		cell, times = st.total, st.totalTimes
	}
	s.style(colRegion, row, colLast, row, cell)
	s.style(colTrainings, row, colTrainings, row, times)
	s.set(colRegion, row, SafeCell(r.Name))
	if kind != kindSelf {
		for _, g := range []struct {
			col int
			c   shuangbai.SiteCounts
		}{{colStations, r.Stations}, {colPoints, r.Points}} {
			s.set(g.col+offRequired, row, g.c.Required)
			s.set(g.col+offBuilt, row, g.c.Built)
			s.set(g.col+offOffice, row, g.c.Office)
			if e := g.c.Equipment.String(); e != "" {
				s.set(g.col+offEquipment, row, e)
			}
			s.set(g.col+offStaff, row, g.c.Staff)
		}
	}
	if kind != kindTotal {
		s.set(colPlan, row, planLabel(r.PlanIssued))
		s.set(colCoord, row, yesNo(r.Coordination))
		s.set(colManage, row, yesNo(r.Management))
		if r.Funding != "" {
			s.set(colFunding, row, SafeCell(r.Funding))
		}
		s.style(colFunding, row, colFunding, row, st.left)
	}
	s.set(colTrainings, row, r.Trainings)
	if r.Code != "" {
		s.set(colCode, row, r.Code)
	}
	s.set(colKind, row, kind)

	lines := max(wrappedLines(r.Name, progressWidths[colRegion-1]),
		wrappedLines(r.Funding, progressWidths[colFunding-1]))
	s.height(row, max(22, float64(lines)*lineHeight+6))
}

func planLabel(issued bool) string {
	if issued {
		return "已出台"
	}
	return "未出台"
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ProgressCSV writes t as CSV: a byte-order mark (so that Excel reads the
// Chinese as UTF-8), one header line of the flattened column names
// (社工站-应建社工站数量 …) plus 区划代码, one line per row and the 合计 line,
// computed from t.Rows as in ProgressXLSX.
func ProgressCSV(w io.Writer, t *shuangbai.ProgressTable) error {
	if t == nil {
		return fmt.Errorf("report: progress csv: nil table")
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("report: progress csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel on Windows writes and expects
	head := make([]string, 0, colLast+1)
	for _, c := range shuangbai.ProgressColumns {
		head = append(head, c.Title())
	}
	_ = cw.Write(append(head, "区划代码"))
	for _, r := range t.Rows {
		kind := kindCounty
		if r.CityLevel {
			kind = kindSelf
		}
		_ = cw.Write(progressRecord(r, kind))
	}
	_ = cw.Write(progressRecord(shuangbai.ProgressTotal(t.Rows), kindTotal))
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: progress csv: %w", err)
	}
	return nil
}

// progressRecord returns the CSV fields of one row, blank where the printed
// form is blank.
func progressRecord(r shuangbai.ProgressRow, kind string) []string {
	rec := make([]string, colLast+1)
	rec[colRegion-1] = SafeCell(r.Name)
	if kind != kindSelf {
		for _, g := range []struct {
			col int
			c   shuangbai.SiteCounts
		}{{colStations, r.Stations}, {colPoints, r.Points}} {
			rec[g.col+offRequired-1] = strconv.Itoa(g.c.Required)
			rec[g.col+offBuilt-1] = strconv.Itoa(g.c.Built)
			rec[g.col+offOffice-1] = strconv.Itoa(g.c.Office)
			rec[g.col+offEquipment-1] = g.c.Equipment.String()
			rec[g.col+offStaff-1] = strconv.Itoa(g.c.Staff)
		}
	}
	if kind != kindTotal {
		rec[colPlan-1] = planLabel(r.PlanIssued)
		rec[colCoord-1] = yesNo(r.Coordination)
		rec[colManage-1] = yesNo(r.Management)
		rec[colFunding-1] = SafeCell(r.Funding)
	}
	rec[colTrainings-1] = strconv.Itoa(r.Trainings) + "次"
	rec[colLast] = r.Code
	return rec
}

// setProgressPage sets up printing: A4 landscape, one page wide, the header
// rows repeated on every page, page numbers in the footer.
func setProgressPage(f *excelize.File, lastRow int) error {
	size, orient := 9, "landscape" // 9 is A4 in OOXML's paper-size list
	fitW, fitH := 1, 0             // 0: as many pages tall as needed
	yes := true
	margin := func(in float64) *float64 { return &in }
	quoted := "'" + progressSheet + "'"
	for _, err := range []error{
		f.SetPageLayout(progressSheet, &excelize.PageLayoutOptions{
			Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH,
		}),
		f.SetSheetProps(progressSheet, &excelize.SheetPropsOptions{FitToPage: &yes}),
		f.SetPageMargins(progressSheet, &excelize.PageLayoutMarginsOptions{
			Left: margin(0.4), Right: margin(0.4), Top: margin(0.6), Bottom: margin(0.6),
			Header: margin(0.3), Footer: margin(0.3), Horizontally: &yes,
		}),
		f.SetHeaderFooter(progressSheet, &excelize.HeaderFooterOptions{
			OddFooter: "&C&\"宋体\"&10第 &P 页，共 &N 页",
		}),
		f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", Scope: progressSheet,
			RefersTo: fmt.Sprintf("%s!$%d:$%d", quoted, headRow, headRow+1),
		}),
		f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Area", Scope: progressSheet,
			RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", quoted, colName(colLast), lastRow),
		}),
		f.SetPanes(progressSheet, &excelize.Panes{
			Freeze: true, XSplit: 1, YSplit: firstDataRow - 1,
			TopLeftCell: cellName(colRegion+1, firstDataRow), ActivePane: "bottomRight",
		}),
		f.SetColVisible(progressSheet, colName(colCode)+":"+colName(colKind), false),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// addProgressValidation adds drop-down lists and number checks to the cells
// users fill in, so that most mistakes are caught while typing rather than at
// upload.
func addProgressValidation(f *excelize.File, rows []shuangbai.ProgressRow) error {
	if len(rows) == 0 {
		return nil
	}
	allRange := [][2]int{{firstDataRow, firstDataRow + len(rows) - 1}}
	var counties [][2]int // runs of county rows; the 市本级 row builds no sites
	for i := 0; i < len(rows); i++ {
		if rows[i].CityLevel {
			continue
		}
		j := i
		for j+1 < len(rows) && !rows[j+1].CityLevel {
			j++
		}
		counties = append(counties, [2]int{firstDataRow + i, firstDataRow + j})
		i = j
	}
	sqref := func(runs [][2]int, cols ...int) string {
		var parts []string
		for _, c := range cols {
			for _, r := range runs {
				parts = append(parts, cellName(c, r[0])+":"+cellName(c, r[1]))
			}
		}
		return strings.Join(parts, " ")
	}
	equip := []string{shuangbai.EquipFull.String(), shuangbai.EquipBasic.String(), shuangbai.EquipIncomplete.String()}
	lists := []struct {
		ref  string
		keys []string
	}{
		{sqref(allRange, colPlan), []string{"已出台", "未出台"}},
		{sqref(allRange, colCoord, colManage), []string{"是", "否"}},
		{sqref(counties, colStations+offEquipment, colPoints+offEquipment), equip},
	}
	for _, l := range lists {
		if l.ref == "" {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(l.ref)
		if err := dv.SetDropList(l.keys); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "请从下拉列表中选择："+strings.Join(l.keys, "、"))
		if err := f.AddDataValidation(progressSheet, dv); err != nil {
			return err
		}
	}
	var counts []int
	for _, nc := range numberColumns {
		if nc.col != colTrainings {
			counts = append(counts, nc.col)
		}
	}
	if ref := sqref(counties, counts...); ref != "" {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(ref)
		if err := dv.SetRange(0, maxCount, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "请填写不小于 0 的整数")
		if err := f.AddDataValidation(progressSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// writeProgressMeta writes the very hidden sheet that marks the workbook as
// this template and records what the table is of.
func writeProgressMeta(f *excelize.File, t *shuangbai.ProgressTable) error {
	if _, err := f.NewSheet(metaSheet); err != nil {
		return err
	}
	s := &sheetWriter{f: f, sheet: metaSheet}
	for i, kv := range [][2]string{
		{"template", ProgressTemplate},
		{"region", t.RegionCode},
		{"date", t.Date.String()},
		{"sheet", progressSheet},
	} {
		s.set(1, i+1, kv[0])
		s.set(2, i+1, kv[1])
	}
	if s.err != nil {
		return s.err
	}
	f.SetActiveSheet(0)
	return f.SetSheetVisible(metaSheet, false, true)
}
