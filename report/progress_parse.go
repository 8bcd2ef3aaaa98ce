package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// Limits on what the progress table may hold.
const (
	maxSheetRows    = 200       // more than any city's counties plus the header and notes
	maxCount        = 1_000_000 // no county builds a million sites
	maxFundingRunes = 500
)

// Problem is one thing wrong in an uploaded sheet, pointing at the cell the
// user should fix.
type Problem struct {
	Sheet   string
	Row     int    // 1-based row of the sheet, as Excel numbers it
	Column  string // column letter and header, e.g. "D 已完成社工站数量"
	Message string
}

// String formats p for a list shown to the user:
// 进度情况一览表 第6行 D 已完成社工站数量：……
func (p Problem) String() string {
	return fmt.Sprintf("%s 第%d行 %s：%s", p.Sheet, p.Row, p.Column, p.Message)
}

// ProgressSheet is a progress table read back from a filled-in copy of
// ProgressXLSX. Rows holds one entry per data row, the 市本级 row included,
// with the region code and name as read: matching them to regions is the
// caller's business. A cell that could not be read is left at its zero value
// and has an entry in Problems.
type ProgressSheet struct {
	RegionCode string         // the region the template was exported for
	Date       shuangbai.Date // the as-of date the template was exported for
	Unit       string         // 制表单位 as typed
	Rows       []shuangbai.ProgressRow
	RowNumbers []int      // the sheet row of each entry of Rows
	Cells      [][]string // the text of columns A–P of each entry of Rows, as typed
	TypedTotal *shuangbai.ProgressRow
	Problems   []Problem
}

// ParseProgressXLSX reads a progress table exported by ProgressXLSX and filled
// in by a user. size is the upload's length if known, or -1. It refuses, with
// an EINVALID *shuangbai.Error, a file that is too large, is not an XLSX
// file, is encrypted, or is not a copy of the current template. Otherwise it
// checks every cell and reports what is wrong as Problems; a typed 合计 is
// checked against the sum of the rows, never taken.
func ParseProgressXLSX(r io.Reader, size int64) (*ProgressSheet, error) {
	f, err := openUpload(r, size)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	meta, err := readProgressMeta(f)
	if err != nil {
		return nil, err
	}
	sheet := progressSheetName(f, meta["sheet"])
	if sheet == "" {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件中找不到进度表工作表，请使用系统导出的模板填写")
	}
	grid, err := readGrid(f, sheet, maxSheetRows, func(num int, cells []string) bool {
		return num >= firstDataRow && strings.HasPrefix(cellAt(cells, colRegion), "备注")
	})
	if err != nil {
		return nil, err
	}
	if err := checkProgressHeader(grid); err != nil {
		return nil, err
	}
	out := &ProgressSheet{RegionCode: meta["region"]}
	if out.Date, err = shuangbai.ParseDate(meta["date"]); err != nil {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "模板标记已损坏（日期无法识别），请重新下载模板填写")
	}
	p := &progressParser{sheet: sheet, out: out, bad: map[int]bool{}}
	p.parse(grid)
	return out, nil
}

// readProgressMeta reads the key-value pairs of the meta sheet and checks the
// template marker.
func readProgressMeta(f *excelize.File) (map[string]string, error) {
	missing := shuangbai.Errorf(shuangbai.EINVALID, "这不是本系统导出的进度表模板（缺少模板标记），请先下载模板，在模板中填写后上传")
	if idx, _ := f.GetSheetIndex(metaSheet); idx < 0 {
		return nil, missing
	}
	grid, err := readGrid(f, metaSheet, 20, nil)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{}
	for _, g := range grid {
		meta[cellAt(g.cells, 1)] = cellAt(g.cells, 2)
	}
	switch v, ok := meta["template"]; {
	case !ok:
		return nil, missing
	case v != ProgressTemplate:
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "模板版本不符（文件为 %q，当前为 %q），请重新下载模板填写", v, ProgressTemplate)
	}
	return meta, nil
}

// progressSheetName returns the sheet the meta sheet names, or, if the user
// renamed it, the first other sheet.
func progressSheetName(f *excelize.File, want string) string {
	var first string
	for _, name := range f.GetSheetList() {
		if name == want {
			return name
		}
		if first == "" && name != metaSheet {
			first = name
		}
	}
	return first
}

