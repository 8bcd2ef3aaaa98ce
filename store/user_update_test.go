package store_test

import (
	"strconv"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestUpdateUser: a system administrator renames and moves accounts inside
// their scope only, links a staff entry of their scope, does not move an
// administrator whose role they may not grant, and the change is audited
// and ends the moved account's sessions.
func TestUpdateUser(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	city := storetest.User(t, db, "city-sys", shuangbai.RoleSysAdmin, "4453", "h")
	yc := storetest.User(t, db, "yc-sys", shuangbai.RoleSysAdmin, "445302", "h")
	admin := storetest.User(t, db, "yc-admin", shuangbai.RoleCountyAdmin, "445302", "h")
	storetest.User(t, db, "ld-admin", shuangbai.RoleCountyAdmin, "445381", "h")
	storetest.User(t, db, "yc-sec", shuangbai.RoleSecAdmin, "445302", "h")
	worker := storetest.User(t, db, "yc-worker", shuangbai.RoleWorker, "445302003", "h")
	ycPerson := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	ldPerson := &shuangbai.Person{Region: "445381004", Name: "罗定人", Gender: "女", Role: shuangbai.StaffWorker}
	for _, p := range []*shuangbai.Person{ycPerson, ldPerson} {
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
	}

	for _, tt := range []struct {
		name        string
		actor       *shuangbai.User
		user        string
		newName     string
		region      string
		person      int64
		code, field string // the error's code, and its field for EINVALID
	}{
		{"a county admin", admin, "yc-worker", "王", "445302003", 0, shuangbai.EFORBIDDEN, ""},
		{"outside scope", yc, "ld-admin", "罗", "445381", 0, shuangbai.ENOTFOUND, ""},
		{"no such account", yc, "nobody", "无", "445302", 0, shuangbai.ENOTFOUND, ""},
		{"moved out of scope", yc, "yc-admin", "云", "445381", 0, shuangbai.EINVALID, "region"},
		{"no name", yc, "yc-admin", " ", "445302", 0, shuangbai.EINVALID, "name"},
		{"a worker above her town", yc, "yc-worker", "王", "445302", 0, shuangbai.EINVALID, "region"},
		{"a person of another county", yc, "yc-worker", "王", "445302003", ldPerson.ID, shuangbai.EINVALID, "person_id"},
		{"moving a security administrator", city, "yc-sec", "安", "4453", 0, shuangbai.EINVALID, "region"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := db.UpdateUser(ctx, tt.actor, tt.user, tt.newName, tt.region, tt.person)
			if shuangbai.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if e, ok := err.(*shuangbai.Error); tt.field != "" && (!ok || e.Fields[tt.field] == "") {
				t.Errorf("err = %v, want a message for %s", err, tt.field)
			}
		})
	}
	// Renaming the security administrator in place is an account's detail,
	// not a grant.
	if err := db.UpdateUser(ctx, city, "yc-sec", "云城安全员", "445302", 0); err != nil {
		t.Errorf("rename the security administrator: %v", err)
	}

	if _, err := db.CreateSession(ctx, worker.ID, "worker-token", store.SessionCookie, "浏览器", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateUser(ctx, yc, "yc-worker", "王社工", "445302003208", ycPerson.ID); err != nil {
		t.Fatal(err)
	}
	got, _, _ := db.UserByName(ctx, "yc-worker")
	if got.Name != "王社工" || got.Region != "445302003208" || got.PersonID != ycPerson.ID {
		t.Errorf("after the update: %+v", got)
	}
	if _, err := db.SessionUser(ctx, "worker-token", store.SessionCookie); shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("the moved account's session still works: %v", err)
	}
	log, err := db.AuditLog(ctx, shuangbai.Scope{Code: "445302"}, store.AuditFilter{Entity: "user", EntityID: webID(worker.ID)})
	if err != nil || len(log) == 0 || log[0].Action != "update" || log[0].Username != "yc-sys" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
	// Unlinking the staff entry stores no person.
	if err := db.UpdateUser(ctx, yc, "yc-worker", "王社工", "445302003208", 0); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.UserByName(ctx, "yc-worker"); got.PersonID != 0 {
		t.Errorf("person = %d after unlinking", got.PersonID)
	}
}

// TestLogExport: only the audit administrator exports the logs, and each
// export is an entry of the audit log under their region.
func TestLogExport(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	audit := storetest.User(t, db, "auditor", shuangbai.RoleAuditAdmin, "445302", "h")
	admin := storetest.User(t, db, "yc-admin", shuangbai.RoleCountyAdmin, "445302", "h")
	if err := db.LogExport(ctx, admin, store.LogAudit, "csv", 3, ""); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a county admin exported the audit log: %v", err)
	}
	if err := db.LogExport(ctx, audit, "users", "csv", 3, ""); err == nil {
		t.Error("an unknown log was exported")
	}
	if err := db.LogExport(ctx, audit, store.LogAccess, "xlsx", 7, "user=zhang"); err != nil {
		t.Fatal(err)
	}
	log, err := db.AuditLog(ctx, shuangbai.Scope{Code: "445302"}, store.AuditFilter{Entity: store.LogAccess})
	if err != nil || len(log) != 1 || log[0].Action != "export" || log[0].EntityID != "xlsx" || log[0].Username != "auditor" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
	if log[0].After != `{"entries":7,"filter":"user=zhang","format":"xlsx"}` {
		t.Errorf("after = %s", log[0].After)
	}
	if l, _ := db.AuditLog(ctx, shuangbai.Scope{Code: "445381"}, store.AuditFilter{Entity: store.LogAccess}); len(l) != 0 {
		t.Errorf("another county reads the export: %+v", l)
	}
}

func webID(id int64) string { return strconv.FormatInt(id, 10) }
