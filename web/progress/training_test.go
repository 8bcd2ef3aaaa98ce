package progress_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/webtest"
)

func TestTrainings(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc, city := f.As(t, webtest.YcAdmin), f.As(t, webtest.CityAdmin)

	res := yc.Get(t, "/trainings/new")
	webtest.Expect(t, res, http.StatusOK, "登记培训", `name="attendees" value="`+webtest.ID(f.YcPerson.ID)+`"`, "陈云城", "河口街道 · 社工", `<option value="445302" selected>云城区</option>`)
	webtest.ExpectNot(t, res, "罗定人", `value="4453"`)
	webtest.Expect(t, f.As(t, webtest.YcViewer).Get(t, "/trainings/new"), http.StatusForbidden)
	webtest.Expect(t, f.As(t, webtest.YcViewer).PostForm(t, "/trainings", url.Values{"title": {"x"}}), http.StatusForbidden)

	t.Run("field errors", func(t *testing.T) {
		res := yc.PostForm(t, "/trainings", url.Values{"title": {" "}, "held_on": {"2021/08/01"}, "kind": {"x"}, "hours": {"两天"},
			"region": {"445302"}, "attendees": {webtest.ID(f.YcPerson.ID)}})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "请填写培训名称", "日期格式应为", "请选择培训类别", "学时应为数字",
			`value="`+webtest.ID(f.YcPerson.ID)+`" checked`, "已选 1 人")
		res = yc.PostForm(t, "/trainings", url.Values{"title": {"跨县培训"}, "held_on": {"2021-08-01"}, "kind": {"professional"},
			"region": {"445302"}, "attendees": {webtest.ID(f.LdPerson.ID)}})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "不存在或不在您的管辖范围内")
		res = yc.PostForm(t, "/trainings", url.Values{"title": {"市里的培训"}, "held_on": {"2021-08-01"}, "kind": {"professional"}, "region": {"4453"}})
		webtest.Expect(t, res, http.StatusUnprocessableEntity, "举办单位不在您的管辖范围内")
	})

	t.Run("create and count", func(t *testing.T) {
		res := yc.PostForm(t, "/trainings", url.Values{"title": {"新入职社工岗前培训"}, "held_on": {"2021-08-01"}, "kind": {"pre_service"},
			"hours": {"16"}, "region": {"445302"}, "attendees": {webtest.ID(f.YcPerson.ID)}})
		webtest.Expect(t, res, http.StatusSeeOther)
		res = yc.PostForm(t, "/trainings", url.Values{"title": {"主题党日学习"}, "held_on": {"2021-08-01"}, "kind": {"other"},
			"hours": {"2.5"}, "region": {"445302"}})
		webtest.Expect(t, res, http.StatusSeeOther)
		webtest.Expect(t, yc.Get(t, "/trainings"), http.StatusOK, "新入职社工岗前培训", "岗前培训", "<td class=\"num\">16</td>", "<td class=\"num\">1</td>",
			"主题党日学习", "2.5", "不计入", "共 2 次")
		webtest.Expect(t, yc.Get(t, "/trainings?kind=other"), http.StatusOK, "共 1 次", "主题党日学习")
		webtest.ExpectNot(t, f.As(t, webtest.LdAdmin).Get(t, "/trainings"), "新入职社工岗前培训")
		webtest.Expect(t, yc.Get(t, "/trainings?region=445381"), http.StatusNotFound)
		webtest.Expect(t, yc.Get(t, "/trainings?kind=x"), http.StatusBadRequest)

		rows := progressRows(city.Get(t, "/reports/progress?date=2021-08-01").Body.String())
		if rows[0][15] != "1次" || rows[len(rows)-1][15] != "1次" {
			t.Errorf("trainings in the table: %q / %q", rows[0], rows[len(rows)-1])
		}
		webtest.Expect(t, city.Get(t, "/reports/progress/trainings?region=445302&date=2021-08-01"), http.StatusOK, "<strong>1次</strong>", "新入职社工岗前培训")
	})
}
