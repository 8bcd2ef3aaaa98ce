package network_test

import (
	"net/http"
	"net/url"
	"shuangbai/web/webtest"
	"strconv"
	"testing"

	"shuangbai"
)

func TestStaffEditAndLeave(t *testing.T) {
	f := webtest.New(t)
	yc, ld := f.As(t, webtest.YcAdmin), f.As(t, webtest.LdAdmin)
	person := "/staff/" + strconv.FormatInt(f.YcPerson.ID, 10)
	webtest.Expect(t, yc.Get(t, person+"/edit"), http.StatusOK, "修改人员信息", f.YcPerson.Name)
	webtest.Expect(t, ld.Get(t, person+"/edit"), http.StatusNotFound)

	edit := url.Values{"region": {"445302003"}, "name": {"陈云城"}, "gender": {"女"}, "phone": {"13700137000"}, "role": {"lead"}}
	webtest.Expect(t, ld.PostForm(t, person, edit), http.StatusNotFound)
	bad := url.Values{"region": {"445302003"}, "name": {" "}, "gender": {"女"}, "role": {"lead"}}
	webtest.Expect(t, yc.PostForm(t, person, bad), http.StatusUnprocessableEntity, "请填写姓名")
	webtest.Expect(t, yc.PostForm(t, person, edit), http.StatusSeeOther)
	webtest.Expect(t, yc.Get(t, person), http.StatusOK, "站长", "登记离岗")

	list, err := f.DB.Assignments(t.Context(), shuangbai.Scope{Code: "4453"}, f.YcPerson.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("assignments = %v, %v", list, err)
	}
	end := person + "/assignments/" + strconv.FormatInt(list[0].ID, 10) + "/end"
	webtest.Expect(t, ld.PostForm(t, end, url.Values{"to": {"2021-09-30"}}), http.StatusNotFound)
	webtest.Expect(t, yc.PostForm(t, end, url.Values{"to": {"2021-07-01"}}), http.StatusUnprocessableEntity, "离岗日期不能早于到岗日期")
	webtest.Expect(t, yc.PostForm(t, end, url.Values{"to": {"2021-09-30"}}), http.StatusSeeOther)
	if got, _ := f.DB.Staffed(t.Context(), shuangbai.Scope{Code: "4453"}, f.YcStation.ID, 0, shuangbai.NewDate(2021, 10, 1)); len(got) != 0 {
		t.Errorf("still staffed after leaving: %v", got)
	}
	webtest.Expect(t, yc.PostForm(t, end, url.Values{"to": {"2021-10-30"}}), http.StatusConflict)
}
