package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// maxExportRows bounds one export of a log: a larger one is asked to name
// fewer days. It is far below a worksheet's million rows, and keeps the
// file one office PC opens.
const maxExportRows = 100_000

// requireExport refuses anyone but the audit administrator.
func requireExport(u *shuangbai.User) error {
	if !u.CanExportAudit() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有审计管理员可以导出日志")
	}
	return nil
}

// exportDays reads the optional days an export covers, from and to, both
// included, in China's time.
type exportDays struct{ from, to shuangbai.Date }

func readExportDays(q url.Values) (exportDays, error) {
	from, err1 := shuangbai.ParseDate(strings.TrimSpace(q.Get("from")))
	to, err2 := shuangbai.ParseDate(strings.TrimSpace(q.Get("to")))
	if err1 != nil || err2 != nil {
		return exportDays{}, ui.BadRequest("日期格式应为 年-月-日，例如 2021-08-09")
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return exportDays{}, ui.BadRequest("结束日期早于开始日期")
	}
	return exportDays{from, to}, nil
}

// place says where an entry made at t falls: after the days (skip it),
// inside them, or before them (stop: the logs are read newest first, and
// an entry's id grows with its time).
func (d exportDays) place(t time.Time) (skip, stop bool) {
	day := shuangbai.Today(t)
	return !d.to.IsZero() && day.After(d.to), !d.from.IsZero() && day.Before(d.from)
}

// exportPage is how many entries an export reads at a time.
const exportPage = 500

// collect reads a log newest first, a page at a time (read returns the
// entries older than the id before, or the newest for 0), keeping those
// inside days; key gives an entry's id and time. More than maxExportRows
// is refused.
func collect[E any](days exportDays, read func(before int64) ([]E, error), key func(E) (int64, time.Time)) ([]E, error) {
	var out []E
	var before int64
	for {
		page, err := read(before)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			id, at := key(e)
			skip, stop := days.place(at)
			if stop {
				return out, nil
			}
			if !skip {
				out = append(out, e)
			}
			before = id
		}
		if len(out) > maxExportRows {
			return nil, shuangbai.Errorf(shuangbai.EINVALID, "符合条件的记录超过 %d 条，请填写起止日期分几次导出", maxExportRows)
		}
		if len(page) < exportPage {
			return out, nil
		}
	}
}

// filterText is an export's query as the audit log keeps it: the filters,
// not the format.
func filterText(q url.Values, keys ...string) string {
	v := url.Values{}
	for _, k := range keys {
		if s := strings.TrimSpace(q.Get(k)); s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

// AuditXLSX exports the audit log of the scope as a workbook.
func (h *Handlers) AuditXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.auditExport(w, r, "xlsx")
}

// AuditCSV exports the audit log of the scope as CSV.
func (h *Handlers) AuditCSV(w http.ResponseWriter, r *http.Request) error {
	return h.auditExport(w, r, "csv")
}

// auditExport writes the audit log inside the scope, newest first, with the
// page's filter (entity) and optional days. The export is audited before
// anything is sent.
func (h *Handlers) auditExport(w http.ResponseWriter, r *http.Request, format string) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	if err := requireExport(u); err != nil {
		return err
	}
	days, err := readExportDays(q)
	if err != nil {
		return err
	}
	f := store.AuditFilter{Entity: strings.TrimSpace(q.Get("entity")), Limit: exportPage}
	entries, err := collect(days, func(before int64) ([]shuangbai.AuditEntry, error) {
		f.BeforeID = before
		return h.db.AuditLog(ctx, ui.Scope(r), f)
	}, func(e shuangbai.AuditEntry) (int64, time.Time) { return e.ID, e.At })
	if err != nil {
		return err
	}
	n, err := h.auditNames(ctx, ui.Scope(r), entries)
	if err != nil {
		return err
	}
	t := &table{Sheet: "操作日志", File: "audit-log",
		Header: []string{"编号", "时间", "操作人", "操作人姓名", "操作", "对象", "对象编号", "区划代码", "区划", "变更内容（原值 → 新值）", "原记录", "新记录"},
		Widths: []float64{8, 18, 14, 12, 14, 12, 12, 14, 24, 50, 30, 30}}
	for _, e := range entries {
		var changes []string
		for _, c := range n.changes(e) {
			if c.Before != "" {
				changes = append(changes, c.Field+"："+c.Before+" → "+c.After)
			} else {
				changes = append(changes, c.Field+"："+c.After)
			}
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(e.ID, 10), e.At.In(shuangbai.China).Format("2006-01-02 15:04:05"), e.Username, n.actor(e.Username),
			ui.ActionLabel(e.Action), ui.EntityLabel(e.Entity), e.EntityID, e.Region, n.regions[e.Region], strings.Join(changes, "\n"), e.Before, e.After})
	}
	if err := h.db.LogExport(ctx, u, store.LogAudit, format, len(t.Rows), filterText(q, "entity", "from", "to")); err != nil {
		return err
	}
	return sendTable(w, t, format)
}

