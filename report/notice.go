package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report/docx"
)

// Notice is the public notice (公示) of the people a campaign proposes to
// hire, as the bureau publishes it.
type Notice struct {
	Campaign *shuangbai.Campaign
	Unit     string         // the organising bureau: 云浮市民政局
	Date     shuangbai.Date // the day it is published
	Rows     []NoticeRow    // by county and post, in rank order
}

// NoticeRow is one person on the notice list.
type NoticeRow struct {
	County    string // the post's county, by name
	Post      shuangbai.Post
	Applicant *shuangbai.Applicant // name, gender, education, 准考证号 and scores; no ID or phone number
	Composite shuangbai.Composite
	Rank      int
}

// Title is the notice's heading.
func (n *Notice) Title() string { return n.Campaign.Title + "拟聘用人员名单公示" }

// Intro is the notice's paragraph: what the list is, for how long, and
// where to object.
func (n *Notice) Intro() string {
	c := n.Campaign
	steps := "报名、资格审核、笔试、面试、体检"
	if !c.HasWritten() {
		steps = "报名、资格审核、面试、体检"
	}
	s := fmt.Sprintf("根据%s工作安排，经%s等程序，现将拟聘用人员名单予以公示（共 %d 人）。", c.Title, steps, len(n.Rows))
	if !c.NoticeFrom.IsZero() && !c.NoticeTo.IsZero() {
		s += fmt.Sprintf("公示期为%s至%s。", c.NoticeFrom.Chinese(), c.NoticeTo.Chinese())
	}
	return s + "公示期间，如对公示人员有异议，请以书面形式实名向" + n.Unit + "反映。综合成绩按笔试成绩占" +
		strconv.Itoa(c.WrittenWeight) + "%、面试成绩占" + strconv.Itoa(c.InterviewWeight()) + "%计算。"
}

// noticeColumns are the table's columns; the three scores share a
// heading.
var noticeColumns = []struct {
	name  string
	width int
}{
	{"序号", 6}, {"县（市、区）", 12}, {"岗位代码", 11}, {"岗位名称", 22}, {"准考证号", 13}, {"姓名", 9}, {"性别", 6},
	{"学历", 11}, {"笔试", 8}, {"面试", 8}, {"综合", 8}, {"排名", 6},
}

const noticeScoreCol = 8 // 0-based: 笔试

// noticeCells returns the cells of row i (0-based) of the notice table.
func noticeCells(i int, r NoticeRow) []string {
	a := r.Applicant
	return []string{strconv.Itoa(i + 1), r.County, r.Post.Code, r.Post.Title, a.Number, a.Name, a.Gender,
		a.Education.Label(), a.Written.String(), a.Interview.String(), r.Composite.String(), strconv.Itoa(r.Rank)}
}

