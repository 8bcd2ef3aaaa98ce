package casework_test

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/casework"
	"shuangbai/web/webtest"
)

// TestCaseScope checks that a 云城区 user never sees or changes a 罗定市
// beneficiary: every page, write and API call about them is a 404 (or, for
// an id inside a JSON body, a field error), lists and searches leave them
// out, and a worklist or outcomes report of 罗定市 is a 404.
func TestCaseScope(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	yc, ycAPI := f.As(t, webtest.YcAdmin), f.API(t, webtest.YcAdmin)
	li, app, hh := webtest.ID(f.Li.ID), webtest.ID(f.LdApp.ID), webtest.ID(f.LdHousehold.ID)
	leaks := []string{"李阿婆", "双东", f.Li.IDNumber, shuangbai.MaskIDNumber(f.Li.IDNumber)}

	t.Run("pages are 404", func(t *testing.T) {
		for _, path := range []string{
			"/beneficiaries/" + li,
			"/beneficiaries/" + li + "/edit",
			"/beneficiaries/" + li + "/visits/new",
			"/beneficiaries/" + li + "/applications/new",
			"/beneficiaries/" + li + "/applications/" + app,
			"/beneficiaries/" + webtest.ID(f.Chen.ID) + "/applications/" + app, // another file's application
			"/beneficiaries/new?household=" + hh,
			"/beneficiaries?region=445381",
			"/beneficiaries?region=445381004001",
			"/beneficiaries.csv?region=445381",
			"/worklist?region=445381",
			"/worklist?region=445381004",
			"/reports/outcomes?region=445381",
			"/reports/outcomes?region=445381004",
			"/access-log?beneficiary=" + li,
		} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				res := yc.Get(t, path)
				webtest.Expect(t, res, http.StatusNotFound, "不存在")
				webtest.ExpectNot(t, res, leaks...)
			})
		}
	})

	// unchanged checks that no write reached 李阿婆: her file, and each
	// record the writes aim at, as the fixture left them. A failed read is
	// a failure too, not an empty list.
	unchanged := func(t *testing.T) {
		t.Helper()
		ctx := t.Context()
		got, err := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Li.ID)
		if err != nil || got.Name != "李阿婆" || got.Level != 2 || !got.Open {
			t.Errorf("罗定 file changed: %+v, %v", got, err)
		}
		visits, err := f.DB.Visits(ctx, webtest.AdminScope, f.Li.ID, 0)
		if err != nil || len(visits) != 1 {
			t.Errorf("罗定 visits = %d, %v; want the fixture's 1", len(visits), err)
		}
		apps, err := f.DB.Applications(ctx, webtest.AdminScope, f.Li.ID)
		if err != nil || len(apps) != 1 || apps[0].Status != f.LdApp.Status {
			t.Errorf("罗定 applications = %+v, %v; want the fixture's one, %s", apps, err, f.LdApp.Status)
		}
		changes, err := f.DB.LevelChanges(ctx, webtest.AdminScope, f.Li.ID, false)
		if err != nil || len(changes) != 1 || !changes[0].Pending {
			t.Errorf("罗定 level changes = %+v, %v; want the fixture's pending one", changes, err)
		}
		assessments, err := f.DB.Assessments(ctx, webtest.AdminScope, f.Li.ID, 0)
		if err != nil || len(assessments) != 0 {
			t.Errorf("罗定 assessments = %d, %v; want none", len(assessments), err)
		}
	}

	t.Run("writes are 404", func(t *testing.T) {
		for _, tt := range []struct {
			path string
			form url.Values
		}{
			{"/beneficiaries/" + li, url.Values{"name": {"改名"}, "region": {"445381004001"}}},
			{"/beneficiaries/" + li + "/reveal", url.Values{"reason": {"核对"}}},
			{"/beneficiaries/" + li + "/level", url.Values{"level": {"1"}, "reason": {"x"}}},
			{"/beneficiaries/" + li + "/level/" + webtest.ID(f.LdChange.ID) + "/confirm", nil},
			{"/beneficiaries/" + webtest.ID(f.Chen.ID) + "/level/" + webtest.ID(f.LdChange.ID) + "/confirm", nil},
			{"/beneficiaries/" + li + "/close", url.Values{"closed_why": {"x"}}},
			{"/beneficiaries/" + li + "/assessments", url.Values{"on": {"2021-08-09"}}},
			{"/beneficiaries/" + li + "/visits", url.Values{"on": {"2021-08-09"}, "kind": {"home"}}},
			{"/beneficiaries/" + li + "/applications", url.Values{"kind": {"medical"}, "status": {"preparing"}, "prepared_on": {"2021-08-09"}}},
			{"/beneficiaries/" + li + "/applications/" + app, url.Values{"kind": {"medical"}, "status": {"preparing"}, "prepared_on": {"2021-08-09"}}},
			{"/beneficiaries.csv", url.Values{"region": {"445381"}, "reason": {"核对"}}},
		} {
			t.Run(tt.path, func(t *testing.T) {
				res := yc.PostForm(t, tt.path, tt.form)
				webtest.Expect(t, res, http.StatusNotFound)
				webtest.ExpectNot(t, res, leaks...)
			})
		}
		// Creating in another county, or joining its household, is a field error.
		res := yc.PostForm(t, "/beneficiaries", url.Values{"name": {"新人"}, "gender": {"男"}, "birth": {"1960-01-01"}, "level": {"2"}, "region": {"445381004001"}, "household": {"new"}})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "不在您的管辖范围内")
		res = yc.PostForm(t, "/beneficiaries", url.Values{"name": {"新人"}, "gender": {"男"}, "birth": {"1960-01-01"}, "level": {"2"}, "region": {"445302003208"}, "household": {hh}})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "家庭不存在或不在您的管辖范围内")
		unchanged(t)
	})

	t.Run("api is 404", func(t *testing.T) {
		for _, tt := range []struct{ method, path, body string }{
			{"GET", "/api/v1/beneficiaries/" + li, ""},
			{"PATCH", "/api/v1/beneficiaries/" + li, `{"name":"改名"}`},
			{"POST", "/api/v1/beneficiaries/" + li + "/level", `{"level":1,"reason":"x"}`},
			{"GET", "/api/v1/households/" + hh, ""},
			{"GET", "/api/v1/visits?beneficiary_id=" + li, ""},
			{"GET", "/api/v1/applications?beneficiary_id=" + li, ""},
			{"PATCH", "/api/v1/applications/" + app, `{"status":"submitted","submitted_on":"2021-08-09"}`},
			{"GET", "/api/v1/beneficiaries?region=445381", ""},
			{"GET", "/api/v1/worklist?region=445381", ""},
			{"GET", "/api/v1/reports/outcomes?region=445381", ""},
		} {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				var body any
				if tt.body != "" {
					body = tt.body
				}
				res := ycAPI.JSON(t, tt.method, tt.path, body)
				webtest.Expect(t, res, http.StatusNotFound, `"code":"not_found"`)
				webtest.ExpectNot(t, res, leaks...)
			})
		}
		// An id inside a body names nothing the user can see: a field error.
		for _, tt := range []struct{ path, body, field string }{
			{"/api/v1/visits", `{"beneficiary_id":` + li + `,"kind":"home"}`, "beneficiary"},
			{"/api/v1/applications", `{"beneficiary_id":` + li + `,"kind":"medical","status":"preparing","prepared_on":"2021-08-01"}`, "beneficiary"},
			{"/api/v1/beneficiaries", `{"region":"445381004001","name":"x","gender":"男","birth":"1960-01-01","level":2}`, "region"},
			{"/api/v1/beneficiaries", `{"region":"445302003208","name":"x","gender":"男","birth":"1960-01-01","level":2,"household_id":` + hh + `}`, "household"},
		} {
			res := ycAPI.JSON(t, "POST", tt.path, tt.body)
			webtest.Expect(t, res, http.StatusUnprocessableEntity, `"`+tt.field+`"`)
			webtest.ExpectNot(t, res, leaks...)
		}
		unchanged(t)
	})

	t.Run("lists exclude other counties", func(t *testing.T) {
		for _, tt := range []struct {
			path string
			want string
		}{
			{"/beneficiaries", "陈志明"},
			{"/beneficiaries?status=all", "陈志明"},
			{"/beneficiaries?q=李", "没有符合条件的服务对象"},
			{"/beneficiaries?q=" + f.Li.IDNumber, "没有符合条件的服务对象"},
			{"/beneficiaries?q=" + strings.ToLower(f.Chen.IDNumber), "陈志明"},
			{"/worklist", "河口街道"},
			{"/reports/outcomes", "云城区"},
			{"/access-log", "个人信息访问记录"},
			{"/beneficiaries/new", "双上村"},
			{"/beneficiaries/" + webtest.ID(f.Chen.ID), "陈志明"},
			{"/api/v1/beneficiaries?status=all", "陈志明"},
			{"/api/v1/beneficiaries?q=" + f.Li.IDNumber, `"items":[]`},
			{"/api/v1/worklist", "河口街道"},
			{"/api/v1/reports/outcomes", "云城区"},
		} {
			t.Run(tt.path, func(t *testing.T) {
				t.Parallel()
				c := yc
				if strings.HasPrefix(tt.path, "/api") {
					c = ycAPI
				}
				res := c.Get(t, tt.path)
				webtest.Expect(t, res, http.StatusOK, tt.want)
				webtest.ExpectNot(t, res, "李阿婆", "双东", shuangbai.MaskIDNumber(f.Li.IDNumber))
				if !strings.Contains(tt.path, f.Li.IDNumber) { // a search echoes what was typed
					webtest.ExpectNot(t, res, f.Li.IDNumber)
				}
			})
		}
		res := yc.PostForm(t, "/beneficiaries.csv", url.Values{"status": {"all"}, "reason": {"年度核查"}})
		webtest.Expect(t, res, http.StatusOK, f.Chen.IDNumber)
		webtest.ExpectNot(t, res, leaks...)
	})

	t.Run("city admin sees both", func(t *testing.T) {
		t.Parallel()
		city := f.As(t, webtest.CityAdmin)
		webtest.Expect(t, city.Get(t, "/beneficiaries"), http.StatusOK, "陈志明", "李阿婆")
		webtest.Expect(t, city.Get(t, "/beneficiaries/"+li), http.StatusOK, "李阿婆")
		webtest.Expect(t, city.Get(t, "/worklist"), http.StatusOK, "河口街道", "双东街道")
	})
}

