package briefing

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/web/ui"
)

// BriefingExport writes an issue as ?format=docx (the default), html or
// pdf: a draft as it stands now, a published issue as it was frozen.
func (h *Handlers) BriefingExport(w http.ResponseWriter, r *http.Request) error {
	b, err := h.briefingOf(r)
	if err != nil {
		return err
	}
	c, _, err := h.db.BriefingContent(r.Context(), ui.Scope(r), b)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s（%d年%s）", c.Series, c.Year, c.Number)
	if b.Status == shuangbai.BriefingDraft {
		name = c.Series + "（草稿）"
	}
	var buf bytes.Buffer
	var typ, ext string
	switch f := r.URL.Query().Get("format"); f {
	case "", "docx":
		typ, ext = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
		err = report.WriteBriefingDOCX(&buf, c)
	case "html":
		// A document of its own: its styles inline, no script, nothing
		// loaded from elsewhere.
		typ = "text/html; charset=utf-8"
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
		err = report.BriefingHTML(&buf, c)
	case "pdf":
		if h.PDF == nil {
			return shuangbai.Errorf(shuangbai.EINVALID, "PDF 导出尚未开通，请先导出 Word")
		}
		typ, ext = "application/pdf", ".pdf"
		err = h.PDF(&buf, report.BriefingDocument(c))
	default:
		return ui.BadRequest("format 只能是 docx、pdf 或 html")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", typ)
	if ext != "" {
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name+ext))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = buf.WriteTo(w)
	return err
}

// seriesPage is the data of briefing/series.html.
type seriesPage struct {
	S    *shuangbai.BriefingSeries
	Form ui.Form
}

// seriesValues writes a series into its form: the sections and each part
// of the distribution list one a line.
func seriesValues(s *shuangbai.BriefingSeries) url.Values {
	v := url.Values{"name": {s.Name}, "masthead": {s.Masthead}, "office": {s.Office}, "sections": {strings.Join(s.Sections, "\n")}}
	lists := map[string][]string{}
	for _, r := range s.Recipients {
		k := string(r.Group) + "_bodies"
		if r.Person {
			k = string(r.Group) + "_people"
		}
		lists[k] = append(lists[k], r.Name)
	}
	for k, l := range lists {
		v.Set(k, strings.Join(l, "\n"))
	}
	return v
}

// SeriesEdit shows a series' form: names, sections, distribution list.
func (h *Handlers) SeriesEdit(w http.ResponseWriter, r *http.Request) error {
	if err := requireEditor(ui.User(r)); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	s, err := h.db.Series(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "briefing/series.html", seriesPage{S: s, Form: ui.NewForm(seriesValues(s), nil)})
}

// SeriesUpdate stores a series' form.
func (h *Handlers) SeriesUpdate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	s, err := h.db.Series(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	s.Name, s.Masthead, s.Office, s.Sections, s.Recipients = v.Get("name"), v.Get("masthead"), v.Get("office"), shuangbai.SplitParagraphs(v.Get("sections")), nil
	for _, g := range []shuangbai.RecipientGroup{shuangbai.SendTo, shuangbai.CopyTo} {
		for _, person := range []bool{true, false} {
			k := string(g) + "_bodies"
			if person {
				k = string(g) + "_people"
			}
			for _, name := range shuangbai.SplitParagraphs(v.Get(k)) {
				s.Recipients = append(s.Recipients, shuangbai.Recipient{Group: g, Person: person, Name: name})
			}
		}
	}
	err = h.db.UpdateSeries(r.Context(), u, s)
	return ui.Saved(w, r, err, func(status int) error {
		return h.ui.Render(w, r, status, "briefing/series.html", seriesPage{S: s, Form: ui.NewForm(v, err)})
	}, ui.Done("已保存简报设置", "/briefings"))
}