// AccessLogXLSX exports the access log of the scope as a workbook.
func (h *Handlers) AccessLogXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.accessExport(w, r, "xlsx")
}

// AccessLogCSV exports the access log of the scope as CSV.
func (h *Handlers) AccessLogCSV(w http.ResponseWriter, r *http.Request) error {
	return h.accessExport(w, r, "csv")
}

// accessExport writes the access log (who saw, revealed or exported whose
// file) inside the scope, newest first, optionally one user's and within
// days. The export is audited before anything is sent.
func (h *Handlers) accessExport(w http.ResponseWriter, r *http.Request, format string) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	if err := requireExport(u); err != nil {
		return err
	}
	days, err := readExportDays(q)
	if err != nil {
		return err
	}
	f := store.AccessFilter{Username: strings.TrimSpace(q.Get("user")), Limit: exportPage}
	entries, err := collect(days, func(before int64) ([]store.AccessEntry, error) {
		f.BeforeID = before
		return h.db.AccessLogBy(ctx, ui.Scope(r), f)
	}, func(e store.AccessEntry) (int64, time.Time) { return e.ID, e.At })
	if err != nil {
		return err
	}
	codes := make([]string, len(entries))
	for i, e := range entries {
		codes[i] = e.Region
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	t := &table{Sheet: "查阅记录", File: "access-log",
		Header: []string{"编号", "时间", "查看人", "操作", "服务对象编号", "服务对象", "区划代码", "区划", "理由", "说明"},
		Widths: []float64{8, 18, 14, 20, 12, 12, 14, 24, 30, 40}}
	for _, e := range entries {
		bid := ""
		if e.BeneficiaryID != 0 {
			bid = strconv.FormatInt(e.BeneficiaryID, 10)
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(e.ID, 10), e.At.In(shuangbai.China).Format("2006-01-02 15:04:05"), e.Username,
			ui.AccessLabel(e.Action), bid, e.Name, e.Region, paths[e.Region], e.Reason, e.Detail})
	}
	if err := h.db.LogExport(ctx, u, store.LogAccess, format, len(t.Rows), filterText(q, "user", "from", "to")); err != nil {
		return err
	}
	return sendTable(w, t, format)
}

// verifyPage is the data of audit/verify.html.
type verifyPage struct {
	Logs []verifyLog
	OK   bool
}

// verifyLog is one log's result.
type verifyLog struct {
	Name    string
	Entries int64
	Break   *store.ChainBreak
}

// AuditVerify walks both logs' hash chains from their first entries and
// shows whether any entry was changed, removed or inserted since it was
// written: what `shuangbai audit verify` does, for the audit administrator
// at their desk. The chains are whole, not per region, so the result is
// the whole system's.
func (h *Handlers) AuditVerify(w http.ResponseWriter, r *http.Request) error {
	if err := requireExport(ui.User(r)); err != nil {
		return err
	}
	rep, err := h.db.VerifyChains(r.Context())
	if err != nil {
		return err
	}
	p := verifyPage{OK: len(rep.Breaks) == 0}
	for _, l := range []struct{ log, name string }{{store.LogAudit, "操作日志"}, {store.LogAccess, "查阅记录"}} {
		v := verifyLog{Name: l.name, Entries: rep.Entries[l.log]}
		for i := range rep.Breaks {
			if rep.Breaks[i].Log == l.log {
				v.Break = &rep.Breaks[i]
			}
		}
		p.Logs = append(p.Logs, v)
	}
	return h.ui.Render(w, r, http.StatusOK, "audit/verify.html", p)
}
