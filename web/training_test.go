package web

import (
	"net/http"
	"net/url"
	"testing"
)

func TestTrainings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	yc, city := f.as(t, ycAdmin), f.as(t, cityAdmin)

	res := yc.get(t, "/trainings/new")
	expect(t, res, http.StatusOK, "登记培训", `name="attendees" value="`+id(f.ycPerson.ID)+`"`, "陈云城", "河口街道 · 社工", `<option value="445302" selected>云城区</option>`)
	expectNot(t, res, "罗定人", `value="4453"`)
	expect(t, f.as(t, ycViewer).get(t, "/trainings/new"), http.StatusForbidden)
	expect(t, f.as(t, ycViewer).postForm(t, "/trainings", url.Values{"title": {"x"}}), http.StatusForbidden)

	t.Run("field errors", func(t *testing.T) {
		res := yc.postForm(t, "/trainings", url.Values{"title": {" "}, "held_on": {"2021/08/01"}, "kind": {"x"}, "hours": {"两天"},
			"region": {"445302"}, "attendees": {id(f.ycPerson.ID)}})
		expect(t, res, http.StatusUnprocessableEntity, "请填写培训名称", "日期格式应为", "请选择培训类别", "学时应为数字",
			`value="`+id(f.ycPerson.ID)+`" checked`, "已选 1 人")
		res = yc.postForm(t, "/trainings", url.Values{"title": {"跨县培训"}, "held_on": {"2021-08-01"}, "kind": {"professional"},
			"region": {"445302"}, "attendees": {id(f.ldPerson.ID)}})
		expect(t, res, http.StatusUnprocessableEntity, "不存在或不在您的管辖范围内")
		res = yc.postForm(t, "/trainings", url.Values{"title": {"市里的培训"}, "held_on": {"2021-08-01"}, "kind": {"professional"}, "region": {"4453"}})
		expect(t, res, http.StatusUnprocessableEntity, "举办单位不在您的管辖范围内")
	})

	t.Run("create and count", func(t *testing.T) {
		res := yc.postForm(t, "/trainings", url.Values{"title": {"新入职社工岗前培训"}, "held_on": {"2021-08-01"}, "kind": {"pre_service"},
			"hours": {"16"}, "region": {"445302"}, "attendees": {id(f.ycPerson.ID)}})
		expect(t, res, http.StatusSeeOther)
		res = yc.postForm(t, "/trainings", url.Values{"title": {"主题党日学习"}, "held_on": {"2021-08-01"}, "kind": {"other"},
			"hours": {"2.5"}, "region": {"445302"}})
		expect(t, res, http.StatusSeeOther)
		expect(t, yc.get(t, "/trainings"), http.StatusOK, "新入职社工岗前培训", "岗前培训", "<td class=\"num\">16</td>", "<td class=\"num\">1</td>",
			"主题党日学习", "2.5", "不计入", "共 2 次")
		expect(t, yc.get(t, "/trainings?kind=other"), http.StatusOK, "共 1 次", "主题党日学习")
		expectNot(t, f.as(t, ldAdmin).get(t, "/trainings"), "新入职社工岗前培训")
		expect(t, yc.get(t, "/trainings?region=445381"), http.StatusNotFound)
		expect(t, yc.get(t, "/trainings?kind=x"), http.StatusBadRequest)

		rows := progressRows(city.get(t, "/reports/progress?date=2021-08-01").Body.String())
		if rows[0][15] != "1次" || rows[len(rows)-1][15] != "1次" {
			t.Errorf("trainings in the table: %q / %q", rows[0], rows[len(rows)-1])
		}
		expect(t, city.get(t, "/reports/progress/trainings?region=445302&date=2021-08-01"), http.StatusOK, "<strong>1次</strong>", "新入职社工岗前培训")
	})
}
