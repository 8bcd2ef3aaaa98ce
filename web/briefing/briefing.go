package briefing

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// seriesRow is a series with its issues, as the list shows it.
type seriesRow struct {
	*shuangbai.BriefingSeries
	Issues   []*shuangbai.Briefing
	Editable bool
}

// briefingListPage is the data of briefing/list.html.
type briefingListPage struct {
	Series []seriesRow
	Form   ui.Form
	Editor bool
}

// BriefingList lists the series readable in scope with their issues.
func (h *Handlers) BriefingList(w http.ResponseWriter, r *http.Request) error {
	return h.renderList(w, r, http.StatusOK, url.Values{"date": {h.ui.Today().String()}}, nil)
}

func (h *Handlers) renderList(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) error {
	u, scope := ui.User(r), ui.Scope(r)
	if err := requireRead(u); err != nil {
		return err
	}
	ss, err := h.db.SeriesList(r.Context(), scope)
	if err != nil {
		return err
	}
	p := briefingListPage{Form: ui.NewForm(v, ferr), Editor: u.CanEditBriefing()}
	for _, s := range ss {
		bs, err := h.db.Briefings(r.Context(), scope, store.BriefingFilter{SeriesID: s.ID})
		if err != nil {
			return err
		}
		p.Series = append(p.Series, seriesRow{BriefingSeries: s, Issues: bs, Editable: u.CanEditBriefing() && scope.Contains(s.Region)})
	}
	return h.ui.Render(w, r, status, "briefing/list.html", p)
}

// BriefingCreate starts a draft issue of a series.
func (h *Handlers) BriefingCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	b := &shuangbai.Briefing{Editor: v.Get("editor"), Date: ui.ParseDate(fe, "date", v.Get("date"))}
	b.SeriesID, _ = strconv.ParseInt(v.Get("series_id"), 10, 64)
	err = fe.Err()
	if err == nil {
		err = h.db.CreateBriefing(r.Context(), u, b)
	}
	if err != nil {
		return ui.Saved(w, r, err, func(status int) error { return h.renderList(w, r, status, v, err) }, ui.Done("", ""))
	}
	return ui.Saved(w, r, nil, nil, ui.Done("已新建一期草稿，请编排内容", briefingURL(b.ID)))
}

// option is a choice of a <select>.
type option struct {
	Value int64
	Label string
}

// briefingShowPage is the data of briefing/show.html.
type briefingShowPage struct {
	B        *shuangbai.Briefing
	Content  *shuangbai.BriefingContent
	Issue    template.HTML // the content as printed
	Problems []string
	Editable bool // a draft the user edits
	Editor   bool // the user edits the series
	Form     ui.Form
	News     []option // accepted items not yet published, for the entry form
	Labels   map[int64]string
	Campaign []option
	Towns    []ui.RegionGroup
	Kinds    any
	PDF      bool
}

// BriefingShow shows an issue: a draft with its live content, what stops
// it being published and the editor's forms; a published issue as frozen.
func (h *Handlers) BriefingShow(w http.ResponseWriter, r *http.Request) error {
	b, err := h.briefingOf(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, b, ui.NewForm(url.Values{"date": {b.Date.String()}, "region": {regionOfCity(b.Region)}}, nil))
}

// regionOfCity is the region a progress table of the series is made for:
// the series' own city (or province).
func regionOfCity(code string) string {
	for shuangbai.LevelOf(code) > shuangbai.LevelCity {
		code = shuangbai.ParentCode(code)
	}
	return code
}

func (h *Handlers) renderShow(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Briefing, f ui.Form) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	c, problems, err := h.db.BriefingContent(ctx, scope, b)
	if err != nil {
		return err
	}
	frag, err := report.BriefingFragment(c)
	if err != nil {
		return err
	}
	p := briefingShowPage{B: b, Content: c, Issue: frag, Problems: problems, Form: f, Labels: map[int64]string{}, PDF: h.PDF != nil,
		Editor: u.CanEditBriefing() && scope.Contains(b.Region), Kinds: shuangbai.EntryKinds}
	p.Editable = p.Editor && b.Status == shuangbai.BriefingDraft
	for _, s := range b.Sections {
		for _, e := range s.Entries {
			if e.Kind == shuangbai.EntryNews {
				if n, err := h.db.News(ctx, scope, e.NewsID); err == nil {
					p.Labels[e.NewsID] = n.Title + "（" + n.Status.Label() + "）"
				}
			}
		}
	}
	if p.Editable {
		items, err := h.db.NewsList(ctx, scope, store.NewsFilter{Status: shuangbai.NewsAccepted})
		if err != nil {
			return err
		}
		for _, n := range items {
			if !n.Published {
				p.News = append(p.News, option{n.ID, n.Date.String() + " " + n.Title})
			}
		}
		cs, err := h.db.Campaigns(ctx, scope, store.CampaignFilter{})
		if err != nil {
			return err
		}
		for _, c := range cs {
			p.Campaign = append(p.Campaign, option{c.ID, c.Title})
		}
		if p.Towns, err = h.ui.RegionGroups(ctx, scope, shuangbai.LevelTown, nil, nil); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "briefing/show.html", p)
}