// checkProgressHeader refuses a sheet whose header rows differ from the
// template's: with a column inserted or moved, every later value would land
// in the wrong field.
func checkProgressHeader(grid []gridRow) error {
	head := map[int][]string{}
	for _, g := range grid {
		if g.num == headRow || g.num == headRow+1 {
			head[g.num] = g.cells
		}
	}
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	check := func(row, col int, want string) error {
		if got := squeeze(cellAt(head[row], col)); got != want {
			return shuangbai.Errorf(shuangbai.EINVALID, "表头与模板不符：%s 应为“%s”。请勿增删或移动列，使用系统导出的模板填写", cellName(col, row), want)
		}
		return nil
	}
	for i, c := range shuangbai.ProgressColumns {
		row, want := headRow, c.Name
		if c.Group != "" {
			row = headRow + 1
		}
		if err := check(row, i+1, want); err != nil {
			return err
		}
	}
	for _, g := range []int{colStations, colPoints} {
		if err := check(headRow, g, shuangbai.ProgressColumns[g-1].Group); err != nil {
			return err
		}
	}
	return nil
}

// progressParser turns the data rows of a sheet into a ProgressSheet.
type progressParser struct {
	sheet string
	out   *ProgressSheet
	bad   map[int]bool // columns with an unreadable number: their 合计 is not checked
}

func (p *progressParser) problem(row, col int, format string, args ...any) {
	p.out.Problems = append(p.out.Problems, Problem{
		Sheet:   p.sheet,
		Row:     row,
		Column:  colName(col) + " " + shuangbai.ProgressColumns[col-1].Name,
		Message: fmt.Sprintf(format, args...),
	})
}

func (p *progressParser) parse(grid []gridRow) {
	typed := map[int]bool{} // the 合计 cells that were filled in
	for _, g := range grid {
		switch {
		case g.num == 2:
			unit := cellAt(g.cells, colRegion)
			for _, prefix := range []string{"制表单位：", "制表单位:"} {
				unit = strings.TrimPrefix(unit, prefix)
			}
			p.out.Unit = unsafeCell(strings.TrimSpace(unit))
			continue
		case g.num < firstDataRow:
			continue
		}
		switch rowKind(g.cells) {
		case kindTotal:
			if p.out.TypedTotal != nil {
				p.problem(g.num, colRegion, "合计行重复，只应有一行合计")
				continue
			}
			p.out.TypedTotal = p.parseTotal(g, typed)
		case kindSelf:
			p.addRow(g, p.parseRow(g, true))
		default:
			p.addRow(g, p.parseRow(g, false))
		}
	}
	if p.out.TypedTotal == nil {
		return
	}
	sum := shuangbai.ProgressTotal(p.out.Rows)
	for _, nc := range numberColumns {
		if got, want := *nc.get(p.out.TypedTotal), *nc.get(&sum); typed[nc.col] && !p.bad[nc.col] && got != want {
			p.problem(p.totalRow(grid), nc.col, "合计与各行之和不符：填写 %d，应为 %d", got, want)
		}
	}
}

func (p *progressParser) totalRow(grid []gridRow) int {
	for _, g := range grid {
		if g.num >= firstDataRow && rowKind(g.cells) == kindTotal {
			return g.num
		}
	}
	return 0
}

func (p *progressParser) addRow(g gridRow, r shuangbai.ProgressRow) {
	cells := make([]string, colLast)
	copy(cells, g.cells)
	p.out.Rows = append(p.out.Rows, r)
	p.out.RowNumbers = append(p.out.RowNumbers, g.num)
	p.out.Cells = append(p.out.Cells, cells)
}

// rowKind reads the hidden kind column, falling back on the name for a row
// the user added by hand.
func rowKind(cells []string) string {
	switch k := cellAt(cells, colKind); k {
	case kindCounty, kindSelf, kindTotal:
		return k
	}
	name := cellAt(cells, colRegion)
	switch {
	case name == "合计" || name == "总计":
		return kindTotal
	case strings.HasSuffix(name, "本级"):
		return kindSelf
	}
	return kindCounty
}

