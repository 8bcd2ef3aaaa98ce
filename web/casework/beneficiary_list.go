package casework

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/web/ui"
)

// beneficiaryQueryIn is what a beneficiary list was asked for, as typed.
type beneficiaryQueryIn struct {
	Q      string // a name prefix, or a whole ID number
	Region string
	Group  string
	Status string // open (default), closed, all
	Worker string // a worker's id, or "" for all
	Level  string // a follow-up level 1–4, or "" for all (the dashboard's drill-down)
}

// Values returns the query as URL parameters, for links and hidden fields.
func (in beneficiaryQueryIn) Values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"q": in.Q, "region": in.Region, "group": in.Group, "status": in.Status, "worker": in.Worker, "level": in.Level} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// GroupLabel names the group filtered on.
func (in beneficiaryQueryIn) GroupLabel() string { return shuangbai.Group(in.Group).Label() }

// Filtered reports whether any filter but the default status is set.
func (in beneficiaryQueryIn) Filtered() bool {
	return in.Q != "" || in.Region != "" || in.Group != "" || in.Worker != "" || in.Level != "" || (in.Status != "" && in.Status != "open")
}

// beneficiaryQuery reads the filters of a beneficiary list: q (a name prefix
// or a whole ID number), region (narrows the scope; outside it is a 404),
// group, status and worker. notice explains a query that cannot be run as
// typed.
func beneficiaryQuery(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, shuangbai.BeneficiaryFilter, beneficiaryQueryIn, string, error) {
	in := beneficiaryQueryIn{Region: strings.TrimSpace(q.Get("region")), Group: q.Get("group"), Status: q.Get("status"), Worker: q.Get("worker"), Level: q.Get("level")}
	var f shuangbai.BeneficiaryFilter
	scope, err := ui.RegionParam(q, scope)
	if err != nil {
		return scope, f, in, "", err
	}
	if in.Q, err = ui.TextParam(q, "q"); err != nil {
		return scope, f, in, "", err
	}
	if in.Group != "" {
		if !shuangbai.Group(in.Group).Valid() {
			return scope, f, in, "", ui.BadRequest("参数 group 不是已知的服务对象类别")
		}
		f.Group = shuangbai.Group(in.Group)
	}
	switch in.Status {
	case "", "open":
		open := true
		f.Open = &open
	case "closed":
		open := false
		f.Open = &open
	case "all":
	default:
		return scope, f, in, "", ui.BadRequest("参数 status 应为 open（在案）、closed（已结案）或 all（全部）")
	}
	if in.Level != "" {
		n, err := strconv.Atoi(in.Level)
		if f.Level = shuangbai.Level4(n); err != nil || !f.Level.Valid() {
			return scope, f, in, "", ui.BadRequest("参数 level 应为跟进级别 1–4")
		}
	}
	if in.Worker != "" {
		if f.WorkerID, err = ui.ParseID(in.Worker); err != nil {
			return scope, f, in, "", ui.BadRequest("参数 worker 应为人员编号")
		}
	}
	notice := ""
	switch {
	case looksLikeIDNumber(in.Q):
		f.IDNumber = in.Q
	case in.Q != "" && strings.Trim(in.Q, "0123456789xX") == "":
		// Numbers are stored encrypted and found through a keyed hash of the
		// whole number: part of one cannot be searched.
		notice = "按身份证号查找时，请输入完整的 18 位号码。"
		f.IDNumber = "-" // matches nothing
	default:
		f.Name = in.Q
	}
	return scope, f, in, notice, nil
}

// looksLikeIDNumber reports whether s is shaped like a whole ID number: 17
// digits and a digit or X.
func looksLikeIDNumber(s string) bool {
	s = strings.ToUpper(s)
	return len(s) == 18 && strings.Trim(s[:17], "0123456789") == "" && strings.Trim(s[17:], "0123456789X") == ""
}

// beneficiaryListPage is the data of beneficiary/list.html.
type beneficiaryListPage struct {
	Beneficiaries []beneficiaryView
	Query         beneficiaryQueryIn
	Regions       []ui.RegionGroup
	Notice        string
	Next          string // the next page's address; "" on the last
	Later         bool   // this is not the first page
	Total         int    // how many the filters select, on every page
	Many          bool   // more than maxCounted: Total is that bound
	CanEdit       bool
	CanExport     bool
	ExportURL     string
	Opt           choices
}

// maxCounted bounds the count a list shows: beyond it, "超过 10 万人" says
// enough, and counting a province's files would slow every page.
const maxCounted = 100_000

// BeneficiaryList lists the beneficiaries in scope, one page at a time
// (keyset paging on the id, so pages stay stable while files are added).
// Numbers are masked; searching by a whole ID number goes through its keyed
// hash.
func (h *Handlers) BeneficiaryList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	scope, f, in, notice, err := beneficiaryQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if a := q.Get("after"); a != "" && f.Name == "" {
		if f.After, err = ui.ParseID(a); err != nil {
			return ui.BadRequest("参数 after 应为正整数")
		}
	}
	f.Limit = ui.PageSize + 1
	list, err := h.db.Beneficiaries(ctx, scope, f)
	if err != nil {
		return err
	}
	p := beneficiaryListPage{Query: in, Notice: notice, Later: f.After != 0, CanEdit: u.CanEditCases(), CanExport: u.CanSeeFullID()}
	if len(list) > ui.PageSize {
		list = list[:ui.PageSize]
		if f.Name != "" {
			// A name search comes in name order, which id paging cannot
			// continue: the first page is all it shows.
			p.Notice = "同名或同姓的人较多，只显示前 " + strconv.Itoa(ui.PageSize) + " 人，请输入更完整的姓名，或按区划、类别筛选。"
		} else {
			v := in.Values()
			v.Set("after", strconv.FormatInt(list[len(list)-1].ID, 10))
			p.Next = "/beneficiaries?" + v.Encode()
		}
	}
	if p.Total, err = h.db.CountBeneficiaries(ctx, scope, f, maxCounted); err != nil {
		return err
	}
	if p.Total > maxCounted {
		p.Total, p.Many = maxCounted, true
	}
	if p.Beneficiaries, err = h.beneficiaryViews(ctx, ui.Scope(r), list); err != nil {
		return err
	}
	if p.Regions, err = h.regionFilter(ctx, ui.Scope(r)); err != nil {
		return err
	}
	p.ExportURL = "/beneficiaries.xlsx"
	if v := in.Values(); len(v) > 0 {
		p.ExportURL += "?" + v.Encode()
	}
	return h.ui.Render(w, r, http.StatusOK, "beneficiary/list.html", p)
}

// regionFilter returns the choices of a beneficiary list's region filter: for
// a town or county user each town with its villages; for a city user each
// county with its towns (villages would make a list of a thousand).
func (h *Handlers) regionFilter(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionGroup, error) {
	if shuangbai.LevelOf(scope.Code) < shuangbai.LevelCounty {
		return h.ui.RegionFilter(ctx, scope, "（全部）")
	}
	groups, err := h.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, nil, nil)
	if err != nil {
		return nil, err
	}
	for i, g := range groups {
		groups[i].Options = append([]ui.RegionOption{{Code: g.Code, Name: g.Name + "（全部）"}}, g.Options...)
	}
	return groups, nil
}
