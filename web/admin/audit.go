package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// auditPage is the data of audit/list.html.
type auditPage struct {
	Entries   []auditView
	Entity    string
	Entities  []string // the kinds of record the filter offers
	Older     string   // link to the next, older page; "" at the end
	CanExport bool     // the audit administrator: exports and checks the logs
	MaxExport int      // the most entries one export holds
}

// auditEntities are the kinds of record the audit page filters on.
var auditEntities = []string{"station", "point", "person", "assignment", "user", "region", "requirement",
	"session", "settings", store.LogAudit, store.LogAccess}

// auditView is one audit entry as people read it: who by name, what record
// by its name rather than its internal id, and the fields it changed.
type auditView struct {
	shuangbai.AuditEntry
	Actor      string // the account's holder, by name; the username beside it
	RegionName string
	Object     string // the record: its name, or what the entry was about
	Link       string // the record's page, when it has one
	Changes    []auditChange
}

// AuditList shows the audit log of the admin's scope, newest first, one
// page at a time (keyset paging on the entry id, stable while new entries
// arrive).
func (h *Handlers) AuditList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	if !u.CanReadAudit() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有审计管理员和市级、县级管理员可以查看操作日志")
	}
	f := store.AuditFilter{Entity: q.Get("entity"), Limit: ui.PageSize}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return ui.BadRequest("参数 before 应为正整数")
		}
		f.BeforeID = n
	}
	entries, err := h.db.AuditLog(ctx, ui.Scope(r), f)
	if err != nil {
		return err
	}
	n, err := h.auditNames(ctx, ui.Scope(r), entries)
	if err != nil {
		return err
	}
	p := auditPage{Entity: f.Entity, Entities: auditEntities, CanExport: u.CanExportAudit(), MaxExport: maxExportRows}
	for _, e := range entries {
		v := auditView{AuditEntry: e, Actor: n.actor(e.Username), RegionName: n.regions[e.Region], Changes: n.changes(e)}
		v.Object, v.Link = n.object(e)
		p.Entries = append(p.Entries, v)
	}
	if len(entries) == ui.PageSize {
		p.Older = fmt.Sprintf("/audit?entity=%s&before=%d", f.Entity, entries[len(entries)-1].ID)
	}
	return h.ui.Render(w, r, http.StatusOK, "audit/list.html", p)
}
