package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report/docx"
)

// Station work as the bureaus file it: a supervision visit's record and an
// evaluation round's report as Word documents, and lists as workbooks.

// VisitReport is a supervision visit with the names a reader needs.
type VisitReport struct {
	Visit      *shuangbai.SupervisionVisit
	Place      string // the region's path: 云浮市郁南县都城镇
	Unit       string // who files it: 郁南县民政局
	PrintedOn  shuangbai.Date
	Supervisor string // name with title: 张和清（“双百工程”项目总督导）
}

// VisitDOCX writes a visit's record: who, where, when, how; what was
// heard and advised; the action items with their owners, due days and how
// they were done.
func VisitDOCX(w io.Writer, r *VisitReport) error {
	v := r.Visit
	d := docx.New()
	title := "督导记录：" + v.StationName
	d.Title, d.Author, d.Created = title, r.Unit, r.PrintedOn.Time()
	d.Heading("社工站督导记录")
	place := v.StationName
	if v.PointName != "" {
		place += "（" + v.PointName + "）"
	}
	d.AddTable(docx.Table{Widths: []int{20, 80}, Rows: [][]docx.Cell{
		{{Text: "督导", Bold: true}, {Text: r.Supervisor, Align: docx.Left}},
		{{Text: "社工站（点）", Bold: true}, {Text: place, Align: docx.Left}},
		{{Text: "所在地", Bold: true}, {Text: r.Place, Align: docx.Left}},
		{{Text: "日期", Bold: true}, {Text: v.VisitedOn.Chinese(), Align: docx.Left}},
		{{Text: "形式", Bold: true}, {Text: shuangbai.FormLabels(v.Forms), Align: docx.Left}},
	}})
	d.Subheading("一、了解的情况与议题")
	paragraphs(d, v.Topics)
	d.Subheading("二、指导意见")
	paragraphs(d, v.Advice)
	d.Subheading("三、待办事项")
	itemsTable(d, v.Items)
	d.Signature(r.Unit, r.PrintedOn.Chinese())
	if _, err := d.WriteTo(w); err != nil {
		return fmt.Errorf("report: visit docx: %w", err)
	}
	return nil
}

// paragraphs writes a note as body paragraphs, one per line; an empty
// note as 无.
func paragraphs(d *docx.Document, note string) {
	n := 0
	for _, line := range strings.Split(note, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Text(line)
			n++
		}
	}
	if n == 0 {
		d.Text("无。")
	}
}

// itemsTable writes action items with their owners, due days and closure.
func itemsTable(d *docx.Document, items []shuangbai.ActionItem) {
	if len(items) == 0 {
		d.Text("无。")
		return
	}
	t := docx.Table{Widths: []int{6, 34, 14, 14, 32}, Header: [][]docx.Cell{{{Text: "序号"}, {Text: "事项"}, {Text: "责任人"}, {Text: "完成期限"}, {Text: "完成情况"}}}}
	for i, a := range items {
		done := "未完成"
		if a.Done() {
			done = a.DoneOn.Chinese() + "完成：" + a.DoneNote
		}
		t.Rows = append(t.Rows, []docx.Cell{{Text: fmt.Sprint(i + 1)}, {Text: a.Title, Align: docx.Left}, {Text: a.Owner},
			{Text: a.Due.Chinese()}, {Text: done, Align: docx.Left}})
	}
	d.AddTable(t)
}

// EvaluationReport is a round with its set, as one bureau sees it.
type EvaluationReport struct {
	Round     *shuangbai.EvaluationRound
	Set       *shuangbai.IndicatorSet
	Unit      string
	PrintedOn shuangbai.Date
}

