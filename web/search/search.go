// Package search serves the archive's full-text search: a page (/search)
// and the API (/api/v1/search?q=…) over the published items the store
// indexes (briefings, news), scoped to the user's region.
package search

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve the search. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the search's handlers.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

// Kinds name the kinds of item for people, and where each is shown. The
// briefing's pages add theirs here when they are merged.
var kinds = map[string]struct{ Label, Path string }{
	"briefing": {"简报", "/briefings/"},
	"news":     {"工作动态", "/news/"},
}

func label(kind string) string {
	if k, ok := kinds[kind]; ok {
		return k.Label
	}
	return kind
}

func link(kind string, id int64) string {
	if k, ok := kinds[kind]; ok {
		return k.Path + strconv.FormatInt(id, 10)
	}
	return ""
}

// requireRead: the search shows what was published to the region, but the
// system, security and audit administrators read no work content (三员分立).
func requireRead(u *shuangbai.User) error {
	if u.Role.IsAdministrator() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看简报和工作动态（三员分立）", u.Role.Label())
	}
	return nil
}

func limitParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > store.SearchLimit {
		return 0, ui.BadRequest("参数 limit 应为 1 到 %d 的整数", store.SearchLimit)
	}
	return n, nil
}

type fragmentJSON struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

type hitJSON struct {
	Kind      string         `json:"kind"`
	KindLabel string         `json:"kind_label"`
	ID        int64          `json:"id"`
	Region    string         `json:"region"`
	Published string         `json:"published"`
	URL       string         `json:"url,omitempty"`
	Title     []fragmentJSON `json:"title"`
	Snippet   []fragmentJSON `json:"snippet"`
}

func fragments(fs []shuangbai.Fragment) []fragmentJSON {
	out := make([]fragmentJSON, len(fs))
	for i, f := range fs {
		out[i] = fragmentJSON{Text: f.Text, Hit: f.Hit}
	}
	return out
}

// API answers GET /api/v1/search?q=…&limit=…: the hits, best first, each
// with its title and a snippet as fragments, the hits marked. A query of
// one character or over 100 is a 422 with the reason.
func (h *Handlers) API(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	hs, err := h.db.Search(r.Context(), ui.Scope(r), r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
	out := make([]hitJSON, 0, len(hs))
	for _, x := range hs {
		out = append(out, hitJSON{Kind: x.Kind, KindLabel: label(x.Kind), ID: x.ID, Region: x.Region,
			Published: x.Published.In(shuangbai.China).Format(time.DateOnly), URL: link(x.Kind, x.ID),
			Title: fragments(x.Title), Snippet: fragments(x.Snippet)})
	}
	h.ui.WriteJSONBytes(w, http.StatusOK, appendHits(make([]byte, 0, 512+512*len(out)), out))
	return nil
}

// hitView is one result on the page.
type hitView struct {
	shuangbai.SearchHit
	KindLabel, URL, Day string
}

// page is the data of search.html.
type page struct {
	Q     string
	Error string // why the query was refused, shown next to the field
	Hits  []hitView
	Done  bool // a search ran
}

// Page serves GET /search: the field, and the results of ?q=.
func (h *Handlers) Page(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	p := page{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	if p.Q == "" {
		return h.ui.Render(w, r, http.StatusOK, "search.html", p)
	}
	hs, err := h.db.Search(r.Context(), ui.Scope(r), p.Q, 50)
	status := http.StatusOK
	switch {
	case shuangbai.ErrorCode(err) == shuangbai.EINVALID:
		p.Error, status = shuangbai.ErrorMessage(err), http.StatusUnprocessableEntity
	case err != nil:
		return err
	}
	p.Done = err == nil
	for _, x := range hs {
		p.Hits = append(p.Hits, hitView{SearchHit: x, KindLabel: label(x.Kind), URL: link(x.Kind, x.ID),
			Day: x.Published.In(shuangbai.China).Format(time.DateOnly)})
	}
	return h.ui.Render(w, r, status, "search.html", p)
}
