package casework_test

import (
	"net/http"
	"net/url"
	"shuangbai"
	"strings"
	"testing"
	"time"

	"shuangbai/web/webtest"
)

// TestWorklist checks the three views: a worker's own cases in buckets, a
// station's cases by worker, and a county's stations with overdue rates.
func TestWorklist(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)

	t.Run("worker", func(t *testing.T) {
		t.Parallel()
		res := f.As(t, webtest.YcWorker).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "逾期 1", "今天 1", "7天内 1", "已逾期", "今天到期", "本周到期（7天内）",
			"/beneficiaries/"+webtest.ID(f.Chen.ID)+"/visits/new?next=%2Fworklist", "我的", "全站")
		webtest.ExpectNot(t, res, "林伯", "李阿婆")
		body := res.Body.String()
		// Nearest first: overdue, then today, then later this week.
		if i, j, k := strings.Index(body, "陈志明"), strings.Index(body, "黄阿婆"), strings.Index(body, "张小红"); !(i >= 0 && i < j && j < k) {
			t.Errorf("order: 陈志明 %d, 黄阿婆 %d, 张小红 %d", i, j, k)
		}
		// The same worker's station view, and 404 for another county.
		res = f.As(t, webtest.YcWorker).Get(t, "/worklist?view=station")
		webtest.Expect(t, res, http.StatusOK, "陈云城", "在案 3 · 逾期 1（33%）", "未指定责任社工")
		webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/worklist?region=445381004"), http.StatusNotFound)
	})

	t.Run("lead", func(t *testing.T) {
		t.Parallel()
		res := f.As(t, webtest.YcLead).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "在案 4 户，逾期未探访", "陈云城", "在案 3 · 逾期 1（33%）", "未指定责任社工", "陈志明", "黄阿婆", "张小红")
		webtest.ExpectNot(t, res, "林伯", "李阿婆", "我的") // 林伯 is due next month
		webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/worklist?view=mine"), http.StatusBadRequest, "未关联人员名册")
	})

	t.Run("county and city", func(t *testing.T) {
		t.Parallel()
		res := f.As(t, webtest.YcAdmin).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "云城区", "河口街道", `href="/worklist?region=445302003"`, "25%")
		webtest.ExpectNot(t, res, "双东", "陈志明")
		webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, "/worklist?region=445302003"), http.StatusOK, "陈云城", "陈志明")
		res = f.As(t, webtest.CityAdmin).Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK, "河口街道", "双东街道", "罗定市", "在案 5 户")
	})

	t.Run("api", func(t *testing.T) {
		t.Parallel()
		var out struct {
			View  string `json:"view"`
			Items []struct {
				Name   string `json:"name"`
				Bucket string `json:"bucket"`
			} `json:"items"`
			ByWorker []struct {
				Name    string `json:"name"`
				Open    int    `json:"open"`
				Overdue int    `json:"overdue"`
			} `json:"by_worker"`
			ByStation []struct {
				Key  string `json:"key"`
				Open int    `json:"open"`
			} `json:"by_station"`
		}
		webtest.Decode(t, f.API(t, webtest.YcWorker).Get(t, "/api/v1/worklist"), &out)
		if out.View != "mine" || len(out.Items) != 3 || out.Items[0].Name != "陈志明" || out.Items[0].Bucket != "overdue" ||
			out.Items[1].Bucket != "today" || out.Items[2].Bucket != "week" {
			t.Errorf("mine = %+v", out)
		}
		out.Items = nil
		webtest.Decode(t, f.API(t, webtest.YcAdmin).Get(t, "/api/v1/worklist?region=445302003"), &out)
		if out.View != "station" || len(out.Items) != 3 || len(out.ByWorker) != 2 {
			t.Errorf("station = %+v", out)
		}
		webtest.Decode(t, f.API(t, webtest.CityAdmin).Get(t, "/api/v1/worklist"), &out)
		if out.View != "county" || len(out.ByStation) != 2 {
			t.Errorf("county = %+v", out)
		}
	})
}

