package web

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"shuangbai"
)

func TestStaffEditAndLeave(t *testing.T) {
	f := newFixture(t)
	yc, ld := f.as(t, ycAdmin), f.as(t, ldAdmin)
	person := "/staff/" + strconv.FormatInt(f.ycPerson.ID, 10)
	expect(t, yc.get(t, person+"/edit"), http.StatusOK, "修改人员信息", f.ycPerson.Name)
	expect(t, ld.get(t, person+"/edit"), http.StatusNotFound)

	edit := url.Values{"region": {"445302003"}, "name": {"陈云城"}, "gender": {"女"}, "phone": {"13700137000"}, "role": {"lead"}}
	expect(t, ld.postForm(t, person, edit), http.StatusNotFound)
	bad := url.Values{"region": {"445302003"}, "name": {" "}, "gender": {"女"}, "role": {"lead"}}
	expect(t, yc.postForm(t, person, bad), http.StatusUnprocessableEntity, "请填写姓名")
	expect(t, yc.postForm(t, person, edit), http.StatusSeeOther)
	expect(t, yc.get(t, person), http.StatusOK, "站长", "登记离岗")

	list, err := f.db.Assignments(t.Context(), shuangbai.Scope{Code: "4453"}, f.ycPerson.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("assignments = %v, %v", list, err)
	}
	end := person + "/assignments/" + strconv.FormatInt(list[0].ID, 10) + "/end"
	expect(t, ld.postForm(t, end, url.Values{"to": {"2021-09-30"}}), http.StatusNotFound)
	expect(t, yc.postForm(t, end, url.Values{"to": {"2021-07-01"}}), http.StatusUnprocessableEntity, "离岗日期不能早于到岗日期")
	expect(t, yc.postForm(t, end, url.Values{"to": {"2021-09-30"}}), http.StatusSeeOther)
	if got, _ := f.db.Staffed(t.Context(), shuangbai.Scope{Code: "4453"}, f.ycStation.ID, 0, shuangbai.NewDate(2021, 10, 1)); len(got) != 0 {
		t.Errorf("still staffed after leaving: %v", got)
	}
	expect(t, yc.postForm(t, end, url.Values{"to": {"2021-10-30"}}), http.StatusConflict)
}
