package casework_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// TestVisitForm checks the quick visit form: errors shown next to their
// fields with 422 and nothing saved, then a good visit moving the due day
// and returning to the worklist.
func TestVisitForm(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	sw := f.As(t, webtest.YcWorker)
	ctx := t.Context()
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)

	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"future", url.Values{"on": {"2021-08-10"}, "kind": {"home"}}, "探访日期不能晚于今天"},
		{"before the case", url.Values{"on": {"2021-02-01"}, "kind": {"home"}}, "探访日期不能早于建档日期（2021年3月1日）"},
		{"bad date", url.Values{"on": {"8月9日"}, "kind": {"home"}}, "日期格式应为"},
		{"no kind", url.Values{"on": {"2021-08-09"}}, "请选择探访方式"},
		{"next before", url.Values{"on": {"2021-08-09"}, "kind": {"home"}, "next_due": {"2021-08-09"}}, "下次探访日期应晚于本次"},
		{"unknown service", url.Values{"on": {"2021-08-09"}, "kind": {"home"}, "services": {"算命"}}, "未知的服务内容"},
		{"nothing done", url.Values{"on": {"2021-08-09"}, "kind": {"home"}, "findings": {"  "}}, "请至少勾选一项服务或填写情况记录"},
	} {
		res := sw.PostForm(t, chen+"/visits", tt.form)
		webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want, `class="field-error"`, "保存探访")
		if t.Failed() {
			t.Fatalf("case %s", tt.name)
		}
	}
	if vs, _ := f.DB.Visits(ctx, webtest.AdminScope, f.Chen.ID, 0); len(vs) != 1 {
		t.Fatalf("refused visits were saved: %d", len(vs))
	}

	// The date changed, the proposal untouched: the next visit follows the date.
	res := sw.PostForm(t, chen+"/visits", url.Values{"on": {"2021-08-08"}, "kind": {"phone"}, "services": {"精神慰藉", "政策咨询"},
		"findings": {"情绪好转"}, "next_due": {"2021-08-12"}, "proposed": {"2021-08-12"}, "next": {"/worklist"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	if loc := res.Header().Get("Location"); loc != "/worklist" {
		t.Errorf("Location = %q, want /worklist", loc)
	}
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID)
	if got.LastVisit != shuangbai.NewDate(2021, 8, 8) || got.NextDue != shuangbai.NewDate(2021, 8, 11) {
		t.Errorf("after visit: last %v next %v, want 2021-08-08 and 2021-08-11", got.LastVisit, got.NextDue)
	}
	vs, _ := f.DB.Visits(ctx, webtest.AdminScope, f.Chen.ID, 0)
	if len(vs) != 2 || vs[0].Findings != "情绪好转" || len(vs[0].Services) != 2 || vs[0].By != webtest.YcWorker {
		t.Errorf("visits = %+v", vs)
	}
	// A date the worker typed is kept; an offsite next is not followed.
	res = sw.PostForm(t, chen+"/visits", url.Values{"on": {"2021-08-09"}, "kind": {"home"}, "findings": {"外出未遇，约好下周再访"},
		"next_due": {"2021-08-20"}, "proposed": {"2021-08-12"}, "next": {"//evil.example"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	if loc := res.Header().Get("Location"); loc != "/" {
		t.Errorf("Location = %q, want /", loc)
	}
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID); got.NextDue != shuangbai.NewDate(2021, 8, 20) {
		t.Errorf("typed next due not kept: %v", got.NextDue)
	}

	// A closed case takes no visits.
	res = sw.PostForm(t, chen+"/close", url.Values{"closed_why": {""}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写结案原因")
	webtest.Expect(t, sw.PostForm(t, chen+"/close", url.Values{"closed_why": {"迁出服务区域"}}), http.StatusSeeOther)
	webtest.Expect(t, sw.Get(t, chen), http.StatusOK, "已结案", "迁出服务区域")
	webtest.ExpectNot(t, sw.Get(t, chen), "/visits/new")
	webtest.Expect(t, sw.Get(t, chen+"/visits/new"), http.StatusOK, "不能再登记探访")
	res = sw.PostForm(t, chen+"/visits", url.Values{"on": {"2021-08-09"}, "kind": {"home"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "不能再登记探访")
	if vs, _ := f.DB.Visits(ctx, webtest.AdminScope, f.Chen.ID, 0); len(vs) != 3 {
		t.Errorf("visits = %d, want 3: the closed case took one", len(vs))
	}
	webtest.Expect(t, sw.PostForm(t, chen+"/close", url.Values{"closed_why": {"再次结案"}}), http.StatusUnprocessableEntity, "结案")
	webtest.Expect(t, sw.Get(t, "/beneficiaries?status=closed"), http.StatusOK, "陈志明")
	webtest.ExpectNot(t, sw.Get(t, "/beneficiaries"), "陈志明")
}

// TestAssessmentAndApplications records assessments (kept as history) and
// applications with field errors.
func TestAssessmentAndApplications(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	sw := f.As(t, webtest.YcWorker)
	ctx := t.Context()
	huang := "/beneficiaries/" + webtest.ID(f.Huang.ID)

	a := url.Values{"on": {"2021-08-09"}, "goals": {"每周入户，申请高龄津贴"}}
	for _, ar := range shuangbai.AssessmentAreas {
		a.Set("score_"+ar.Key, "3")
	}
	a.Del("score_care")
	res := sw.PostForm(t, huang+"/assessments", a)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请为“日常照料”评分", `<details class="fold" open>`)
	a.Set("score_care", "5")
	a.Set("note_care", "独居，行动不便")
	webtest.Expect(t, sw.PostForm(t, huang+"/assessments", a), http.StatusSeeOther)
	a.Set("score_care", "4")
	webtest.Expect(t, sw.PostForm(t, huang+"/assessments", a), http.StatusSeeOther)
	res = sw.Get(t, huang)
	webtest.Expect(t, res, http.StatusOK, "历次评估", "独居，行动不便", "需求总分 19 / 30", "每周入户，申请高龄津贴")
	if l, _ := f.DB.Assessments(ctx, webtest.AdminScope, f.Huang.ID, 0); len(l) != 2 || l[1].Rating("care").Score != 5 {
		t.Errorf("assessments = %+v", l)
	}

	res = sw.PostForm(t, huang+"/applications", url.Values{"kind": {"old_age"}, "status": {"approved"}, "prepared_on": {"2021-08-01"}, "amount": {"百元"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写递交日期", "请填写审批日期", "金额应为整数")
	res = sw.PostForm(t, huang+"/applications", url.Values{"kind": {"old_age"}, "status": {"submitted"}, "prepared_on": {"2021-08-01"},
		"submitted_on": {"2021-08-03"}, "amount": {"100"}, "documents": {"身份证复印件"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	apps, _ := f.DB.Applications(ctx, webtest.AdminScope, f.Huang.ID)
	if len(apps) != 1 || apps[0].Status != shuangbai.AppSubmitted || apps[0].Amount != 100 {
		t.Fatalf("applications = %+v", apps)
	}
	webtest.ExpectNot(t, sw.Get(t, huang), "尚无“高龄津贴”申请", "applications/new?kind=old_age")
	edit := huang + "/applications/" + webtest.ID(apps[0].ID)
	webtest.Expect(t, sw.Get(t, edit), http.StatusOK, "更新协助申请：高龄津贴", "身份证复印件")
	res = sw.PostForm(t, edit, url.Values{"kind": {"old_age"}, "status": {"approved"}, "prepared_on": {"2021-08-01"},
		"submitted_on": {"2021-08-03"}, "decided_on": {"2021-08-02"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "审批日期不能早于递交日期")
	res = sw.PostForm(t, edit, url.Values{"kind": {"old_age"}, "status": {"approved"}, "prepared_on": {"2021-08-01"},
		"submitted_on": {"2021-08-03"}, "decided_on": {"2021-08-06"}, "amount": {"100"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	webtest.Expect(t, sw.Get(t, huang), http.StatusOK, "已批准")
}

// TestReopen: a closed file offers 重新开案; the reason is required and
// checked like any typed reason, next to the field; an open case is
// refused; reopening is audited and the case is due a visit at once.
func TestReopen(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	sw := f.As(t, webtest.YcWorker)
	chen, huang := "/beneficiaries/"+webtest.ID(f.Chen.ID), "/beneficiaries/"+webtest.ID(f.Huang.ID)
	webtest.ExpectNot(t, sw.Get(t, chen), "重新开案")
	webtest.Expect(t, sw.PostForm(t, chen+"/close", url.Values{"closed_why": {"迁出服务区域"}}), http.StatusSeeOther)
	webtest.Expect(t, sw.Get(t, chen), http.StatusOK, "重新开案", `action="`+chen+`/reopen"`, `name="reopen_why"`)
	webtest.ExpectNot(t, f.As(t, webtest.YcViewer).Get(t, chen), `name="reopen_why"`)

	for _, tt := range []struct {
		name string
		c    *webtest.Client
		path string
		why  string
		code int
		want string
	}{
		{"no reason", sw, chen, " ", http.StatusUnprocessableEntity, "请填写重新开案的原因"},
		{"bidi", sw, chen, "迁回\u202e服务区域", http.StatusUnprocessableEntity, "改变文字方向"},
		{"too long", sw, chen, strings.Repeat("回", 201), http.StatusUnprocessableEntity, "200"},
		{"open case", sw, huang, "误结案", http.StatusUnprocessableEntity, "该档案未结案，无需重新开案"},
		{"viewer", f.As(t, webtest.YcViewer), chen, "误结案", http.StatusForbidden, ""},
		{"another county", f.As(t, webtest.LdAdmin), chen, "误结案", http.StatusNotFound, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.PostForm(t, tt.path+"/reopen", url.Values{"reopen_why": {tt.why}})
			webtest.Expect(t, res, tt.code, tt.want)
			if tt.code == http.StatusUnprocessableEntity {
				webtest.Expect(t, res, tt.code, `class="field-error"`, `id="reopen"`)
			}
		})
	}
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID); got.Open {
		t.Fatal("a refused reopening opened the case")
	}

	webtest.Expect(t, sw.PostForm(t, chen+"/reopen", url.Values{"reopen_why": {"迁回服务区域"}}), http.StatusSeeOther)
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID)
	if !got.Open || got.NextDue != shuangbai.NewDate(2021, 8, 9) {
		t.Errorf("reopened: open %v, next due %v", got.Open, got.NextDue)
	}
	entries, _ := f.DB.AuditLog(ctx, webtest.AdminScope, store.AuditFilter{Entity: "beneficiary", EntityID: webtest.ID(f.Chen.ID)})
	if len(entries) == 0 || entries[0].Action != "reopen" || !strings.Contains(entries[0].After, "迁回服务区域") || entries[0].Username != webtest.YcWorker {
		t.Errorf("audit = %+v", entries)
	}
	webtest.Expect(t, sw.Get(t, chen), http.StatusOK, "下次探访：今天到期", "登记探访")
}

// TestCaseWording: the file says only what is known of how a person was
// identified, writes every day one way (2021年8月9日), names the person who
// recorded a visit (系统 for the system's own), and the list says how many
// it holds.
func TestCaseWording(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	sw, admin := f.As(t, webtest.YcWorker), f.As(t, webtest.YcAdmin)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	webtest.Expect(t, sw.PostForm(t, chen+"/visits", url.Values{"on": {"2021-08-09"}, "kind": {"phone"}, "services": {"精神慰藉"}}), http.StatusSeeOther)
	for _, tt := range []struct {
		c         *webtest.Client
		path      string
		want, bad []string
	}{
		{sw, chen, []string{"<dd>入户走访，2021年3月1日</dd>", "<dd>2021年8月9日 10:00</dd>", "记录人 陈云城", "记录人 系统", "2021年8月2日"},
			[]string{"记录人 system", "记录人 " + webtest.YcWorker, "<dd>2021-08-09", "—，"}},
		{sw, "/beneficiaries/" + webtest.ID(f.Zhang.ID), []string{"<dd>2021年4月1日</dd>"}, []string{"—，", "—，2021年4月1日"}},
		{sw, "/beneficiaries", []string{"共 4 人"}, nil},
		{sw, "/beneficiaries?group=left_behind", []string{"共 1 人"}, nil},
		{sw, "/beneficiaries?status=closed", []string{"共 0 人"}, nil},
		{admin, "/access-log", []string{"2021年8月9日 10:00", "陈云城 <small class=\"muted\">" + webtest.YcWorker}, []string{`nowrap">2021-08-09`}},
	} {
		res := tt.c.Get(t, tt.path)
		webtest.Expect(t, res, http.StatusOK, tt.want...)
		webtest.ExpectNot(t, res, tt.bad...)
	}

	// The API refuses an empty visit too, with every problem at once.
	res := f.API(t, webtest.YcWorker).JSON(t, "POST", "/api/v1/visits", `{"beneficiary_id":`+webtest.ID(f.Chen.ID)+`,"on":"2021-08-10","kind":"home"}`)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `"services"`, "请至少勾选一项服务或填写情况记录", `"on"`, "不能晚于今天")
}
