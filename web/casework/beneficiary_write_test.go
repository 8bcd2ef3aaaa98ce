package casework_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web/casework"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// TestCasePermissions checks who may do what: a viewer reads but every
// write is a 403; a worker writes but may not reveal, export, read the
// access log or confirm a lowering.
func TestCasePermissions(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	viewer, viewerAPI, sw := f.As(t, webtest.YcViewer), f.API(t, webtest.YcViewer), f.As(t, webtest.YcWorker)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	webtest.Expect(t, viewer.Get(t, chen), http.StatusOK, "陈志明")
	webtest.ExpectNot(t, viewer.Get(t, chen), "登记探访", "调整跟进级别", "修改档案", "查看完整身份证号")

	visit := url.Values{"on": {"2021-08-09"}, "kind": {"home"}}
	for _, tt := range []struct {
		name string
		res  func() int
	}{
		{"GET /beneficiaries/new", func() int { return viewer.Get(t, "/beneficiaries/new").Code }},
		{"POST /beneficiaries", func() int { return viewer.PostForm(t, "/beneficiaries", url.Values{"name": {"x"}}).Code }},
		{"GET edit", func() int { return viewer.Get(t, chen+"/edit").Code }},
		{"POST update", func() int { return viewer.PostForm(t, chen, url.Values{"name": {"x"}}).Code }},
		{"POST level", func() int { return viewer.PostForm(t, chen+"/level", url.Values{"level": {"2"}, "reason": {"x"}}).Code }},
		{"POST confirm", func() int { return viewer.PostForm(t, chen+"/level/1/confirm", nil).Code }},
		{"POST close", func() int { return viewer.PostForm(t, chen+"/close", url.Values{"closed_why": {"x"}}).Code }},
		{"POST assessments", func() int { return viewer.PostForm(t, chen+"/assessments", nil).Code }},
		{"GET visit form", func() int { return viewer.Get(t, chen+"/visits/new").Code }},
		{"POST visits", func() int { return viewer.PostForm(t, chen+"/visits", visit).Code }},
		{"GET application form", func() int { return viewer.Get(t, chen+"/applications/new").Code }},
		{"POST applications", func() int { return viewer.PostForm(t, chen+"/applications", nil).Code }},
		{"POST reveal", func() int { return viewer.PostForm(t, chen+"/reveal", url.Values{"reason": {"x"}}).Code }},
		{"GET export", func() int { return viewer.Get(t, "/beneficiaries.csv").Code }},
		{"POST export", func() int { return viewer.PostForm(t, "/beneficiaries.csv", url.Values{"reason": {"x"}}).Code }},
		{"GET access log", func() int { return viewer.Get(t, "/access-log").Code }},
		{"API POST beneficiaries", func() int { return viewerAPI.JSON(t, "POST", "/api/v1/beneficiaries", `{"name":"x"}`).Code }},
		{"API PATCH beneficiary", func() int {
			return viewerAPI.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(f.Chen.ID), `{"name":"x"}`).Code
		}},
		{"API POST level", func() int {
			return viewerAPI.JSON(t, "POST", "/api/v1/beneficiaries/"+webtest.ID(f.Chen.ID)+"/level", `{"level":2,"reason":"x"}`).Code
		}},
		{"API POST visits", func() int {
			return viewerAPI.JSON(t, "POST", "/api/v1/visits", `{"beneficiary_id":`+webtest.ID(f.Chen.ID)+`,"kind":"home"}`).Code
		}},
		{"API POST applications", func() int { return viewerAPI.JSON(t, "POST", "/api/v1/applications", `{"kind":"medical"}`).Code }},
		{"API PATCH application", func() int { return viewerAPI.JSON(t, "PATCH", "/api/v1/applications/1", `{}`).Code }},
		{"worker exports (form)", func() int { return sw.Get(t, "/beneficiaries.csv").Code }},
		{"worker exports", func() int { return sw.PostForm(t, "/beneficiaries.csv", url.Values{"reason": {"核对"}}).Code }},
		{"worker reads access log", func() int { return sw.Get(t, "/access-log").Code }},
		{"worker confirms", func() int { return sw.PostForm(t, chen+"/level/1/confirm", nil).Code }},
	} {
		if got := tt.res(); got != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tt.name, got)
		}
	}
	ctx := t.Context()
	if vs, _ := f.DB.Visits(ctx, webtest.AdminScope, f.Chen.ID, 0); len(vs) != 1 {
		t.Errorf("visits of 陈志明 = %d, want the fixture's 1", len(vs))
	}
	if l, _ := f.DB.AccessLog(ctx, webtest.AdminScope, f.Chen.ID, 0, 0); hasAction(l, store.AccessReveal) || hasAction(l, store.AccessExport) {
		t.Errorf("a refused reveal or export was logged: %+v", l)
	}
}

