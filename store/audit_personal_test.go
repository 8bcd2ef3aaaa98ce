package store_test

import (
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
)

// birthForms are the ways a birth date is commonly written.
func birthForms(d shuangbai.Date) []string {
	t := d.Time()
	return []string{d.String(), t.Format("20060102"), t.Format("2006年1月2日"), t.Format("2006/01/02"), t.Format("2006.01.02")}
}

// TestAuditKeepsNoNumberOrBirth: whatever writes a beneficiary — filing,
// editing, a roster import creating and updating — the audit log stores
// the ID number as its last four only and no birth date.
func TestAuditKeepsNoNumberOrBirth(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	edited := *a
	edited.Phone, edited.IDNumber, edited.Birth = "13900139000", idNumber("44530219910202123"), shuangbai.Date{}
	if err := db.UpdateBeneficiary(ctx, shuangbai.SystemUser, &edited, nil); err != nil {
		t.Fatal(err)
	}
	rows := []store.RosterRow{person(2, "新人", "44530219850505126", shuangshang, ""), person(3, "陈小明", "", shuangshang, "13700137000")}
	rows[1].Person.IDNumber = edited.IDNumber
	if res, err := db.ImportRoster(ctx, shuangbai.SystemUser, rows, store.RosterImport{Mode: store.ImportAll}); err != nil || res.Created != 1 || res.Updated != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	raw, err := db.RawForTest(ctx, "SELECT COALESCE(STRING_AGG(before || '|' || after, ' '), '') FROM audit_log WHERE entity = 'beneficiary'")
	if err != nil {
		raw, err = db.RawForTest(ctx, "SELECT COALESCE(GROUP_CONCAT(before || '|' || after, ' '), '') FROM audit_log WHERE entity = 'beneficiary'")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw, shuangbai.MaskIDNumber(edited.IDNumber)) || !strings.Contains(raw, `"age":`) {
		t.Fatalf("audit entries hold neither tail nor age: %s", raw)
	}
	for _, n := range []string{a.IDNumber, edited.IDNumber, idNumber("44530219850505126")} {
		info, err := shuangbai.ParseIDNumber(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range append(birthForms(info.Birth), n, n[:14], n[6:14], "445302**") {
			if strings.Contains(raw, leak) {
				t.Errorf("the audit log stores %q: %s", leak, raw)
			}
		}
	}
	if strings.Contains(raw, `"birth"`) {
		t.Errorf("the audit log stores a birth field: %s", raw)
	}
}

// TestAuditScrubsOlderEntries: an entry written under the earlier rule
// (birth date beside region-and-tail) is read back without the birth date
// and with the tail only.
func TestAuditScrubsOlderEntries(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	old := `{"birth":"1990-01-01","id_number":"445302********1232","name":"陈小明","level":1}`
	if err := db.ExecForTest(ctx, `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, region, before, after)
		VALUES ('2021-08-01 10:00:00', 0, 'old', 'update', 'beneficiary', '9', '445302003208', '`+old+`', '`+old+`')`); err != nil {
		t.Fatal(err)
	}
	entries, err := db.AuditLog(ctx, shuangbai.Scope{Code: "445302"}, store.AuditFilter{EntityID: "9"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("AuditLog = %+v, %v", entries, err)
	}
	for _, js := range []string{entries[0].Before, entries[0].After} {
		if strings.Contains(js, "1990") || strings.Contains(js, "445302") || !strings.Contains(js, `"id_number":"尾号1232"`) || !strings.Contains(js, `"name":"陈小明"`) {
			t.Errorf("older entry read back as %s", js)
		}
	}
}