// TestWorklistPendingLowerings: a lead finds the lowerings waiting for her
// on the worklist instead of opening every file.
func TestWorklistPendingLowerings(t *testing.T) {
	f := webtest.NewCase(t)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, chen+"/level", url.Values{"level": {"4"}, "reason": {"情况稳定"}}), http.StatusSeeOther)
	webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/worklist"), http.StatusOK, "待确认的降级申请", f.Chen.Name, "情况稳定")
	webtest.ExpectNot(t, f.As(t, webtest.YcWorker).Get(t, "/worklist"), "待确认的降级申请")
}

// TestAccessLogFilters: an admin finds one user's accesses; a typo in the
// number is said in words on the page, not as an error page.
func TestAccessLogFilters(t *testing.T) {
	f := webtest.NewCase(t)
	webtest.Expect(t, f.As(t, webtest.YcWorker).Get(t, "/beneficiaries/"+webtest.ID(f.Chen.ID)), http.StatusOK)
	admin := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, admin.Get(t, "/access-log?user="+webtest.YcWorker), http.StatusOK, f.Chen.Name, "查看档案")
	webtest.ExpectNot(t, admin.Get(t, "/access-log?user=nobody"), f.Chen.Name)
	webtest.Expect(t, admin.Get(t, "/access-log?beneficiary=abc"), http.StatusOK, "服务对象编号应为数字")
}

// at sets the fixture's clock to 10:00 in China on day.
func at(f *webtest.Case, day shuangbai.Date) {
	now := time.Date(day.Time().Year(), day.Time().Month(), day.Time().Day(), 10, 0, 0, 0, shuangbai.China)
	f.DB.Now = func() time.Time { return now }
}