func hasAction(l []store.AccessEntry, action string) bool {
	for _, e := range l {
		if e.Action == action {
			return true
		}
	}
	return false
}

// TestReveal checks that revealing a full ID needs a reason, is logged
// with it, and shows the number once.
func TestReveal(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	admin := f.As(t, webtest.YcAdmin)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)

	res := admin.PostForm(t, chen+"/reveal", url.Values{"reason": {"  "}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写理由", "<details class=\"fold\" open>")
	webtest.ExpectNot(t, res, f.Chen.IDNumber)

	res = admin.PostForm(t, chen+"/reveal", url.Values{"reason": {"核对补贴申请材料"}})
	webtest.Expect(t, res, http.StatusOK, f.Chen.IDNumber, "13800138001", "仅本次显示", "核对补贴申请材料")
	if cc := res.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	webtest.ExpectNot(t, admin.Get(t, chen), f.Chen.IDNumber) // once

	l, err := f.DB.AccessLog(t.Context(), webtest.AdminScope, f.Chen.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var reveals, views int
	for _, e := range l {
		switch e.Action {
		case store.AccessReveal:
			reveals++
			if e.Reason != "核对补贴申请材料" || e.Username != webtest.YcAdmin {
				t.Errorf("reveal entry = %+v", e)
			}
		case store.AccessView:
			views++
		}
	}
	if reveals != 1 || views != 2 { // the refused reveal's page and the later view
		t.Errorf("log: %d reveals, %d views; want 1 and 2: %+v", reveals, views, l)
	}
	res = admin.Get(t, "/access-log?beneficiary="+webtest.ID(f.Chen.ID))
	webtest.Expect(t, res, http.StatusOK, "查看完整号码", "核对补贴申请材料", webtest.YcAdmin, "陈志明")
	webtest.ExpectNot(t, res, "李阿婆")
	webtest.Expect(t, admin.Get(t, "/access-log"), http.StatusOK, "查看档案")
}

// TestLevels checks that raising a level is immediate, that lowering waits
// for a lead, and that a stale lowering cannot be confirmed.
func TestLevels(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	sw, lead := f.As(t, webtest.YcWorker), f.As(t, webtest.YcLead)
	ctx := t.Context()
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)

	webtest.Expect(t, sw.PostForm(t, chen+"/level", url.Values{"level": {"3"}, "reason": {""}}), http.StatusUnprocessableEntity, "调整跟进级别须说明理由")
	webtest.Expect(t, sw.PostForm(t, chen+"/level", url.Values{"level": {"1"}, "reason": {"x"}}), http.StatusUnprocessableEntity, "该个案已是一级")

	webtest.Expect(t, sw.PostForm(t, chen+"/level", url.Values{"level": {"3"}, "reason": {"情绪稳定"}}), http.StatusSeeOther)
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID); got.Level != 1 {
		t.Fatalf("level lowered before confirmation: %v", got.Level)
	}
	res := sw.Get(t, chen)
	webtest.Expect(t, res, http.StatusOK, "待确认", "由一级降为三级", "须由站长或督导确认")
	webtest.ExpectNot(t, res, "确认降级")
	pending, _ := f.DB.LevelChanges(ctx, webtest.AdminScope, f.Chen.ID, true)
	if len(pending) != 1 {
		t.Fatalf("pending = %+v", pending)
	}
	confirm := chen + "/level/" + webtest.ID(pending[0].ID) + "/confirm"
	webtest.Expect(t, sw.PostForm(t, confirm, nil), http.StatusForbidden)
	webtest.Expect(t, lead.Get(t, chen), http.StatusOK, "确认降级")
	res = lead.PostForm(t, confirm, nil)
	webtest.Expect(t, res, http.StatusSeeOther)
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID)
	if got.Level != 3 {
		t.Fatalf("after confirmation: level %v", got.Level)
	}
	webtest.Expect(t, lead.PostForm(t, confirm, nil), http.StatusNotFound) // already confirmed

	// Raising is immediate.
	webtest.Expect(t, sw.PostForm(t, chen+"/level", url.Values{"level": {"2"}, "reason": {"病情加重"}}), http.StatusSeeOther)
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID); got.Level != 2 {
		t.Errorf("raise not immediate: %v", got.Level)
	}

	// A lowering overtaken by a raise is superseded: confirming it would undo
	// the raise, so it is no longer pending and cannot be confirmed.
	webtest.Expect(t, sw.PostForm(t, chen+"/level", url.Values{"level": {"4"}, "reason": {"稳定"}}), http.StatusSeeOther)
	pending, _ = f.DB.LevelChanges(ctx, webtest.AdminScope, f.Chen.ID, true)
	if len(pending) != 1 {
		t.Fatalf("pending = %+v", pending)
	}
	webtest.Expect(t, sw.PostForm(t, chen+"/level", url.Values{"level": {"1"}, "reason": {"突发疾病"}}), http.StatusSeeOther)
	if still, _ := f.DB.LevelChanges(ctx, webtest.AdminScope, f.Chen.ID, true); len(still) != 0 {
		t.Fatalf("superseded lowering still pending: %+v", still)
	}
	webtest.Expect(t, lead.PostForm(t, chen+"/level/"+webtest.ID(pending[0].ID)+"/confirm", nil), http.StatusNotFound)
	webtest.Expect(t, lead.Get(t, chen), http.StatusOK, "已被后来的调整取代")
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Chen.ID); got.Level != 1 {
		t.Errorf("stale lowering applied: %v", got.Level)
	}
}