// NoticeDOCX writes the notice as a Word document on A4 landscape: the
// title, the paragraph, the list with each county's cell merged over its
// rows, and the bureau and date.
func NoticeDOCX(w io.Writer, n *Notice) error {
	d := docx.New()
	d.Landscape = true
	d.Title, d.Author = n.Title(), n.Unit
	d.Created = n.Date.Time()
	d.Heading(n.Title())
	d.Text(n.Intro())
	t := docx.Table{Widths: make([]int, len(noticeColumns))}
	top := make([]docx.Cell, 0, len(noticeColumns))
	sub := make([]docx.Cell, 0, len(noticeColumns))
	for i, c := range noticeColumns {
		t.Widths[i] = c.width
		switch {
		case i == noticeScoreCol:
			top = append(top, docx.Cell{Text: "成绩", Span: 3})
			sub = append(sub, docx.Cell{Text: c.name})
		case i > noticeScoreCol && i < noticeScoreCol+3:
			sub = append(sub, docx.Cell{Text: c.name})
		default:
			top = append(top, docx.Cell{Text: c.name, MergeDown: true})
			sub = append(sub, docx.Cell{Merged: true})
		}
	}
	t.Header = [][]docx.Cell{top, sub}
	for i, r := range n.Rows {
		row := make([]docx.Cell, 0, len(noticeColumns))
		for j, text := range noticeCells(i, r) {
			c := docx.Cell{Text: text}
			if j == 1 { // the county, merged over its rows
				first := i == 0 || n.Rows[i-1].County != r.County
				last := i == len(n.Rows)-1 || n.Rows[i+1].County != r.County
				c.MergeDown = first && !last
				c.Merged = !first
			}
			if j == 3 {
				c.Align = docx.Left
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	d.AddTable(t)
	d.Signature(n.Unit, n.Date.Chinese())
	if _, err := d.WriteTo(w); err != nil {
		return fmt.Errorf("report: notice docx: %w", err)
	}
	return nil
}

const noticeSheet = "公示名单"

// NoticeXLSX writes the notice as a workbook: the title and paragraph
// above the list, the two-row header repeated on every printed page, A4
// landscape one page wide. Text from users goes through SafeCell.
func NoticeXLSX(w io.Writer, n *Notice) error {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f, sheet: noticeSheet}
	s.check(f.SetDefaultFont("宋体"))
	s.check(f.SetSheetName("Sheet1", noticeSheet))
	st := newProgressStyles(s)
	last := len(noticeColumns)
	width := 0.0
	for i, c := range noticeColumns {
		s.width(i+1, i+1, float64(c.width)*1.3)
		width += float64(c.width) * 1.3
	}
	s.set(1, 1, n.Title())
	s.merge(1, 1, last, 1)
	s.style(1, 1, last, 1, st.title)
	s.height(1, 36)
	s.set(1, 2, n.Intro())
	s.merge(1, 2, last, 2)
	s.style(1, 2, last, 2, st.note)
	s.height(2, float64(wrappedLines(n.Intro(), width))*lineHeight+8)
	const head = 3
	s.style(1, head, last, head+1, st.head)
	for i, c := range noticeColumns {
		col := i + 1
		if i >= noticeScoreCol && i < noticeScoreCol+3 {
			s.set(col, head+1, c.name)
			continue
		}
		s.set(col, head, c.name)
		s.merge(col, head, col, head+1)
	}
	s.set(noticeScoreCol+1, head, "成绩")
	s.merge(noticeScoreCol+1, head, noticeScoreCol+3, head)
	row := head + 2
	if len(n.Rows) > 0 {
		s.style(1, row, last, row+len(n.Rows)-1, st.cell)
	}
	for i, r := range n.Rows {
		cells := noticeCells(i, r)
		for j, text := range cells {
			var v any = SafeCell(text)
			switch {
			case j == 0:
				v = i + 1
			case j == len(cells)-1:
				v = r.Rank
			case j >= noticeScoreCol && j < noticeScoreCol+3 && text == "":
				v = nil
			case j >= noticeScoreCol && j < noticeScoreCol+3:
				v, _ = strconv.ParseFloat(text, 64) // scores as numbers, so they sum and sort
			}
			s.set(j+1, row, v)
		}
		row++
	}
	s.set(1, row+1, n.Unit+"　"+n.Date.Chinese())
	s.merge(1, row+1, last, row+1)
	s.style(1, row+1, last, row+1, st.date)
	if s.err == nil {
		s.check(printSetup(f, noticeSheet, head, head+1, last, row+1))
	}
	if s.err != nil {
		return fmt.Errorf("report: notice xlsx: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: notice xlsx: %w", err)
	}
	return nil
}

// printSetup prints a sheet on A4 landscape one page wide, repeating the
// header rows from head1 to head2 on every page.
func printSetup(f *excelize.File, sheet string, head1, head2, lastCol, lastRow int) error {
	size, orient := 9, "landscape"
	fitW, fitH := 1, 0
	yes := true
	quoted := "'" + sheet + "'"
	for _, err := range []error{
		f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}),
		f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}),
		f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C&\"宋体\"&10第 &P 页，共 &N 页"}),
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("%s!$%d:$%d", quoted, head1, head2)}),
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheet,
			RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", quoted, colName(lastCol), lastRow)}),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
