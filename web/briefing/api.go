package briefing

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The JSON API of news and briefings. Bodies go through the pages'
// parsers, so both accept and refuse the same input.

type newsJSON struct {
	ID        int64     `json:"id"`
	Region    string    `json:"region"`
	Title     string    `json:"title"`
	Date      *string   `json:"date"`
	Place     string    `json:"place"`
	Body      string    `json:"body,omitempty"`
	Tags      []string  `json:"tags"`
	Status    string    `json:"status"`
	Comment   string    `json:"comment,omitempty"`
	Version   int       `json:"version"`
	Published bool      `json:"published"`
	CreatedBy string    `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
	Photos    []int64   `json:"photos,omitempty"`
}

func newsOut(n *shuangbai.NewsItem, body bool) newsJSON {
	out := newsJSON{ID: n.ID, Region: n.Region, Title: n.Title, Date: ui.DateJSON(n.Date), Place: n.Place, Tags: n.Tags, Status: string(n.Status),
		Comment: n.Comment, Version: n.Version, Published: n.Published, CreatedBy: n.CreatedBy, UpdatedAt: n.UpdatedAt}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if body {
		out.Body = n.Body
	}
	for _, p := range n.Photos {
		out.Photos = append(out.Photos, p.ID)
	}
	return out
}

// APINewsList lists the items readable in scope; ?status= narrows them.
func (h *Handlers) APINewsList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	st := shuangbai.NewsStatus(r.URL.Query().Get("status"))
	if st != "" && !st.Valid() {
		return ui.BadRequest("未知的状态 %q", st)
	}
	items, err := h.db.NewsList(r.Context(), ui.Scope(r), store.NewsFilter{Status: st, Tag: r.URL.Query().Get("tag")})
	if err != nil {
		return err
	}
	out := ui.List[newsJSON]{Items: []newsJSON{}, Total: len(items)}
	for _, n := range items {
		out.Items = append(out.Items, newsOut(n, false))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// newsIn is a new item's body; submit sends it to the editor at once.
type newsIn struct {
	Region string   `json:"region"`
	Title  string   `json:"title"`
	Date   string   `json:"date"`
	Place  string   `json:"place"`
	Body   string   `json:"body"`
	Tags   []string `json:"tags"`
	Submit bool     `json:"submit"`
}

// APINewsCreate stores a new item.
func (h *Handlers) APINewsCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	var in newsIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	if in.Region == "" {
		in.Region = u.Region
	}
	v := url.Values{"region": {in.Region}, "title": {in.Title}, "date": {in.Date}, "place": {in.Place}, "body": {in.Body}, "tags": {strings.Join(in.Tags, ",")}}
	if in.Submit {
		v.Set("submit", "1")
	}
	n, err := parseNews(v)
	if err == nil {
		err = h.db.CreateNews(r.Context(), u, n)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("news", n.ID))
	h.ui.WriteJSON(w, r, http.StatusCreated, newsOut(n, true))
	return nil
}

// APINewsShow returns one item with its text.
func (h *Handlers) APINewsShow(w http.ResponseWriter, r *http.Request) error {
	n, err := h.newsOf(r)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, newsOut(n, true))
	return nil
}

type briefingJSON struct {
	ID          int64                       `json:"id"`
	SeriesID    int64                       `json:"series_id"`
	Region      string                      `json:"region"`
	Year        int                         `json:"year"`
	Number      int                         `json:"number,omitempty"`
	Date        *string                     `json:"date"`
	Editor      string                      `json:"editor"`
	Status      string                      `json:"status"`
	CorrectsID  int64                       `json:"corrects_id,omitempty"`
	Sections    []shuangbai.BriefingSection `json:"sections"`
	Content     *shuangbai.BriefingContent  `json:"content,omitempty"`
	Problems    []string                    `json:"problems,omitempty"`
	PublishedAt *time.Time                  `json:"published_at,omitempty"`
	Exports     map[string]string           `json:"exports"`
}

func briefingOut(b *shuangbai.Briefing) briefingJSON {
	out := briefingJSON{ID: b.ID, SeriesID: b.SeriesID, Region: b.Region, Year: b.Year, Number: b.Number, Date: ui.DateJSON(b.Date), Editor: b.Editor,
		Status: string(b.Status), CorrectsID: b.CorrectsID, Sections: b.Sections, Exports: map[string]string{}}
	if !b.PublishedAt.IsZero() {
		out.PublishedAt = &b.PublishedAt
	}
	for _, f := range []string{"docx", "pdf", "html"} {
		out.Exports[f] = ui.Location("briefings", b.ID) + "/export?format=" + f
	}
	return out
}

// APIBriefingList lists the issues readable in scope, newest first.
func (h *Handlers) APIBriefingList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	bs, err := h.db.Briefings(r.Context(), ui.Scope(r), store.BriefingFilter{Status: shuangbai.BriefingStatus(r.URL.Query().Get("status"))})
	if err != nil {
		return err
	}
	out := ui.List[briefingJSON]{Items: []briefingJSON{}, Total: len(bs)}
	for _, b := range bs {
		out.Items = append(out.Items, briefingOut(b))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIBriefingShow returns an issue with its content: frozen once
// published, live (with what stops it being published) while a draft.
func (h *Handlers) APIBriefingShow(w http.ResponseWriter, r *http.Request) error {
	b, err := h.briefingOf(r)
	if err != nil {
		return err
	}
	return h.writeBriefing(w, r, http.StatusOK, b)
}

func (h *Handlers) writeBriefing(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Briefing) error {
	c, problems, err := h.db.BriefingContent(r.Context(), ui.Scope(r), b)
	if err != nil {
		return err
	}
	out := briefingOut(b)
	out.Content, out.Problems = c, problems
	h.ui.WriteJSON(w, r, status, out)
	return nil
}

// briefingIn is a draft's body: its date, editor and sections.
type briefingIn struct {
	SeriesID int64                       `json:"series_id"`
	Date     string                      `json:"date"`
	Editor   string                      `json:"editor"`
	Sections []shuangbai.BriefingSection `json:"sections"`
}

func (in briefingIn) briefing() (*shuangbai.Briefing, error) {
	fe := shuangbai.FieldErrors{}
	b := &shuangbai.Briefing{SeriesID: in.SeriesID, Editor: in.Editor, Sections: in.Sections, Date: ui.ParseDate(fe, "date", in.Date)}
	return b, fe.Err()
}

// APIBriefingCreate starts a draft; sections default to the series'.
func (h *Handlers) APIBriefingCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	var in briefingIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	b, err := in.briefing()
	if err == nil {
		err = h.db.CreateBriefing(r.Context(), u, b)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("briefings", b.ID))
	return h.writeBriefing(w, r, http.StatusCreated, b)
}

// APIBriefingUpdate changes a draft (a JSON merge patch of date, editor and
// sections); a published issue is refused.
func (h *Handlers) APIBriefingUpdate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	cur, err := h.briefingOf(r)
	if err != nil {
		return err
	}
	in := briefingIn{SeriesID: cur.SeriesID, Date: cur.Date.String(), Editor: cur.Editor, Sections: cur.Sections}
	if err := ui.ReadPatch(r, in, &in); err != nil {
		return err
	}
	b, err := in.briefing()
	if err == nil {
		b.ID = cur.ID
		err = h.db.UpdateBriefing(r.Context(), u, b)
	}
	if err != nil {
		return err
	}
	fresh, err := h.db.Briefing(r.Context(), ui.Scope(r), b.ID)
	if err != nil {
		return err
	}
	return h.writeBriefing(w, r, http.StatusOK, fresh)
}

// APIBriefingPublish publishes a draft, or answers what stops it.
func (h *Handlers) APIBriefingPublish(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := h.db.PublishBriefing(r.Context(), u, id)
	if err != nil {
		return err
	}
	return h.writeBriefing(w, r, http.StatusOK, b)
}