// TestBeneficiaryForm files a person with mistakes, fixes them, adds a
// household member and edits the file without retyping the numbers.
func TestBeneficiaryForm(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	sw := f.As(t, webtest.YcWorker)
	ctx := t.Context()
	number := webtest.IDNum("44530219500101101") // a man born 1950-01-01

	bad := url.Values{"name": {" "}, "id_number": {number}, "gender": {"女"}, "birth": {"1951-01-01"}, "phone": {"12"}, "region": {"445302003208"},
		"household": {"new"}, "groups": {"disabled"}, "level": {"9"}, "found_on": {"2021-08-10"}}
	res := sw.PostForm(t, "/beneficiaries", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写姓名", "性别与身份证号不符", "出生日期与身份证号不符", "电话号码格式不正确",
		"残疾人请填写残疾类别和等级", "请选择跟进级别", "识别日期不能晚于今天")
	res = sw.PostForm(t, "/beneficiaries", url.Values{"name": {"陈"}, "id_number": {number[:17] + "0"}, "region": {"445302003208"}, "level": {"2"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "身份证号校验位不正确")
	res = sw.PostForm(t, "/beneficiaries", url.Values{"name": {"陈"}, "id_number": {f.Chen.IDNumber}, "region": {"445302003208"}, "level": {"2"}})
	webtest.Expect(t, res, http.StatusConflict, "该身份证号已建档")

	good := url.Values{"name": {"梁伯"}, "id_number": {number}, "phone": {"13700137000"}, "region": {"445302003208"}, "household": {"new"},
		"relation": {"户主"}, "groups": {"elderly", "dibao"}, "level": {"2"}, "found_by": {"village"}, "found_on": {"2021-08-01"},
		"worker_id": {webtest.ID(f.YcPerson.ID)}}
	res = sw.PostForm(t, "/beneficiaries", good)
	webtest.Expect(t, res, http.StatusSeeOther)
	list, _ := f.DB.Beneficiaries(ctx, webtest.AdminScope, shuangbai.BeneficiaryFilter{IDNumber: number})
	if len(list) != 1 || list[0].Gender != "男" || list[0].Birth != shuangbai.NewDate(1950, 1, 1) || list[0].HouseholdID == 0 || len(list[0].Groups) != 2 {
		t.Fatalf("filed = %+v", list)
	}
	liang := list[0]
	if loc := res.Header().Get("Location"); loc != "/beneficiaries/"+webtest.ID(liang.ID) {
		t.Errorf("Location = %q", loc)
	}
	webtest.Expect(t, sw.Get(t, "/beneficiaries/"+webtest.ID(liang.ID)), http.StatusOK, "梁伯", "尚未做需求评估", "137****7000")

	// A member joins the household from the head's file.
	res = sw.PostForm(t, "/beneficiaries", url.Values{"name": {"梁婆"}, "gender": {"女"}, "birth": {"1952-03-03"}, "region": {"445302003208"},
		"household": {webtest.ID(liang.HouseholdID)}, "relation": {"配偶"}, "level": {"3"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	_, members, _ := f.DB.Household(ctx, webtest.AdminScope, liang.HouseholdID)
	if len(members) != 2 {
		t.Errorf("household members = %d, want 2", len(members))
	}

	// Editing keeps the numbers unless retyped, and can clear the phone.
	edit := casework.BeneficiaryFormValues(liang)
	edit.Set("name", "梁伯伯")
	res = sw.PostForm(t, "/beneficiaries/"+webtest.ID(liang.ID), edit)
	webtest.Expect(t, res, http.StatusSeeOther)
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, liang.ID)
	if got.Name != "梁伯伯" || got.IDNumber != number || got.Phone != "13700137000" || got.Level != 2 {
		t.Errorf("after edit: %+v", got)
	}
	edit.Set("clear_phone", "1")
	edit.Set("birth", "1950-02-02")
	webtest.Expect(t, sw.PostForm(t, "/beneficiaries/"+webtest.ID(liang.ID), edit), http.StatusUnprocessableEntity, "出生日期与身份证号不符")
	edit.Set("birth", "1950-01-01")
	webtest.Expect(t, sw.PostForm(t, "/beneficiaries/"+webtest.ID(liang.ID), edit), http.StatusSeeOther)
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, liang.ID); got.Phone != "" || got.IDNumber != number {
		t.Errorf("after clearing the phone: %+v", got)
	}
	// Moving to another village leaves the household behind or fails.
	edit.Set("region", "445302102201")
	webtest.Expect(t, f.As(t, webtest.YcAdmin).PostForm(t, "/beneficiaries/"+webtest.ID(liang.ID), edit), http.StatusUnprocessableEntity, "所选家庭不在本人所在的村")
	edit.Set("household", "new")
	edit.Set("head_name", "梁伯伯")
	webtest.Expect(t, f.As(t, webtest.YcAdmin).PostForm(t, "/beneficiaries/"+webtest.ID(liang.ID), edit), http.StatusSeeOther)
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, liang.ID); got.Region != "445302102201" || got.HouseholdID == liang.HouseholdID {
		t.Errorf("after moving: %+v", got)
	}
}

// TestBeneficiaryListPaging pages a long list by id, and shows a name
// search (which comes in name order) as one page with a hint.
func TestBeneficiaryListPaging(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	for i := range 55 {
		b := &shuangbai.Beneficiary{Region: "445302003208", Name: "王" + strings.Repeat("一", 1+i%3) + webtest.ID(int64(i)), Gender: "男",
			Birth: shuangbai.NewDate(1960, 1, 1+i%28), Level: 3}
		if err := f.DB.FileBeneficiary(t.Context(), shuangbai.SystemUser, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	c := f.As(t, webtest.YcAdmin)
	res := c.Get(t, "/beneficiaries")
	webtest.Expect(t, res, http.StatusOK, "下一页", "after=")
	first := strings.Count(res.Body.String(), `<td class="case-name">`)
	next := res.Body.String()
	i := strings.Index(next, `href="/beneficiaries?after=`)
	if first != ui.PageSize || i < 0 {
		t.Fatalf("page 1: %d rows, next link at %d", first, i)
	}
	link := strings.ReplaceAll(next[i+6:i+6+strings.Index(next[i+6:], `"`)], "&amp;", "&")
	res = c.Get(t, link)
	webtest.Expect(t, res, http.StatusOK, "回到第一页", "已是最后一页")
	if n := strings.Count(res.Body.String(), `<td class="case-name">`); first+n != 59 {
		t.Errorf("pages hold %d + %d rows, want 59", first, n)
	}
	res = c.Get(t, "/beneficiaries?q=王")
	webtest.Expect(t, res, http.StatusOK, "只显示前 50 人")
	webtest.ExpectNot(t, res, "下一页 ›</a>")
	webtest.Expect(t, f.API(t, webtest.YcAdmin).Get(t, "/api/v1/beneficiaries?q=王&limit=10"), http.StatusOK, `"truncated":true`, `"next_after":null`)
	webtest.Expect(t, f.API(t, webtest.YcAdmin).Get(t, "/api/v1/beneficiaries?q=王&after=3"), http.StatusBadRequest)
}

// TestWorkerRevealsPhone: the responsible worker may see the phone number
// of a person she visits, never the full ID number; another worker may not.
func TestWorkerRevealsPhone(t *testing.T) {
	f := webtest.NewCase(t)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	sw := f.As(t, webtest.YcWorker)
	res := sw.PostForm(t, chen+"/reveal", url.Values{"reason": {"电话预约探访"}})
	webtest.Expect(t, res, http.StatusOK, "完整电话", f.Chen.Phone)
	webtest.ExpectNot(t, res, f.Chen.IDNumber)
	l, _ := f.DB.AccessLog(t.Context(), shuangbai.Scope{Code: "4453"}, f.Chen.ID, 0, 0)
	if len(l) == 0 || l[0].Action != store.AccessReveal || l[0].Detail != "电话" || l[0].Reason != "电话预约探访" {
		t.Errorf("reveal not logged as a phone reveal: %+v", l)
	}
	storetest.User(t, f.DB, "yc.sw2", shuangbai.RoleWorker, "445302003", webtest.Hash())
	webtest.Expect(t, f.As(t, "yc.sw2").PostForm(t, chen+"/reveal", url.Values{"reason": {"x"}}), http.StatusForbidden)
}

// TestReadsAreLogged: reading visit findings, applications or a household's
// members through the API is a view of each person, as opening a file is.
func TestReadsAreLogged(t *testing.T) {
	f := webtest.NewCase(t)
	api := f.API(t, webtest.YcWorker)
	all := shuangbai.Scope{Code: "4453"}
	count := func() int {
		l, _ := f.DB.AccessLog(t.Context(), all, f.Chen.ID, 0, 500)
		return len(l)
	}
	for _, path := range []string{
		"/api/v1/visits?beneficiary_id=" + webtest.ID(f.Chen.ID),
		"/api/v1/applications?beneficiary_id=" + webtest.ID(f.Chen.ID),
	} {
		before := count()
		webtest.Expect(t, api.Get(t, path), http.StatusOK)
		if count() != before+1 {
			t.Errorf("GET %s: access log %d → %d, want one more", path, before, count())
		}
	}
	if f.Chen.HouseholdID != 0 {
		before := count()
		webtest.Expect(t, api.Get(t, "/api/v1/households/"+webtest.ID(f.Chen.HouseholdID)), http.StatusOK)
		if count() != before+1 {
			t.Errorf("household read not logged for its member: %d → %d", before, count())
		}
	}
}
