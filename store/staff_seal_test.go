package store_test

import (
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/secret"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// rawPhone returns what the people table holds of a person's phone: the
// clear column and the sealed one.
func rawPhone(t *testing.T, db *store.DB, id int64) (clear, sealed string) {
	t.Helper()
	var err error
	if clear, err = db.RawForTest(t.Context(), "SELECT phone FROM people WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	if sealed, err = db.RawForTest(t.Context(), "SELECT phone_enc FROM people WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	return clear, sealed
}

// TestStaffPhoneSealed checks that a staff phone number is stored sealed,
// bound to its column, and read back whole by every read of staff.
func TestStaffPhoneSealed(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	const phone = "13800138000"
	p := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Phone: phone, Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		clear, sealed := rawPhone(t, db, p.ID)
		if clear != "" || !strings.HasPrefix(sealed, "v1") || strings.Contains(sealed, p.Phone) {
			t.Fatalf("%s: stored phone = %q, sealed %q; want only a sealed token", when, clear, sealed)
		}
		got, err := db.Person(ctx, shuangbai.SystemUser.Scope(), p.ID)
		if err != nil || got.Phone != p.Phone {
			t.Fatalf("%s: Person phone = %q, %v; want %q", when, got.Phone, err, p.Phone)
		}
		list, _, err := db.People(ctx, shuangbai.SystemUser.Scope(), store.PersonFilter{})
		if err != nil || len(list) != 1 || list[0].Phone != p.Phone {
			t.Fatalf("%s: People = %+v, %v", when, list, err)
		}
	}
	check("created")
	p.Phone = "0766-8812345"
	if err := db.UpdatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	check("updated")
	// The audit log keeps the number masked, as before.
	if n, err := db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE after LIKE ? OR before LIKE ?", "%"+phone+"%", "%8812345%"); err != nil || n != "0" {
		t.Errorf("audit entries with a full phone = %s, %v", n, err)
	}
	if n, err := db.SealedRecords(ctx); err != nil || n != 1 {
		t.Errorf("SealedRecords = %d, %v; want 1 (the phone)", n, err)
	}
}

// TestSealStaffPhones checks the one-time sealing of numbers written in the
// clear before migration 0015: readable before, sealed after, and a second
// run finds nothing to do.
func TestSealStaffPhones(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	for _, q := range []string{
		`INSERT INTO people (id, region, name, gender, phone, role, created_at, updated_at)
			VALUES (901, '445302003', '旧社工', '男', '13900139000', 'worker', '2021-01-01 00:00:00', '2021-01-01 00:00:00')`,
		`INSERT INTO people (id, region, name, gender, phone, role, created_at, updated_at)
			VALUES (902, '445302003', '无电话', '女', '', 'worker', '2021-01-01 00:00:00', '2021-01-01 00:00:00')`,
	} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	scope := shuangbai.SystemUser.Scope()
	if got, err := db.Person(ctx, scope, 901); err != nil || got.Phone != "13900139000" {
		t.Fatalf("before sealing: phone = %q, %v", got.Phone, err)
	}
	n, err := db.SealStaffPhones(ctx)
	if err != nil || n != 1 {
		t.Fatalf("SealStaffPhones = %d, %v; want 1", n, err)
	}
	clear, sealed := rawPhone(t, db, 901)
	// The whole number, not a part: "139" turned up in a sealed token's
	// base64 by chance (CI, d6e3ac6), as any three characters do about
	// once in 5,000 tokens.
	if clear != "" || sealed == "" || strings.Contains(sealed, "13900139000") {
		t.Fatalf("after sealing: phone = %q, sealed %q", clear, sealed)
	}
	if clear, sealed := rawPhone(t, db, 902); clear != "" || sealed != "" {
		t.Errorf("a person with no phone: %q, %q", clear, sealed)
	}
	if got, err := db.Person(ctx, scope, 901); err != nil || got.Phone != "13900139000" {
		t.Fatalf("after sealing: phone = %q, %v", got.Phone, err)
	}
	if n, err := db.SealStaffPhones(ctx); err != nil || n != 0 {
		t.Errorf("second SealStaffPhones = %d, %v; want 0", n, err)
	}
	if n, err := db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM people WHERE phone LIKE '%13900139000%' OR phone_enc LIKE '%13900139000%'"); err != nil || n != "0" {
		t.Errorf("rows with the number readable = %s, %v", n, err)
	}
	// Another key cannot open the sealed number.
	other, _ := secret.New(secret.AES256GCM, []byte("another-key-0123456789abcdefghij"))
	db.UseBox(other)
	if _, err := db.Person(ctx, scope, 901); err == nil {
		t.Error("a sealed phone opened with another key")
	}
}
