package plan

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// PlanDOCX sends a plan with its progress as a Word document.
func (h *Handlers) PlanDOCX(w http.ResponseWriter, r *http.Request) error {
	p, asOf, err := h.planOf(r)
	if err != nil {
		return err
	}
	paths, err := h.ui.RegionPaths(r.Context(), []string{p.Region})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.PlanDOCX(&buf, p, paths[p.Region], asOf); err != nil {
		return err
	}
	name := p.StationName + strconv.Itoa(p.Year) + "年度计划.docx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="plan-`+strconv.FormatInt(p.ID, 10)+`.docx"; filename*=UTF-8''`+url.PathEscape(name))
	_, err = buf.WriteTo(w)
	return err
}

var listColumns = []report.Column{
	report.Col("年度", 6, report.Number), report.Col("社工站", 22, report.Text), report.Col("区划代码", 12, report.ID),
	report.Col("所在区划", 30, report.Text), report.Col("模板", 10, report.Text), report.Col("指标", 24, report.Text),
	report.Col("统计口径", 14, report.Text), report.Col("目标值", 8, report.Number), report.Col("应完成", 8, report.Number),
	report.Col("已完成", 8, report.Number), report.Col("进度（%）", 9, report.Number), report.Col("完成时间", 12, report.Date),
}

// PlanListXLSX exports the plans of the list (?region, ?year) with each
// target's progress today: one row a target.
func (h *Handlers) PlanListXLSX(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	year, err := yearParam(q, 0)
	if err != nil {
		return err
	}
	t := &report.Table{Sheet: "站点计划", File: "plans", Freeze: 2, Cols: listColumns}
	today := h.ui.Today()
	for offset := 0; ; offset += 500 {
		plans, total, err := h.db.Plans(r.Context(), scope, store.PlanFilter{Year: year, Limit: 500, Offset: offset})
		if err != nil {
			return err
		}
		codes := make([]string, len(plans))
		for i, p := range plans {
			codes[i] = p.Region
		}
		paths, err := h.ui.RegionPaths(r.Context(), codes)
		if err != nil {
			return err
		}
		for _, head := range plans {
			p, err := h.db.PlanProgress(r.Context(), scope, head.ID, today)
			if err != nil {
				return err
			}
			for _, x := range p.Targets {
				t.Rows = append(t.Rows, []any{p.Year, p.StationName, p.Region, paths[p.Region], p.Template, x.Label,
					x.Measure.Label(), x.Target, x.Expected, x.Done, x.Percent(), x.Due})
			}
		}
		if offset+500 >= total {
			break
		}
	}
	return ui.SendTable(w, t, "xlsx", today)
}