// parseRow reads a county row, or the 市本级 row when self is true.
func (p *progressParser) parseRow(g gridRow, self bool) shuangbai.ProgressRow {
	at := func(col int) string { return cellAt(g.cells, col) }
	r := shuangbai.ProgressRow{
		Code:      at(colCode),
		Name:      unsafeCell(at(colRegion)),
		CityLevel: self,
	}
	if r.Name == "" && r.Code == "" {
		p.problem(g.num, colRegion, "请填写县（市、区）名称")
	}
	r.PlanIssued = p.choice(g.num, colPlan, at(colPlan), "已出台", "未出台")
	r.Coordination = p.choice(g.num, colCoord, at(colCoord), "是", "否")
	r.Management = p.choice(g.num, colManage, at(colManage), "是", "否")
	r.Funding = unsafeCell(at(colFunding))
	if utf8.RuneCountInString(r.Funding) > maxFundingRunes {
		p.problem(g.num, colFunding, "内容过长，最多 %d 字", maxFundingRunes)
	}
	r.Trainings, _ = p.count(g.num, colTrainings, at(colTrainings))

	for _, site := range []struct {
		col int
		c   *shuangbai.SiteCounts
	}{{colStations, &r.Stations}, {colPoints, &r.Points}} {
		if self {
			for col := site.col; col <= site.col+offStaff; col++ {
				if v := at(col); v != "" && v != "0" {
					p.problem(g.num, col, "本级不建社工站（点），此格应留空")
				}
			}
			continue
		}
		var okReq, okBuilt, okOffice bool
		site.c.Required, okReq = p.count(g.num, site.col+offRequired, at(site.col+offRequired))
		site.c.Built, okBuilt = p.count(g.num, site.col+offBuilt, at(site.col+offBuilt))
		site.c.Office, okOffice = p.count(g.num, site.col+offOffice, at(site.col+offOffice))
		site.c.Staff, _ = p.count(g.num, site.col+offStaff, at(site.col+offStaff))
		eq, ok := shuangbai.ParseEquipmentClass(at(site.col + offEquipment))
		if !ok {
			p.problem(g.num, site.col+offEquipment, "应填写 全部配备、基本配备 或 未配备齐全（或留空），不能填“%s”", at(site.col+offEquipment))
		}
		site.c.Equipment = eq
		if okReq && okBuilt && site.c.Built > site.c.Required {
			p.problem(g.num, site.col+offBuilt, "已完成数量 %d 大于应建数量 %d", site.c.Built, site.c.Required)
		}
		if okBuilt && okOffice && site.c.Office > site.c.Built {
			p.problem(g.num, site.col+offOffice, "落实办公场所数量 %d 大于已完成数量 %d", site.c.Office, site.c.Built)
		}
	}
	return r
}

// parseTotal reads the numbers of a typed 合计 row, noting in typed which
// cells were filled in.
func (p *progressParser) parseTotal(g gridRow, typed map[int]bool) *shuangbai.ProgressRow {
	t := &shuangbai.ProgressRow{Code: cellAt(g.cells, colCode), Name: cellAt(g.cells, colRegion)}
	for _, nc := range numberColumns {
		s := cellAt(g.cells, nc.col)
		if s == "" {
			continue
		}
		n, msg := parseCount(s, nc.col == colTrainings)
		if msg != "" {
			p.problem(g.num, nc.col, "%s", msg)
			continue
		}
		*nc.get(t) = n
		typed[nc.col] = true
	}
	return t
}

// choice reads a cell that must hold one of two words, yes or no.
func (p *progressParser) choice(row, col int, s, yes, no string) bool {
	switch s {
	case yes:
		return true
	case no:
		return false
	case "":
		p.problem(row, col, "请填写 %s 或 %s", yes, no)
	default:
		p.problem(row, col, "应填写 %s 或 %s，不能填“%s”", yes, no, s)
	}
	return false
}

// count reads a count cell, reporting a problem if it is not one.
func (p *progressParser) count(row, col int, s string) (int, bool) {
	n, msg := parseCount(s, col == colTrainings)
	if msg != "" {
		p.problem(row, col, "%s", msg)
		p.bad[col] = true
		return 0, false
	}
	return n, true
}

// parseCount reads a whole number ≥ 0, accepting full-width digits (typed
// with a Chinese input method on), a number Excel shows as 8.0 and, for a
// number of times, a trailing 次. It returns the message to show when s is
// not such a number.
func parseCount(s string, times bool) (int, string) {
	t := strings.TrimSpace(s)
	if times {
		t = strings.TrimSpace(strings.TrimSuffix(t, "次"))
	}
	t = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '－':
			return '-'
		}
		return r
	}, t)
	if t == "" {
		return 0, "请填写数字，没有请填 0"
	}
	f, err := strconv.ParseFloat(t, 64)
	switch {
	case err != nil:
		return 0, fmt.Sprintf("应填写整数，不能填“%s”", s)
	case f < 0:
		return 0, fmt.Sprintf("不能为负数（填写的是 %s）", s)
	case f != float64(int64(f)):
		return 0, fmt.Sprintf("应填写整数，不能填 %s", s)
	case f > maxCount:
		return 0, fmt.Sprintf("数字过大（%s），请检查", s)
	}
	return int(f), ""
}
