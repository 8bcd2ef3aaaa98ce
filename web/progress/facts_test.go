package progress_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/webtest"
)

func TestFactsForm(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc, city := f.As(t, webtest.YcAdmin), f.As(t, webtest.CityAdmin)

	// Before any facts, the county's row says 未出台 and 否.
	rows := progressRows(city.Get(t, "/reports/progress?date=2021-08-01").Body.String())
	if yc := rows[0]; yc[0] != "云城区" || yc[1] != "未出台" || yc[12] != "否" || yc[13] != "否" || yc[14] != "" {
		t.Fatalf("云城区 before = %q", yc)
	}
	webtest.Expect(t, yc.Get(t, "/reports/progress/facts/445302"), http.StatusOK, "云城区 · 方案、机制和经费情况", "还没有记录", "记录新情况", "历次记录（0 条）")

	t.Run("field errors", func(t *testing.T) {
		res := yc.PostForm(t, "/reports/progress/facts/445302", url.Values{
			"effective": {""}, "plan_issued": {"1"}, "plan_date": {""}, "funding_status": {"x"},
			"funding_requested": {"十万"}, "funding_approved": {"-5"},
		})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "填写的内容有误", "请填写生效日期", "请填写方案出台日期", "请选择经费状态",
			"金额应为整数（单位：元）", "金额不能为负数", `value="十万"`)
		res = yc.PostForm(t, "/reports/progress/facts/445302", url.Values{"effective": {"2099-01-01"}, "funding_status": {"未申请"}})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "生效日期不能晚于今天")
		if h, err := f.DB.FactsHistory(t.Context(), webtest.AdminScope, "445302"); err != nil || len(h) != 0 {
			t.Errorf("history after errors = %v, %v", h, err)
		}
	})

	t.Run("who may record", func(t *testing.T) {
		v := url.Values{"effective": {"2021-08-01"}, "funding_status": {"未申请"}}
		webtest.Expect(t, f.As(t, webtest.YcViewer).PostForm(t, "/reports/progress/facts/445302", v), http.StatusForbidden)
		webtest.Expect(t, yc.PostForm(t, "/reports/progress/facts/445381", v), http.StatusNotFound)
		webtest.Expect(t, yc.Get(t, "/reports/progress/facts/445381"), http.StatusNotFound)
		res := f.As(t, webtest.YcViewer).Get(t, "/reports/progress/facts/445302")
		webtest.Expect(t, res, http.StatusOK, "还没有记录")
		webtest.ExpectNot(t, res, "记录新情况")
	})

	t.Run("a new version changes the table", func(t *testing.T) {
		res := yc.PostForm(t, "/reports/progress/facts/445302", url.Values{
			"effective": {"2021-08-01"}, "plan_issued": {"1"}, "plan_date": {"2021-07-15"}, "plan_doc": {"云城民〔2021〕5号"},
			"coordination": {"1"}, "coordination_date": {"2021-07-01"}, "management": {"1"},
			"funding_status": {"已批复"}, "funding_approved": {"1,657,000"},
		})
		webtest.Expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/reports/progress/facts/445302" {
			t.Errorf("Location = %q", loc)
		}
		webtest.Expect(t, yc.Get(t, "/reports/progress/facts/445302"), http.StatusOK, "历次记录（1 条）", "云城民〔2021〕5号",
			"已批复，批复 165.7万元", "165.7万元", `value="1657000"`)
		rows := progressRows(city.Get(t, "/reports/progress?date=2021-08-01").Body.String())
		if yc := rows[0]; yc[1] != "已出台" || yc[12] != "是" || yc[13] != "是" || yc[14] != "已批复，批复 165.7万元" {
			t.Errorf("云城区 after = %q", yc)
		}
		// The city records its own row (市本级).
		res = city.PostForm(t, "/reports/progress/facts/4453", url.Values{"effective": {"2021-08-01"}, "funding_status": {"已落实"},
			"funding_note": {"已下拨市级经费161万元。"}, "coordination": {"1"}})
		webtest.Expect(t, res, http.StatusSeeOther)
		webtest.Expect(t, city.Get(t, "/reports/progress/facts/4453"), http.StatusOK, "云浮市（市本级） · 方案、机制和经费情况", "已下拨市级经费161万元。")
		rows = progressRows(city.Get(t, "/reports/progress?date=2021-08-01").Body.String())
		if self := rows[2]; self[0] != "市本级" || self[12] != "是" || self[14] != "已下拨市级经费161万元。" {
			t.Errorf("市本级 after = %q", self)
		}
	})
}
