package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai"
	"shuangbai/web/webtest"
)

// TestAccountForPerson: from a social worker's page on the staff roster the
// system administrator creates her account, linked to her and in her
// region, so she logs in to her own worklist; the page then lists the
// account. An existing account is linked from the same page, and an
// account is not linked to a person of another town.
func TestAccountForPerson(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	sys := f.As(t, webtest.YcSys)
	p := &shuangbai.Person{Region: "445302003", Name: "何新", Gender: "女", Role: shuangbai.StaffWorker}
	other := &shuangbai.Person{Region: "445302102", Name: "腰古社工", Gender: "男", Role: shuangbai.StaffWorker}
	for _, x := range []*shuangbai.Person{p, other} {
		if err := f.DB.CreatePerson(ctx, shuangbai.SystemUser, x); err != nil {
			t.Fatal(err)
		}
	}
	staffPage := "/staff/" + webtest.ID(p.ID)

	res := sys.Get(t, staffPage)
	webtest.Expect(t, res, http.StatusOK, "登录账号", "尚未关联登录账号", `href="/users/new?person_id=`+webtest.ID(p.ID)+`"`, "为此人新建账号",
		"关联已有账号", `href="/users/`+webtest.YcLead+`/edit?person_id=`+webtest.ID(p.ID)+`"`)
	// Linked accounts and administrators are not offered.
	webtest.ExpectNot(t, res, `href="/users/`+webtest.YcWorker+`/edit?person_id=`, `href="/users/`+webtest.YcAdmin+`/edit?person_id=`, `href="/users/`+webtest.YcSys+`/edit?person_id=`)

	res = sys.Get(t, "/users/new?person_id="+webtest.ID(p.ID))
	webtest.Expect(t, res, http.StatusOK, `value="何新"`, `<option value="`+webtest.ID(p.ID)+`" selected>何新（社工，云城区 / 河口街道）</option>`,
		`<option value="445302003" selected>`)
	webtest.Expect(t, sys.Get(t, "/users/new?person_id="+webtest.ID(f.LdPerson.ID)), http.StatusNotFound)

	form := url.Values{"username": {"hekou.he"}, "name": {"何新"}, "role": {"worker"}, "region": {"445302003"},
		"person_id": {webtest.ID(other.ID)}, "password": {goodPassword}, "password2": {goodPassword}}
	webtest.Expect(t, sys.PostForm(t, "/users", form), http.StatusUnprocessableEntity, "与账号的所属区划不符")
	form.Set("person_id", webtest.ID(f.LdPerson.ID))
	webtest.Expect(t, sys.PostForm(t, "/users", form), http.StatusUnprocessableEntity, "人员不存在或不在您的管辖范围内")
	form.Set("person_id", webtest.ID(p.ID))
	webtest.Expect(t, sys.PostForm(t, "/users", form), http.StatusSeeOther)
	u, _, err := f.DB.UserByName(ctx, "hekou.he")
	if err != nil || u.PersonID != p.ID {
		t.Fatalf("the new account: %+v %v", u, err)
	}
	webtest.Expect(t, sys.Get(t, "/users"), http.StatusOK, `<a href="/staff/`+webtest.ID(p.ID)+`">何新</a>`)

	// She changes her first password, and her worklist is her own.
	if err := f.DB.SetPassword(ctx, u, u.Username, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	res = f.As(t, "hekou.he").Get(t, "/worklist")
	webtest.Expect(t, res, http.StatusOK, `aria-current="page">我的</a>`)
	webtest.ExpectNot(t, res, "未关联人员名册")

	// The page lists the account: the administrator edits it from there; a
	// county admin sees it; a read-only user does not see accounts at all.
	webtest.Expect(t, sys.Get(t, staffPage), http.StatusOK, "hekou.he", `href="/users/hekou.he/edit"`)
	res = f.As(t, webtest.YcAdmin).Get(t, staffPage)
	webtest.Expect(t, res, http.StatusOK, "hekou.he")
	webtest.ExpectNot(t, res, "为此人新建账号", `href="/users/hekou.he/edit"`)
	webtest.ExpectNot(t, f.As(t, webtest.YcViewer).Get(t, staffPage), "登录账号", "hekou.he")

	// Linking an existing account: the link opens its form with the person
	// chosen, and saving links it.
	res = sys.Get(t, "/users/"+webtest.YcLead+"/edit?person_id="+webtest.ID(p.ID))
	webtest.Expect(t, res, http.StatusOK, `<option value="`+webtest.ID(p.ID)+`" selected>何新`)
	webtest.Expect(t, sys.PostForm(t, "/users/"+webtest.YcLead, url.Values{"name": {"河口站长"}, "region": {"445302003"}, "person_id": {webtest.ID(p.ID)}}),
		http.StatusSeeOther)
	webtest.Expect(t, sys.Get(t, staffPage), http.StatusOK, "hekou.he", webtest.YcLead)
}