// TestCasePages renders every case page for the users who use them and
// checks what each should show.
func TestCasePages(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	sw, admin := f.As(t, webtest.YcWorker), f.As(t, webtest.YcAdmin)
	chen := webtest.ID(f.Chen.ID)
	chenMask := shuangbai.MaskIDNumber(f.Chen.IDNumber) // 尾号1013
	for _, tt := range []struct {
		c    *webtest.Client
		path string
		want []string
		bad  []string
	}{
		{sw, "/beneficiaries", []string{"陈志明", "黄阿婆", "张小红", chenMask, "138****8001", "逾期 4 天", "今天到期", "3 天后到期"},
			[]string{f.Chen.IDNumber, "13800138001", "导出名册"}},
		{sw, "/beneficiaries?group=left_behind", []string{"张小红"}, []string{"陈志明"}},
		{sw, "/beneficiaries?region=445302003208&q=陈", []string{"陈志明"}, []string{"黄阿婆"}},
		{sw, "/beneficiaries?q=445302", []string{"请输入完整的 18 位号码"}, []string{"陈志明"}},
		{admin, "/beneficiaries", []string{"导出名册", "/beneficiaries.xlsx", "共 4 人"}, nil},
		{sw, "/beneficiaries/" + chen, []string{"陈志明", "肢体二级", "一级跟进", "每周2次", "逾期 4 天", "黄阿婆", "陈云城", "登记探访",
			"调整跟进级别", "需求评估", "陈志明情况稳定", chenMask, "25 岁"}, []string{f.Chen.IDNumber, "查看完整身份证号", "13800138001", "1996-05-12", "出生日期"}},
		{admin, "/beneficiaries/" + chen, []string{"查看完整身份证号", "查看理由"}, []string{f.Chen.IDNumber}},
		{sw, "/beneficiaries/" + webtest.ID(f.Huang.ID), []string{"可能符合的政策", "高龄津贴", "年满80周岁（现85岁），尚无“高龄津贴”申请",
			"依据：广东省80周岁以上高龄老人津贴制度", "applications/new?kind=old_age", "今天到期"}, nil},
		{sw, "/beneficiaries/" + chen + "/edit", []string{"修改档案：陈志明", "已登记 " + chenMask, "已登记（25 岁）", "不修改请留空", "删除已登记的电话", "户主 陈志明"},
			[]string{f.Chen.IDNumber, "13800138001", "1996-05-12"}},
		{sw, "/beneficiaries/new", []string{"服务对象建档", "设有社工点的村（社区）", "河口街道 · 双上村民委员会", "陈云城（社工", "新建家庭档案"}, []string{"双东", "腰古村民委员会"}},
		{admin, "/beneficiaries/new", []string{"腰古镇", "腰古村民委员会"}, []string{"双东"}},
		{sw, "/beneficiaries/new?household=" + webtest.ID(f.Chen.HouseholdID), []string{"户主 陈志明", "selected"}, nil},
		{sw, "/beneficiaries/" + chen + "/visits/new?next=/worklist", []string{"登记探访", "2021-08-09", "2021-08-12", "按一级（每周2次）推算", "陈志明情况稳定", `name="next" value="/worklist"`}, nil},
		{sw, "/beneficiaries/" + chen + "/applications/new?kind=old_age", []string{"添加协助申请", `value="old_age" selected`}, nil},
		{sw, "/reports/outcomes?region=445302003&to=2021-08-09", []string{"截至2021年8月9日，河口街道社工站累计为", "户", "残疾人1人", "textarea"}, nil},
		{admin, "/beneficiaries.csv?group=disabled", []string{"导出理由", `name="group" value="disabled"`, "类别 残疾人"}, nil},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res := tt.c.Get(t, tt.path)
			webtest.Expect(t, res, http.StatusOK, tt.want...)
			webtest.ExpectNot(t, res, tt.bad...)
		})
	}

	t.Run("bad parameters", func(t *testing.T) {
		t.Parallel()
		for _, path := range []string{"/beneficiaries?status=x", "/beneficiaries?group=x", "/beneficiaries?after=x", "/beneficiaries?region=123",
			"/worklist?view=x", "/reports/outcomes?from=2021-13-01", "/access-log?before=x"} {
			webtest.Expect(t, admin.Get(t, path), http.StatusBadRequest, "请求有误")
		}
		for _, path := range []string{"/beneficiaries/0", "/beneficiaries/x", "/beneficiaries/99999", "/beneficiaries/99999/visits/new"} {
			webtest.Expect(t, admin.Get(t, path), http.StatusNotFound)
		}
	})
}