func (h *Handlers) briefingOf(r *http.Request) (*shuangbai.Briefing, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.db.Briefing(r.Context(), ui.Scope(r), id)
}

// change reads the issue of {id} and the form, applies fn to the issue and
// stores it: the end of every editing POST.
func (h *Handlers) change(w http.ResponseWriter, r *http.Request, flash string, fn func(b *shuangbai.Briefing, v url.Values) error) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	b, err := h.briefingOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	err = fn(b, v)
	if err == nil {
		err = h.db.UpdateBriefing(r.Context(), u, b)
	}
	if ui.FieldErrors(err) != nil {
		fresh, ferr := h.briefingOf(r)
		if ferr != nil {
			return ferr
		}
		return h.renderShow(w, r, ui.Status(err), fresh, ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	return ui.Saved(w, r, nil, nil, ui.Done(flash, briefingURL(b.ID)+"#compose"))
}

// BriefingUpdate stores a draft's date and editor.
func (h *Handlers) BriefingUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.change(w, r, "已保存", func(b *shuangbai.Briefing, v url.Values) error {
		fe := shuangbai.FieldErrors{}
		b.Date, b.Editor = ui.ParseDate(fe, "date", v.Get("date")), v.Get("editor")
		return fe.Err()
	})
}

// parseEntry reads an entry from a form or a JSON body's fields.
func parseEntry(v url.Values) (shuangbai.BriefingEntry, error) {
	fe := shuangbai.FieldErrors{}
	e := shuangbai.BriefingEntry{Kind: shuangbai.EntryKind(v.Get("kind")), Region: ui.Trimmed(v, "region")}
	e.NewsID, _ = strconv.ParseInt(v.Get("news_id"), 10, 64)
	e.CampaignID, _ = strconv.ParseInt(v.Get("campaign_id"), 10, 64)
	if e.Kind == shuangbai.EntryOutcomes {
		e.Region = ui.Trimmed(v, "town")
		e.From = ui.ParseDate(fe, "from", v.Get("from"))
	}
	e.Date = ui.ParseDate(fe, "entry_date", v.Get("entry_date"))
	if err := fe.Err(); err != nil {
		return e, err
	}
	if err := e.Validate(); err != nil {
		return e, &shuangbai.Error{Code: shuangbai.EINVALID, Message: shuangbai.ErrorMessage(err), Fields: map[string]string{"entry": shuangbai.ErrorMessage(err)}}
	}
	return e, nil
}

// sectionIndex reads which section a form means.
func sectionIndex(b *shuangbai.Briefing, s string) (int, error) {
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= len(b.Sections) {
		return 0, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请选择栏目", Fields: map[string]string{"section": "请选择栏目"}}
	}
	return i, nil
}

// EntryAdd places a news item or a live block at the end of a section.
func (h *Handlers) EntryAdd(w http.ResponseWriter, r *http.Request) error {
	return h.change(w, r, "已加入", func(b *shuangbai.Briefing, v url.Values) error {
		i, err := sectionIndex(b, v.Get("section"))
		if err != nil {
			return err
		}
		e, err := parseEntry(v)
		if err != nil {
			return err
		}
		b.Sections[i].Entries = append(b.Sections[i].Entries, e)
		return nil
	})
}

// EntryChange removes an entry (action=remove) or moves it within its
// section (up, down).
func (h *Handlers) EntryChange(w http.ResponseWriter, r *http.Request) error {
	return h.change(w, r, "已调整", func(b *shuangbai.Briefing, v url.Values) error {
		i, err := sectionIndex(b, r.PathValue("s"))
		if err != nil {
			return err
		}
		es := b.Sections[i].Entries
		j, err := strconv.Atoi(r.PathValue("e"))
		if err != nil || j < 0 || j >= len(es) {
			return ui.BadRequest("没有这一项")
		}
		switch v.Get("action") {
		case "remove":
			b.Sections[i].Entries = append(es[:j:j], es[j+1:]...)
		case "up":
			if j > 0 {
				es[j-1], es[j] = es[j], es[j-1]
			}
		case "down":
			if j < len(es)-1 {
				es[j+1], es[j] = es[j], es[j+1]
			}
		default:
			return ui.BadRequest("未知的操作")
		}
		return nil
	})
}

// BriefingPublish publishes a draft, or shows again what stops it.
func (h *Handlers) BriefingPublish(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := h.db.PublishBriefing(r.Context(), u, id)
	if ui.FieldErrors(err) != nil {
		cur, ferr := h.briefingOf(r)
		if ferr != nil {
			return ferr
		}
		return h.renderShow(w, r, ui.Status(err), cur, ui.NewForm(nil, err))
	}
	if err != nil {
		return err
	}
	return ui.Saved(w, r, nil, nil, ui.Done(fmt.Sprintf("已印发%d年%s", b.Year, b.NumberLabel()), briefingURL(b.ID)))
}

// BriefingCorrect starts a correction (勘误) of a published issue.
func (h *Handlers) BriefingCorrect(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := h.db.CorrectBriefing(r.Context(), u, id)
	if err != nil {
		return err
	}
	return ui.Saved(w, r, nil, nil, ui.Done("已新建勘误草稿：修改后印发", briefingURL(b.ID)))
}