// EvaluationDOCX writes a round's report on A4 landscape: who evaluated,
// when and how; the score table (each indicator with its weight and
// maximum, each station's scores and weighted total); then each station's
// findings, evidence, the figures computed from its records and its
// rectification items; and the overall findings.
func EvaluationDOCX(w io.Writer, r *EvaluationReport) error {
	round, set := r.Round, r.Set
	d := docx.New()
	d.Landscape = true
	d.Title, d.Author, d.Created = round.Title, r.Unit, r.PrintedOn.Time()
	d.Heading(round.Title)
	d.Text(fmt.Sprintf("%s，%s对%d个社工站开展监测评估%s。指标体系：%s。", round.HeldOn.Chinese(), round.Evaluators, len(round.Stations),
		parenthesised("评估方式："+round.Methods, round.Methods != ""), set.Name))
	d.Subheading("一、评分")
	t := docx.Table{Widths: []int{18}}
	head := []docx.Cell{{Text: "社工站"}}
	for _, x := range set.Indicators {
		t.Widths = append(t.Widths, 10)
		head = append(head, docx.Cell{Text: fmt.Sprintf("%s\n（权重%d%%，满分%s）", x.Name, x.Weight, x.Max)})
	}
	t.Widths = append(t.Widths, 9)
	head = append(head, docx.Cell{Text: "加权得分"})
	t.Header = [][]docx.Cell{head}
	for _, st := range round.Stations {
		row := []docx.Cell{{Text: st.StationName, Align: docx.Left}}
		for _, x := range set.Indicators {
			row = append(row, docx.Cell{Text: dash(st.Scores[x.ID].Score.String())})
		}
		total, complete := set.Total(st.Scores)
		text := total.String()
		if !complete {
			text += "（未评完）"
		}
		row = append(row, docx.Cell{Text: text, Bold: true})
		t.Rows = append(t.Rows, row)
	}
	d.AddTable(t)
	d.Subheading("二、各站评估情况")
	for i, st := range round.Stations {
		d.Add(docx.Paragraph{Text: fmt.Sprintf("（%d）%s", i+1, st.StationName), Bold: true, Indent: true})
		paragraphs(d, st.Findings)
		for _, x := range set.Indicators {
			sc := st.Scores[x.ID]
			line := ""
			if sc.Evidence != "" {
				line = "评分依据：" + sc.Evidence
			}
			if x.Computed != shuangbai.CompleteNone {
				line += parenthesised("系统计算 "+st.Figures.Evidence(x.Computed), true)
			}
			if line != "" {
				d.Text(x.Name + "：" + line)
			}
		}
		if len(st.Items) > 0 {
			d.Text("整改事项：")
			itemsTable(d, st.Items)
		}
	}
	d.Subheading("三、总体意见")
	paragraphs(d, round.Findings)
	d.Signature(r.Unit, r.PrintedOn.Chinese())
	if _, err := d.WriteTo(w); err != nil {
		return fmt.Errorf("report: evaluation docx: %w", err)
	}
	return nil
}

func parenthesised(s string, ok bool) string {
	if !ok {
		return ""
	}
	return "（" + s + "）"
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ListSheet is a list for a workbook: a title row, a bold header row and
// the rows, text cells made safe.
type ListSheet struct {
	Sheet  string
	Title  string
	Header []string
	Widths []float64
	Rows   [][]any // string, int, float64 or nil
}

// ListXLSX writes a list as a workbook of one sheet, the header repeated
// on every printed page.
func ListXLSX(w io.Writer, l *ListSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheetWriter{f: f, sheet: l.Sheet}
	s.check(f.SetDefaultFont("宋体"))
	s.check(f.SetSheetName("Sheet1", l.Sheet))
	st := newProgressStyles(s)
	last := len(l.Header)
	for i, wd := range l.Widths {
		s.width(i+1, i+1, wd)
	}
	s.set(1, 1, SafeCell(l.Title))
	s.merge(1, 1, last, 1)
	s.style(1, 1, last, 1, st.title)
	s.height(1, 30)
	for i, h := range l.Header {
		s.set(i+1, 2, h)
	}
	s.style(1, 2, last, 2, st.head)
	for i, row := range l.Rows {
		for j, v := range row {
			if t, ok := v.(string); ok {
				v = SafeCell(t)
			}
			s.set(j+1, i+3, v)
		}
	}
	if len(l.Rows) > 0 {
		s.style(1, 3, last, len(l.Rows)+2, st.cell)
	}
	if s.err == nil {
		s.check(printSetup(f, l.Sheet, 2, 2, last, len(l.Rows)+2))
	}
	if s.err != nil {
		return fmt.Errorf("report: list xlsx: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: list xlsx: %w", err)
	}
	return nil
}