// TestMain fails a full run in which a page template of case work was never
// rendered.
func TestMain(m *testing.M) { webtest.Main(m, casework.Pages) }

// TestRefusedEditLeavesNoHousehold edits files to a new household in ways
// only the store refuses (an ID number another file holds, a worker outside
// the user's area), through the API and the form: each refusal must leave
// the households, and their audit, as they were. Filing the household and
// storing the edit are one transaction.
func TestRefusedEditLeavesNoHousehold(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	households := func() (int, int) {
		t.Helper()
		hs, err := f.DB.Households(ctx, webtest.AdminScope, 500)
		if err != nil {
			t.Fatal(err)
		}
		audit, err := f.DB.AuditLog(ctx, webtest.AdminScope, store.AuditFilter{Entity: "household", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		return len(hs), len(audit)
	}
	rows, audits := households()
	unchanged := func(what string) {
		t.Helper()
		if r, a := households(); r != rows || a != audits {
			t.Errorf("%s: households %d → %d, their audit entries %d → %d: a refused edit left a household behind", what, rows, r, audits, a)
		}
	}

	// Mistakes only the store sees: the birth and gender are left for the ID
	// number to give, so the page's own checks pass.
	api := f.API(t, webtest.YcWorker)
	webtest.Expect(t, api.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(f.Lin.ID),
		map[string]any{"new_household_head": "林伯", "id_number": f.Huang.IDNumber, "birth": "", "gender": ""}),
		http.StatusConflict, `"id_number"`)
	unchanged("PATCH with another file's ID number")
	webtest.Expect(t, api.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(f.Zhang.ID), map[string]any{"new_household_head": "张小红", "worker_id": f.LdPerson.ID}),
		http.StatusUnprocessableEntity, `"worker_id"`)
	unchanged("PATCH with another county's worker")

	good := casework.BeneficiaryFormValues(f.Lin)
	good.Set("household", "new")
	good.Set("head_name", "林伯")
	bad := maps.Clone(good)
	bad.Set("id_number", f.Chen.IDNumber)
	bad.Set("birth", "")
	bad.Set("gender", "")
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, "/beneficiaries/"+webtest.ID(f.Lin.ID), bad), http.StatusConflict, "该身份证号已属于另一份档案")
	unchanged("form with another file's ID number")
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Lin.ID); got.HouseholdID != 0 || got.IDNumber != "" {
		t.Errorf("refused edits changed the file: %+v", got)
	}

	// The same edit without the mistake files the household with the person.
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, "/beneficiaries/"+webtest.ID(f.Lin.ID), good), http.StatusSeeOther)
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Lin.ID)
	hh, members, err := f.DB.Household(ctx, webtest.AdminScope, got.HouseholdID)
	if err != nil || hh.HeadName != "林伯" || hh.Region != f.Lin.Region || len(members) != 1 || members[0].ID != f.Lin.ID {
		t.Errorf("household %+v, members %v, %v", hh, members, err)
	}
	if r, a := households(); r != rows+1 || a != audits+1 {
		t.Errorf("after a good edit: households %d → %d, audit entries %d → %d, want one more each", rows, r, audits, a)
	}
}
