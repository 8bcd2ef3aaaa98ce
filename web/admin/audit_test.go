package admin_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web/webtest"
)

// ycAudit is an audit administrator of 云城区 only.
const ycAudit = "yc.audit"

// TestAuditExports: the audit administrator downloads the audit and
// access logs of their scope as XLSX (text cells, a frozen header) and CSV
// (a byte-order mark, formulas defused), filtered by user, record and
// days; each download is itself audited; no one else downloads.
func TestAuditExports(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	storetest.User(t, f.DB, ycAudit, shuangbai.RoleAuditAdmin, "445302", webtest.Hash())
	// A station named as a formula, and a reveal whose reason is one: what
	// a spreadsheet must not run. A failed login is audited too.
	storetest.Station(t, f.DB, "445302102", "=1+1", webtest.Day)
	webtest.Expect(t, f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcViewer}, "password": {"x"}}), http.StatusUnauthorized)
	worker, _, _ := f.DB.UserByName(ctx, webtest.YcWorker)
	if err := f.DB.LogAccess(ctx, worker, store.AccessReveal, f.Chen.ID, f.Chen.Region, "=SUM(A1)", "身份证号"); err != nil {
		t.Fatal(err)
	}
	lead, _, _ := f.DB.UserByName(ctx, webtest.YcLead)
	if err := f.DB.LogAccess(ctx, lead, store.AccessView, f.Huang.ID, f.Huang.Region, "", ""); err != nil {
		t.Fatal(err)
	}
	ld, _, _ := f.DB.UserByName(ctx, webtest.LdAdmin)
	if err := f.DB.LogAccess(ctx, ld, store.AccessView, f.Li.ID, f.Li.Region, "", ""); err != nil {
		t.Fatal(err)
	}
	audit := f.As(t, webtest.CityAudit)

	res := audit.Get(t, "/audit")
	webtest.Expect(t, res, http.StatusOK, `id="export"`, `action="/audit.xlsx"`, `formaction="/access-log.csv"`, `action="/audit/verify"`,
		"没有删除或修改日志的功能", "不少于 180 天")
	webtest.ExpectNot(t, f.As(t, webtest.CityAdmin).Get(t, "/audit"), `id="export"`)
	webtest.Expect(t, f.As(t, webtest.CityAdmin).Get(t, "/audit"), http.StatusOK, "不少于 180 天")
	res = audit.Get(t, "/access-log")
	webtest.Expect(t, res, http.StatusOK, f.Chen.Name, `href="/audit#export"`)
	webtest.ExpectNot(t, res, `href="/beneficiaries/`+webtest.ID(f.Chen.ID)+`"`) // no link to a file they may not open

	for _, tt := range []struct {
		name  string
		user  string
		path  string
		want  []string // cells somewhere in the CSV
		not   []string
		lines int // data lines, -1 for "some"
	}{
		{"the audit log", webtest.CityAudit, "/audit.csv", []string{"名称/姓名：=1+1", "登录失败", "双东街道社工站"}, nil, -1},
		{"one kind of record", webtest.CityAudit, "/audit.csv?entity=station", []string{"社工站", "双东街道社工站", "=1+1"}, []string{"登录失败"}, 3},
		{"a county's audit log", ycAudit, "/audit.csv?entity=station", []string{"河口街道社工站"}, []string{"双东街道社工站"}, 2},
		{"the access log", webtest.CityAudit, "/access-log.csv", []string{"'=SUM(A1)", "查看完整号码", f.Chen.Name, f.Li.Name, webtest.YcWorker}, nil, 4},
		{"one user's accesses", webtest.CityAudit, "/access-log.csv?user=" + webtest.YcLead, []string{f.Huang.Name}, []string{f.Chen.Name}, 1},
		{"a county's accesses", ycAudit, "/access-log.csv", []string{f.Chen.Name, f.Huang.Name}, []string{f.Li.Name}, 2},
		{"days with no accesses", webtest.CityAudit, "/access-log.csv?from=2099-01-01", nil, []string{f.Chen.Name}, 0},
		{"days that hold them", webtest.CityAudit, "/access-log.csv?from=2021-08-09&to=2021-08-09", []string{f.Chen.Name}, nil, 4},
		{"days before them", webtest.CityAudit, "/access-log.csv?to=2021-08-08", nil, []string{f.Chen.Name}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := f.As(t, tt.user).Get(t, tt.path)
			webtest.Expect(t, res, http.StatusOK)
			if ct := res.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("Content-Type = %q", ct)
			}
			if !strings.Contains(res.Header().Get("Content-Disposition"), "attachment") {
				t.Errorf("Content-Disposition = %q", res.Header().Get("Content-Disposition"))
			}
			body := res.Body.String()
			if !strings.HasPrefix(body, "\uFEFF编号,时间,") {
				t.Errorf("no byte-order mark and header: %.80q", body)
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if tt.lines >= 0 && len(rows)-1 != tt.lines {
				t.Errorf("%d data lines, want %d:\n%s", len(rows)-1, tt.lines, body)
			}
			cells := map[string]bool{}
			for _, r := range rows {
				for _, c := range r {
					cells[c] = true
					if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
						t.Errorf("cell %q would run as a formula", c)
					}
				}
			}
			for _, w := range tt.want {
				if !cells[w] && !strings.Contains(body, w) {
					t.Errorf("CSV lacks %q:\n%s", w, body)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("CSV holds %q:\n%s", n, body)
				}
			}
		})
	}

	for _, tt := range []struct{ path, sheet, header, formula string }{
		{"/audit.xlsx", "操作日志", "操作人", "=1+1"},
		{"/access-log.xlsx", "查阅记录", "查看人", "=SUM(A1)"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			res := audit.Get(t, tt.path)
			webtest.Expect(t, res, http.StatusOK)
			x, err := excelize.OpenReader(bytes.NewReader(res.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, err := x.GetRows(tt.sheet)
			if err != nil || len(rows) < 2 || rows[0][0] != "编号" || rows[0][2] != tt.header {
				t.Fatalf("rows = %v, %v", rows, err)
			}
			if p, err := x.GetPanes(tt.sheet); err != nil || !p.Freeze || p.YSplit != 1 {
				t.Errorf("panes = %+v, %v: want the header row frozen", p, err)
			}
			found := false
			for i, r := range rows {
				for j, c := range r {
					if !strings.Contains(c, tt.formula) {
						continue
					}
					found = true
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if typ, _ := x.GetCellType(tt.sheet, cell); typ != excelize.CellTypeInlineString {
						t.Errorf("%s is %v, want text", cell, typ)
					}
					if fm, _ := x.GetCellFormula(tt.sheet, cell); fm != "" {
						t.Errorf("%s holds the formula %q", cell, fm)
					}
				}
			}
			if !found {
				t.Errorf("no cell %q in %v", tt.formula, rows)
			}
		})
	}

	// Refusals.
	for _, tt := range []struct {
		user, path string
		status     int
	}{
		{webtest.CityAdmin, "/audit.xlsx", http.StatusForbidden},
		{webtest.CityAdmin, "/access-log.csv", http.StatusForbidden},
		{webtest.CitySys, "/audit.csv", http.StatusForbidden},
		{webtest.CitySec, "/access-log.xlsx", http.StatusForbidden},
		{webtest.YcWorker, "/access-log.csv", http.StatusForbidden},
		{webtest.CityAudit, "/audit.csv?from=2021-13-01", http.StatusBadRequest},
		{webtest.CityAudit, "/access-log.csv?from=2021-08-09&to=2021-08-01", http.StatusBadRequest},
	} {
		t.Run(tt.user+" "+tt.path, func(t *testing.T) { webtest.Expect(t, f.As(t, tt.user).Get(t, tt.path), tt.status) })
	}

	// Every download is in the audit log, under the downloader's region.
	var n int
	for _, log := range []string{store.LogAudit, store.LogAccess} {
		l, err := f.DB.AuditLog(ctx, shuangbai.Scope{Code: "4453"}, store.AuditFilter{Entity: log})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range l {
			if e.Action != "export" {
				t.Errorf("entry %+v", e)
			}
			n++
		}
	}
	if n != 11 { // the nine CSVs and two workbooks above, and the refused ones not
		t.Errorf("%d exports audited, want 11", n)
	}
	webtest.Expect(t, audit.Get(t, "/audit?entity=access_log"), http.StatusOK, "导出", "查阅记录", "user=yc.lead")
}

// TestAuditVerify: the audit administrator checks the logs' hash chains
// from the audit page; the bureau admins, who read the log, do not.
func TestAuditVerify(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	webtest.Expect(t, f.As(t, webtest.CityAudit).PostForm(t, "/audit/verify", nil), http.StatusOK, "校验通过", "操作日志", "查阅记录",
		`<a href="/audit" aria-current="page">`)
	for _, user := range []string{webtest.CityAdmin, webtest.CitySys, webtest.CitySec} {
		webtest.Expect(t, f.As(t, user).PostForm(t, "/audit/verify", nil), http.StatusForbidden)
	}
}
