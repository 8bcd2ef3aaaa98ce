package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// The case tests run on the seed's day, 2021-08-09, at 10:00 in China.
var caseNow = time.Date(2021, 8, 9, 10, 0, 0, 0, shuangbai.China)

// Case-work test accounts, by username.
const (
	ycWorker = "yc.sw"   // 社工, 河口街道, linked to the roster as 陈云城
	ycLead   = "yc.lead" // 站长, 河口街道
)

// caseFixture is the web fixture with case files: in 河口街道 (云城区) 陈志明
// (level 1, overdue), 黄阿婆 (85, due today, no 高龄津贴), 张小红 (due in
// three days) and 林伯 (due next month, no worker); in 双东街道 (罗定市)
// 李阿婆 with a household, an application and a pending level change.
type caseFixture struct {
	*fixture
	chen, huang, zhang, lin, li *shuangbai.Beneficiary
	ldHousehold                 *shuangbai.Household
	ldApp                       *shuangbai.Application
	ldChange                    *shuangbai.LevelChange
}

func idNum(first17 string) string { return first17 + string(shuangbai.IDCheckDigit(first17)) }

func newCaseFixture(t *testing.T) *caseFixture {
	t.Helper()
	f := &caseFixture{fixture: newFixture(t)}
	f.db.Now = func() time.Time { return caseNow }
	ctx, sys := t.Context(), shuangbai.SystemUser
	for _, u := range []*shuangbai.User{
		{Username: ycWorker, Name: "陈云城", Role: shuangbai.RoleWorker, Region: "445302003", PersonID: f.ycPerson.ID},
		{Username: ycLead, Name: "河口站长", Role: shuangbai.RoleStationLead, Region: "445302003"},
	} {
		if err := f.db.CreateUser(ctx, sys, u, testHash()); err != nil {
			t.Fatal(err)
		}
	}
	file := func(b *shuangbai.Beneficiary, hh *shuangbai.Household) *shuangbai.Beneficiary {
		t.Helper()
		if err := f.db.FileBeneficiary(ctx, sys, b, hh); err != nil {
			t.Fatal(err)
		}
		return b
	}
	village := "445302003208"
	f.chen = file(&shuangbai.Beneficiary{Region: village, Name: "陈志明", IDNumber: idNum("44530219960512101"), Phone: "13800138001",
		Relation: "户主", Address: "=HYPERLINK(\"http://x\")", Groups: []shuangbai.Group{shuangbai.GroupDisabled, shuangbai.GroupCivilAffairs},
		Disability: "肢体二级", FoundBy: shuangbai.FoundVisiting, FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: f.ycPerson.ID, Level: 1},
		&shuangbai.Household{HeadName: "陈志明"})
	f.huang = file(&shuangbai.Beneficiary{Region: village, Name: "黄阿婆", IDNumber: idNum("44530219360301102"), Relation: "母亲",
		HouseholdID: f.chen.HouseholdID, Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 3, 1),
		WorkerID: f.ycPerson.ID, Level: 2}, nil)
	f.zhang = file(&shuangbai.Beneficiary{Region: village, Name: "张小红", Gender: "女", Birth: shuangbai.NewDate(2012, 9, 1),
		Groups: []shuangbai.Group{shuangbai.GroupLeftBehind}, FoundOn: shuangbai.NewDate(2021, 4, 1), WorkerID: f.ycPerson.ID, Level: 2}, nil)
	f.lin = file(&shuangbai.Beneficiary{Region: village, Name: "林伯", Gender: "男", Birth: shuangbai.NewDate(1950, 1, 1),
		Groups: []shuangbai.Group{shuangbai.GroupDibao}, FoundOn: shuangbai.NewDate(2021, 4, 1), Level: 4}, nil)
	f.ldHousehold = &shuangbai.Household{HeadName: "李阿婆"}
	f.li = file(&shuangbai.Beneficiary{Region: "445381004001", Name: "李阿婆", IDNumber: idNum("44538119400301002"), Phone: "13900139001",
		Groups: []shuangbai.Group{shuangbai.GroupElderlyAlone}, FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: f.ldPerson.ID, Level: 2}, f.ldHousehold)

	for _, v := range []struct {
		b        *shuangbai.Beneficiary
		on, next shuangbai.Date
	}{
		{f.chen, shuangbai.NewDate(2021, 8, 2), shuangbai.NewDate(2021, 8, 5)},
		{f.huang, shuangbai.NewDate(2021, 8, 2), shuangbai.NewDate(2021, 8, 9)},
		{f.zhang, shuangbai.NewDate(2021, 8, 5), shuangbai.NewDate(2021, 8, 12)},
		{f.lin, shuangbai.NewDate(2021, 8, 8), shuangbai.NewDate(2021, 9, 7)},
		{f.li, shuangbai.NewDate(2021, 8, 1), shuangbai.NewDate(2021, 8, 3)},
	} {
		visit := &shuangbai.Visit{BeneficiaryID: v.b.ID, On: v.on, NextDue: v.next, Kind: shuangbai.VisitHome, Findings: v.b.Name + "情况稳定"}
		if err := f.db.RecordVisit(ctx, sys, visit); err != nil {
			t.Fatal(err)
		}
	}
	f.ldApp = &shuangbai.Application{BeneficiaryID: f.li.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	if err := f.db.SaveApplication(ctx, sys, f.ldApp); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.ldChange, err = f.db.ChangeLevel(ctx, sys, f.li.ID, 4, "情况好转"); err != nil || !f.ldChange.Pending {
		t.Fatalf("ld change: %+v %v", f.ldChange, err)
	}
	if err := f.db.LogAccess(ctx, sys, store.AccessView, f.li.ID, f.li.Region, "", "档案"); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCaseScope checks that a 云城区 user never sees or changes a 罗定市
// beneficiary: every page, write and API call about them is a 404 (or, for
// an id inside a JSON body, a field error), lists and searches leave them
// out, and a worklist or outcomes report of 罗定市 is a 404.
func TestCaseScope(t *testing.T) {
	t.Parallel()
	f := newCaseFixture(t)
	yc, ycAPI := f.as(t, ycAdmin), f.api(t, ycAdmin)
	li, app, hh := id(f.li.ID), id(f.ldApp.ID), id(f.ldHousehold.ID)
	leaks := []string{"李阿婆", "双东", f.li.IDNumber, shuangbai.MaskIDNumber(f.li.IDNumber)}

	t.Run("pages are 404", func(t *testing.T) {
		for _, path := range []string{
			"/beneficiaries/" + li,
			"/beneficiaries/" + li + "/edit",
			"/beneficiaries/" + li + "/visits/new",
			"/beneficiaries/" + li + "/applications/new",
			"/beneficiaries/" + li + "/applications/" + app,
			"/beneficiaries/" + id(f.chen.ID) + "/applications/" + app, // another file's application
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
				res := yc.get(t, path)
				expect(t, res, http.StatusNotFound, "不存在")
				expectNot(t, res, leaks...)
			})
		}
	})

	t.Run("writes are 404", func(t *testing.T) {
		for _, tt := range []struct {
			path string
			form url.Values
		}{
			{"/beneficiaries/" + li, url.Values{"name": {"改名"}, "region": {"445381004001"}}},
			{"/beneficiaries/" + li + "/reveal", url.Values{"reason": {"核对"}}},
			{"/beneficiaries/" + li + "/level", url.Values{"level": {"1"}, "reason": {"x"}}},
			{"/beneficiaries/" + li + "/level/" + id(f.ldChange.ID) + "/confirm", nil},
			{"/beneficiaries/" + id(f.chen.ID) + "/level/" + id(f.ldChange.ID) + "/confirm", nil},
			{"/beneficiaries/" + li + "/close", url.Values{"closed_why": {"x"}}},
			{"/beneficiaries/" + li + "/assessments", url.Values{"on": {"2021-08-09"}}},
			{"/beneficiaries/" + li + "/visits", url.Values{"on": {"2021-08-09"}, "kind": {"home"}}},
			{"/beneficiaries/" + li + "/applications", url.Values{"kind": {"medical"}, "status": {"preparing"}, "prepared_on": {"2021-08-09"}}},
			{"/beneficiaries/" + li + "/applications/" + app, url.Values{"kind": {"medical"}, "status": {"preparing"}, "prepared_on": {"2021-08-09"}}},
			{"/beneficiaries.csv", url.Values{"region": {"445381"}, "reason": {"核对"}}},
		} {
			t.Run(tt.path, func(t *testing.T) {
				res := yc.postForm(t, tt.path, tt.form)
				expect(t, res, http.StatusNotFound)
				expectNot(t, res, leaks...)
			})
		}
		// Creating in another county, or joining its household, is a field error.
		res := yc.postForm(t, "/beneficiaries", url.Values{"name": {"新人"}, "gender": {"男"}, "birth": {"1960-01-01"}, "level": {"2"}, "region": {"445381004001"}, "household": {"new"}})
		expect(t, res, http.StatusUnprocessableEntity, "不在您的管辖范围内")
		res = yc.postForm(t, "/beneficiaries", url.Values{"name": {"新人"}, "gender": {"男"}, "birth": {"1960-01-01"}, "level": {"2"}, "region": {"445302003208"}, "household": {hh}})
		expect(t, res, http.StatusUnprocessableEntity, "家庭不存在或不在您的管辖范围内")
		got, err := f.db.Beneficiary(t.Context(), adminScope, f.li.ID)
		if err != nil || got.Name != "李阿婆" || got.Level != 2 || !got.Open {
			t.Errorf("罗定 file changed: %+v, %v", got, err)
		}
		if vs, _ := f.db.Visits(t.Context(), adminScope, f.li.ID, 0); len(vs) != 1 {
			t.Errorf("罗定 visits = %d, want the fixture's 1", len(vs))
		}
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
				res := ycAPI.json(t, tt.method, tt.path, body)
				expect(t, res, http.StatusNotFound, `"code":"not_found"`)
				expectNot(t, res, leaks...)
			})
		}
		// An id inside a body names nothing the user can see: a field error.
		for _, tt := range []struct{ path, body, field string }{
			{"/api/v1/visits", `{"beneficiary_id":` + li + `,"kind":"home"}`, "beneficiary"},
			{"/api/v1/applications", `{"beneficiary_id":` + li + `,"kind":"medical","status":"preparing","prepared_on":"2021-08-01"}`, "beneficiary"},
			{"/api/v1/beneficiaries", `{"region":"445381004001","name":"x","gender":"男","birth":"1960-01-01","level":2}`, "region"},
			{"/api/v1/beneficiaries", `{"region":"445302003208","name":"x","gender":"男","birth":"1960-01-01","level":2,"household_id":` + hh + `}`, "household"},
		} {
			res := ycAPI.json(t, "POST", tt.path, tt.body)
			expect(t, res, http.StatusUnprocessableEntity, `"`+tt.field+`"`)
			expectNot(t, res, leaks...)
		}
	})

	t.Run("lists exclude other counties", func(t *testing.T) {
		for _, tt := range []struct {
			path string
			want string
		}{
			{"/beneficiaries", "陈志明"},
			{"/beneficiaries?status=all", "陈志明"},
			{"/beneficiaries?q=李", "没有符合条件的服务对象"},
			{"/beneficiaries?q=" + f.li.IDNumber, "没有符合条件的服务对象"},
			{"/beneficiaries?q=" + strings.ToLower(f.chen.IDNumber), "陈志明"},
			{"/worklist", "河口街道"},
			{"/reports/outcomes", "云城区"},
			{"/access-log", "个人信息访问记录"},
			{"/beneficiaries/new", "双上村"},
			{"/beneficiaries/" + id(f.chen.ID), "陈志明"},
			{"/api/v1/beneficiaries?status=all", "陈志明"},
			{"/api/v1/beneficiaries?q=" + f.li.IDNumber, `"items":[]`},
			{"/api/v1/worklist", "河口街道"},
			{"/api/v1/reports/outcomes", "云城区"},
		} {
			t.Run(tt.path, func(t *testing.T) {
				t.Parallel()
				c := yc
				if strings.HasPrefix(tt.path, "/api") {
					c = ycAPI
				}
				res := c.get(t, tt.path)
				expect(t, res, http.StatusOK, tt.want)
				expectNot(t, res, "李阿婆", "双东", shuangbai.MaskIDNumber(f.li.IDNumber))
				if !strings.Contains(tt.path, f.li.IDNumber) { // a search echoes what was typed
					expectNot(t, res, f.li.IDNumber)
				}
			})
		}
		res := yc.postForm(t, "/beneficiaries.csv", url.Values{"status": {"all"}, "reason": {"年度核查"}})
		expect(t, res, http.StatusOK, f.chen.IDNumber)
		expectNot(t, res, leaks...)
	})

	t.Run("city admin sees both", func(t *testing.T) {
		t.Parallel()
		city := f.as(t, cityAdmin)
		expect(t, city.get(t, "/beneficiaries"), http.StatusOK, "陈志明", "李阿婆")
		expect(t, city.get(t, "/beneficiaries/"+li), http.StatusOK, "李阿婆")
		expect(t, city.get(t, "/worklist"), http.StatusOK, "河口街道", "双东街道")
	})
}

