package roster

import (
	"net/http"
	"slices"
	"strings"

	"shuangbai/store"
	"shuangbai/web/ui"
)

// The files an import left to complete (待补充的档案): people filed from a
// register that lacked an item filing by hand requires, such as a disabled
// person's grade. A worker linked to the staff roster sees her own files
// first; the list of her whole scope is one link away.

// incompletePage is the data of roster/incomplete.html.
type incompletePage struct {
	Files   []incompleteView
	Total   int
	Mine    bool // only the files the user's own person is responsible for
	CanMine bool // the account is linked to a person on the staff roster
}

// incompleteView is one file to complete, labelled.
type incompleteView struct {
	store.IncompleteFile
	Path    string // 镇 › 村
	Worker  string
	Missing string // 残疾类别和等级、…
	Source  string
}

// RosterIncomplete lists the open files in scope that lack an item.
func (h *Handlers) RosterIncomplete(w http.ResponseWriter, r *http.Request) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	p := incompletePage{CanMine: u.PersonID != 0}
	switch r.URL.Query().Get("view") {
	case "":
		p.Mine = p.CanMine
	case "mine":
		if !p.CanMine {
			return ui.BadRequest("您的账号未关联人员名单中的本人，没有“我负责的”档案；请联系系统管理员关联")
		}
		p.Mine = true
	case "all":
	default:
		return ui.BadRequest("参数 view 应为 mine 或 all")
	}
	f := store.IncompleteFilter{Limit: shownProblems}
	if p.Mine {
		f.WorkerID = u.PersonID
	}
	list, total, err := h.db.IncompleteFiles(ctx, scope, f)
	if err != nil {
		return err
	}
	p.Total = total
	var codes []string
	var workers []int64
	for _, x := range list {
		codes = append(codes, x.Region)
		workers = append(workers, x.WorkerID)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	staff, err := h.db.StaffNames(ctx, scope, workers)
	if err != nil {
		return err
	}
	for _, x := range list {
		v := incompleteView{IncompleteFile: x, Path: paths[x.Region], Worker: staff[x.WorkerID]}
		var items, sources []string
		for _, g := range x.Gaps {
			items = append(items, g.Item.Label())
			if g.Source != "" && !slices.Contains(sources, g.Source) {
				sources = append(sources, g.Source)
			}
		}
		v.Missing, v.Source = strings.Join(items, "、"), strings.Join(sources, "、")
		p.Files = append(p.Files, v)
	}
	return h.ui.Render(w, r, http.StatusOK, "roster/incomplete.html", p)
}
