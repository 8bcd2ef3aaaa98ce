package report

import (
	"fmt"
	"io"
	"strconv"

	"shuangbai"
	"shuangbai/report/docx"
)

// PlanDOCX writes a station's plan as a Word document: the community, the
// problems with their goals and strategies, the asset inventory, and the
// targets with their progress as of asOf — the page a station hands its
// supervisor or files with the county.
func PlanDOCX(w io.Writer, p *shuangbai.Plan, place string, asOf shuangbai.Date) error {
	d := docx.New()
	d.Title = fmt.Sprintf("%s%d年度服务计划", p.StationName, p.Year)
	d.Author = p.StationName
	d.Created = asOf.Time()
	d.Heading(d.Title)
	meta := place
	if p.Template != "" {
		meta += "　计划模板：" + p.Template
	}
	d.Add(docx.Paragraph{Text: meta, Align: docx.Center, Size: docx.Size4, After: 8})
	if p.Summary != "" {
		d.Subheading("一、社区概况")
		d.Text(p.Summary)
	}
	d.Subheading("二、社区问题与介入目标")
	goals := docx.Table{Widths: []int{2, 6, 6, 7}, Header: [][]docx.Cell{{{Text: "序号"}, {Text: "社区问题"}, {Text: "介入目标"}, {Text: "介入策略"}}}}
	for i, g := range p.Goals {
		goals.Rows = append(goals.Rows, []docx.Cell{{Text: "目标" + strconv.Itoa(i+1)}, {Text: g.Problem, Align: docx.Left},
			{Text: g.Goal, Align: docx.Left}, {Text: g.Strategy, Align: docx.Left}})
	}
	d.AddTable(goals)
	d.Subheading("三、社区资产盘点")
	if len(p.Assets) == 0 {
		d.Text("（未填写）")
	} else {
		assets := docx.Table{Widths: []int{2, 6, 8}, Header: [][]docx.Cell{{{Text: "类别"}, {Text: "名称"}, {Text: "说明"}}}}
		for _, a := range p.Assets {
			assets.Rows = append(assets.Rows, []docx.Cell{{Text: a.Kind.Label()}, {Text: a.Name, Align: docx.Left}, {Text: a.Note, Align: docx.Left}})
		}
		d.AddTable(assets)
	}
	d.Subheading("四、指标与完成情况（统计至" + asOf.Chinese() + "）")
	targets := docx.Table{Widths: []int{5, 2, 4, 2, 2, 2, 2, 3},
		Header: [][]docx.Cell{{{Text: "指标"}, {Text: "目标"}, {Text: "统计口径"}, {Text: "目标值"}, {Text: "应完成"}, {Text: "已完成"}, {Text: "进度"}, {Text: "完成时间"}}}}
	for _, t := range p.Targets {
		goal := "全站"
		if t.Goal > 0 {
			goal = "目标" + strconv.Itoa(t.Goal)
		}
		progress := strconv.Itoa(t.Percent()) + "%"
		if t.Behind() {
			progress += " 落后"
		}
		due := ""
		if !t.Due.IsZero() {
			due = t.Due.String()
		}
		targets.Rows = append(targets.Rows, []docx.Cell{{Text: t.Label, Align: docx.Left}, {Text: goal}, {Text: t.Measure.Label()},
			{Text: strconv.Itoa(t.Target)}, {Text: strconv.Itoa(t.Expected)}, {Text: strconv.Itoa(t.Done)}, {Text: progress}, {Text: due}})
	}
	d.AddTable(targets)
	d.Signature(p.StationName, asOf.Chinese())
	if _, err := d.WriteTo(w); err != nil {
		return fmt.Errorf("report: plan docx: %w", err)
	}
	return nil
}