// TestEscalation moves "today" past each tier's grace for 陈志明 (level 1,
// due 2021-08-05; graces 1, 3 and 7 days) and 黄阿婆 (level 2, due
// 2021-08-09; 2, 5 and 10): each appears on the station lead's worklist
// the day after the lead's grace, on the supervisor's and then the
// county's later, each row saying who was told when; the API gives the
// same lists by tier.
func TestEscalation(t *testing.T) {
	f := webtest.NewCase(t)
	sup := &shuangbai.User{Username: "yc.sup", Name: "云城督导", Role: shuangbai.RoleSupervisor, Region: "445302"}
	if err := f.DB.CreateUser(t.Context(), shuangbai.SystemUser, sup, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	// Log in on the last day tested: the sessions are then valid on every
	// earlier one.
	at(f, shuangbai.NewDate(2021, 8, 20))
	lead, supervisor, county, city := f.As(t, webtest.YcLead), f.As(t, sup.Username), f.As(t, webtest.YcAdmin), f.As(t, webtest.CityAdmin)
	api, workerAPI := f.API(t, webtest.YcAdmin), f.API(t, webtest.YcWorker)
	none := "没有逾期超过宽限期的个案"
	for _, tt := range []struct {
		day       int
		c         *webtest.Client
		want, bad []string
	}{
		{6, lead, []string{"逾期上报 · 站长", none}, []string{"社工 8月6日"}},
		{7, lead, []string{"陈志明", "社工 8月6日 · 站长 8月7日", "2 天"}, []string{"黄阿婆", "督导 8月"}},
		{7, supervisor, []string{"逾期上报 · 督导", none}, nil},
		{9, supervisor, []string{"陈志明", "社工 8月6日 · 站长 8月7日 · 督导 8月9日"}, []string{"县级民政 8月"}},
		{9, county, []string{"逾期上报 · 县级民政", none}, nil},
		{12, lead, []string{"陈志明", "黄阿婆", "社工 8月10日 · 站长 8月12日"}, nil},
		{13, county, []string{"陈志明", "督导 8月9日 · 县级民政 8月13日", "8 天"}, []string{"黄阿婆", "李阿婆"}},
		{14, city, []string{"陈志明", "李阿婆", "县级民政 8月14日"}, []string{"黄阿婆"}},
		{13, f.As(t, webtest.YcWorker), nil, []string{"逾期上报"}}, // the worker's own list is her worklist
	} {
		at(f, shuangbai.NewDate(2021, 8, tt.day))
		res := tt.c.Get(t, "/worklist")
		webtest.Expect(t, res, http.StatusOK)
		// The rest of the worklist names people due this week: look at the
		// escalation section only.
		section := res.Body.String()
		if i := strings.Index(section, `id="escalations"`); i >= 0 {
			section = section[i:]
			section = section[:strings.Index(section, "</section>")]
		} else if len(tt.want) > 0 {
			t.Fatalf("8月%d日: no escalations on the worklist", tt.day)
		}
		for _, w := range tt.want {
			if !strings.Contains(section, w) {
				t.Errorf("8月%d日: the escalations lack %q:\n%s", tt.day, w, section)
			}
		}
		for _, b := range tt.bad {
			if strings.Contains(section, b) {
				t.Errorf("8月%d日: the escalations hold %q:\n%s", tt.day, b, section)
			}
		}
	}

	type escalations struct {
		Tier  string `json:"tier"`
		Items []struct {
			Name     string `json:"name"`
			DaysLate int    `json:"days_late"`
			Told     []struct {
				Tier, On string
			} `json:"told"`
		} `json:"items"`
	}
	at(f, shuangbai.NewDate(2021, 8, 13))
	for _, tt := range []struct {
		c     *webtest.Client
		query string
		tier  string
		names []string
	}{
		{api, "", "county", []string{"陈志明"}},
		{api, "?tier=lead", "lead", []string{"陈志明", "黄阿婆"}},
		{api, "?tier=supervisor&region=445302003", "supervisor", []string{"陈志明"}},
		{workerAPI, "?tier=lead", "lead", []string{"陈志明", "黄阿婆"}},
	} {
		var out escalations
		webtest.Decode(t, tt.c.Get(t, "/api/v1/escalations"+tt.query), &out)
		var names []string
		for _, it := range out.Items {
			names = append(names, it.Name)
		}
		if out.Tier != tt.tier || strings.Join(names, ",") != strings.Join(tt.names, ",") {
			t.Errorf("%s: tier %s, %v; want %s, %v", tt.query, out.Tier, names, tt.tier, tt.names)
		}
		if len(out.Items) > 0 && tt.tier == "county" && (out.Items[0].DaysLate != 8 || len(out.Items[0].Told) != 4 || out.Items[0].Told[3].On != "2021-08-13") {
			t.Errorf("陈志明 = %+v", out.Items[0])
		}
	}
	webtest.Expect(t, workerAPI.Get(t, "/api/v1/escalations"), http.StatusBadRequest, "tier")
	webtest.Expect(t, api.Get(t, "/api/v1/escalations?tier=worker"), http.StatusBadRequest, "tier")
	webtest.Expect(t, api.Get(t, "/api/v1/escalations?region=445381"), http.StatusNotFound)
}

// TestOverdueHistory: the county sees, per station and per worker, the
// share of open cases overdue at each of the last six month ends, as the
// visits were then; others may not.
func TestOverdueHistory(t *testing.T) {
	f := webtest.NewCase(t)
	at(f, shuangbai.NewDate(2021, 9, 9))
	county := f.As(t, webtest.YcAdmin)
	res := county.Get(t, "/worklist")
	webtest.Expect(t, res, http.StatusOK, `href="/worklist/history?region=445302"`, "逾期率变化")
	res = county.Get(t, "/worklist/history")
	// Month ends 3月31日 to 8月31日. At 8月31日 three of the four files were
	// overdue (林伯 was due 9月7日): 75%; 陈云城's three all, nobody's 林伯 not.
	webtest.Expect(t, res, http.StatusOK, "探访逾期率变化", "云城区", "2021年3月31日", "2021年8月31日", "河口街道", "75%", "3/4", "100%", "2/2",
		"陈云城", "3/3", "未指定责任社工", "0/1", "合计", "data-print")
	webtest.ExpectNot(t, res, "2021年2月28日", "2021年9月30日", "双东") // the print line says 2021年9月9日
	body := res.Body.String()
	if i, j := strings.Index(body, "陈云城"), strings.Index(body, "未指定责任社工"); i < 0 || j < i {
		t.Errorf("workers not by the latest rate: 陈云城 at %d, 未指定 at %d", i, j)
	}
	webtest.Expect(t, f.As(t, webtest.CityAdmin).Get(t, "/worklist/history"), http.StatusOK, "双东街道", "罗定市")
	webtest.Expect(t, county.Get(t, "/worklist/history?region=445381"), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.YcLead).Get(t, "/worklist/history"), http.StatusForbidden)
	webtest.ExpectNot(t, f.As(t, webtest.YcLead).Get(t, "/worklist"), "/worklist/history")
}
