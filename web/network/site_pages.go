package network

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// siteKind is one of the two kinds of site, stations and points. Their
// pages list, add and edit them alike; the kind does what differs: which
// table it reads and writes, and where a new one may be placed.
type siteKind interface {
	names() siteNames
	// find returns one page of the sites in scope that f matches, as
	// stored, and how many match in all.
	find(ctx context.Context, scope shuangbai.Scope, f shuangbai.SiteFilter) ([]siteView, int, error)
	// get returns the stored site with id.
	get(ctx context.Context, scope shuangbai.Scope, id int64) (siteView, error)
	// describe labels one site for its own page and form: the names of its
	// regions, and a point's station.
	describe(ctx context.Context, scope shuangbai.Scope, v *siteView) error
	// save validates v, adding to what fe already holds, and stores it for
	// the request's user: as a new site when v.ID is 0. v becomes the site
	// as stored.
	save(r *http.Request, v *siteView, fe shuangbai.FieldErrors) error
	// places returns the regions a new site's form offers, grouped; those
	// that already have a site of the kind are shown but cannot be chosen.
	places(r *http.Request) ([]ui.RegionGroup, error)
}

// siteNames are how the pages of one kind of site call it.
type siteNames struct {
	Path string // the list's address; a site's own is Path/ID
	Name string // 社工站, 社工点
	Add  string // the word for adding one: 新建 (a station is built), 新增
	kind string // station, point: the folder of its templates, and its kind in a choice of site
}

// listHead is what the network's list pages show besides their rows and
// their own filters.
type listHead struct {
	Pager   ui.Pager
	Region  string           // the region filter, as given
	Regions []ui.RegionGroup // its choices
	CanEdit bool
}

// listHead returns the head of page pg of a list of total rows.
func (h *Handlers) listHead(r *http.Request, pg, total int) (listHead, error) {
	filter, err := h.ui.RegionFilter(r.Context(), ui.Scope(r), "（全部）")
	return listHead{Pager: ui.NewPager(r, pg, total), Region: r.URL.Query().Get("region"), Regions: filter,
		CanEdit: ui.User(r).CanEditNetwork()}, err
}

// siteListPage is the data of station/list.html and point/list.html.
type siteListPage struct {
	listHead
	Kind   siteNames
	Sites  []siteView
	Status string // the filters besides the region, as given
	Q      string
}

// siteList lists the sites of kind k in scope, filtered by region, status
// and name, one page at a time.
func (h *Handlers) siteList(w http.ResponseWriter, r *http.Request, k siteKind) error {
	ctx, q := r.Context(), r.URL.Query()
	scope, f, err := ui.SiteQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	views, total, err := k.find(ctx, scope, f)
	if err != nil {
		return err
	}
	if err := h.labelSites(ctx, views); err != nil {
		return err
	}
	head, err := h.listHead(r, pg, total)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, k.names().kind+"/list.html", siteListPage{
		listHead: head, Kind: k.names(), Sites: views, Status: string(f.Status), Q: f.Query,
	})
}

// described returns the stored site with the id in the URL, labelled for
// its page or form.
func (h *Handlers) described(r *http.Request, k siteKind) (siteView, error) {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return siteView{}, err
	}
	v, err := k.get(r.Context(), ui.Scope(r), id)
	if err != nil {
		return siteView{}, err
	}
	err = k.describe(r.Context(), ui.Scope(r), &v)
	return v, err
}

// siteFormPage is the data of station/form.html and point/form.html, for
// both a new site and an edit.
type siteFormPage struct {
	Kind   siteNames
	Form   ui.Form
	Site   *siteView        // nil for a new site
	Places []ui.RegionGroup // a new site's choice of region
}

// siteNew shows an empty form; ?region= preselects the region.
func (h *Handlers) siteNew(w http.ResponseWriter, r *http.Request, k siteKind) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	v := url.Values{"status": {string(shuangbai.SitePlanned)}, "region": {r.URL.Query().Get("region")}}
	return h.siteForm(w, r, http.StatusOK, k, nil, ui.NewForm(v, nil))
}

// siteCreate stores a new site from the form, or shows the form again with
// a message next to each wrong field.
func (h *Handlers) siteCreate(w http.ResponseWriter, r *http.Request, k siteKind) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	v := &siteView{Region: ui.Trimmed(form, "region"), Site: siteInFromForm(form, fe).site(fe)}
	err = k.save(r, v, fe)
	again := func(status int, f ui.Form) error { return h.siteForm(w, r, status, k, nil, f) }
	return answer(w, r, err, again, k.names().Name+"“"+v.Name+"”已新建", sitePath(k, v.ID))
}

// siteEdit shows the form filled with a stored site.
func (h *Handlers) siteEdit(w http.ResponseWriter, r *http.Request, k siteKind) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	v, err := h.described(r, k)
	if err != nil {
		return err
	}
	return h.siteForm(w, r, http.StatusOK, k, &v, ui.NewForm(siteValues(v.Site), nil))
}

// siteUpdate saves an edited site. Where a site is does not change.
func (h *Handlers) siteUpdate(w http.ResponseWriter, r *http.Request, k siteKind) error {
	ctx := r.Context()
	id, err := editedID(r, "id")
	if err != nil {
		return err
	}
	old, err := k.get(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	v := old
	v.Site = siteInFromForm(form, fe).site(fe)
	err = k.save(r, &v, fe)
	again := func(status int, f ui.Form) error {
		if err := k.describe(ctx, ui.Scope(r), &old); err != nil {
			return err
		}
		return h.siteForm(w, r, status, k, &old, f)
	}
	return answer(w, r, err, again, "修改已保存", sitePath(k, id))
}

// siteForm renders the form of kind k: for site v, or for a new site when v
// is nil.
func (h *Handlers) siteForm(w http.ResponseWriter, r *http.Request, status int, k siteKind, v *siteView, f ui.Form) error {
	p := siteFormPage{Kind: k.names(), Form: f, Site: v}
	if v == nil {
		var err error
		if p.Places, err = k.places(r); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, k.names().kind+"/form.html", p)
}

// sitePath is the address of a site's page.
func sitePath(k siteKind, id int64) string {
	return k.names().Path + "/" + strconv.FormatInt(id, 10)
}

// takenRegions marks the regions where one of sites is.
func takenRegions(sites []siteView) map[string]bool {
	taken := map[string]bool{}
	for _, s := range sites {
		taken[s.Region] = true
	}
	return taken
}