// TestCasePages renders every case page for the users who use them and
// checks what each should show.
func TestCasePages(t *testing.T) {
	t.Parallel()
	f := newCaseFixture(t)
	sw, admin := f.as(t, ycWorker), f.as(t, ycAdmin)
	chen := id(f.chen.ID)
	for _, tt := range []struct {
		c    *client
		path string
		want []string
		bad  []string
	}{
		{sw, "/beneficiaries", []string{"陈志明", "黄阿婆", "张小红", "445302********", "138****8001", "逾期 4 天", "今天到期", "3 天后到期"},
			[]string{f.chen.IDNumber, "13800138001", "导出名册"}},
		{sw, "/beneficiaries?group=left_behind", []string{"张小红"}, []string{"陈志明"}},
		{sw, "/beneficiaries?region=445302003208&q=陈", []string{"陈志明"}, []string{"黄阿婆"}},
		{sw, "/beneficiaries?q=445302", []string{"请输入完整的 18 位号码"}, []string{"陈志明"}},
		{admin, "/beneficiaries", []string{"导出名册", "/beneficiaries.csv"}, nil},
		{sw, "/beneficiaries/" + chen, []string{"陈志明", "肢体二级", "一级跟进", "每周2次", "逾期 4 天", "黄阿婆", "陈云城", "登记探访",
			"调整跟进级别", "需求评估", "陈志明情况稳定", "445302********"}, []string{f.chen.IDNumber, "查看完整身份证号", "13800138001"}},
		{admin, "/beneficiaries/" + chen, []string{"查看完整身份证号", "查看理由"}, []string{f.chen.IDNumber}},
		{sw, "/beneficiaries/" + id(f.huang.ID), []string{"已满80周岁，未登记高龄津贴申请", "applications/new?kind=old_age", "今天到期"}, nil},
		{sw, "/beneficiaries/" + chen + "/edit", []string{"修改档案：陈志明", "已登记 445302********", "不修改请留空", "删除已登记的电话", "户主 陈志明"},
			[]string{f.chen.IDNumber, "13800138001"}},
		{sw, "/beneficiaries/new", []string{"服务对象建档", "设有社工点的村（社区）", "河口街道 · 双上村民委员会", "陈云城（社工", "新建家庭档案"}, []string{"双东", "腰古村民委员会"}},
		{admin, "/beneficiaries/new", []string{"腰古镇", "腰古村民委员会"}, []string{"双东"}},
		{sw, "/beneficiaries/new?household=" + id(f.chen.HouseholdID), []string{"户主 陈志明", "selected"}, nil},
		{sw, "/beneficiaries/" + chen + "/visits/new?next=/worklist", []string{"登记探访", "2021-08-09", "2021-08-12", "按一级（每周2次）推算", "陈志明情况稳定", `name="next" value="/worklist"`}, nil},
		{sw, "/beneficiaries/" + chen + "/applications/new?kind=old_age", []string{"添加协助申请", `value="old_age" selected`}, nil},
		{sw, "/reports/outcomes?region=445302003&to=2021-08-09", []string{"截至2021年8月9日，河口街道社工站累计为", "户", "残疾人1人", "textarea"}, nil},
		{admin, "/beneficiaries.csv?group=disabled", []string{"导出理由", `name="group" value="disabled"`, "类别 残疾人"}, nil},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res := tt.c.get(t, tt.path)
			expect(t, res, http.StatusOK, tt.want...)
			expectNot(t, res, tt.bad...)
		})
	}

	t.Run("bad parameters", func(t *testing.T) {
		t.Parallel()
		for _, path := range []string{"/beneficiaries?status=x", "/beneficiaries?group=x", "/beneficiaries?after=x", "/beneficiaries?region=123",
			"/worklist?view=x", "/reports/outcomes?from=2021-13-01", "/access-log?before=x"} {
			expect(t, admin.get(t, path), http.StatusBadRequest, "请求有误")
		}
		for _, path := range []string{"/beneficiaries/0", "/beneficiaries/x", "/beneficiaries/99999", "/beneficiaries/99999/visits/new"} {
			expect(t, admin.get(t, path), http.StatusNotFound)
		}
	})
}
