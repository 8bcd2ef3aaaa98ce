package casework_test

import (
	"maps"
	"net/http"
	"testing"

	"shuangbai/store"
	"shuangbai/web/casework"
	"shuangbai/web/webtest"
)

// TestRefusedEditLeavesNoHousehold edits files to a new household in ways
// only the store refuses (an ID number another file holds, a worker outside
// the user's area), through the API and the form: each refusal must leave
// the households, and their audit, as they were. Filing the household and
// storing the edit are one transaction.
func TestRefusedEditLeavesNoHousehold(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	households := func() (int, int) {
		t.Helper()
		hs, err := f.DB.Households(ctx, webtest.AdminScope, 500)
		if err != nil {
			t.Fatal(err)
		}
		audit, err := f.DB.AuditLog(ctx, webtest.AdminScope, store.AuditFilter{Entity: "household", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		return len(hs), len(audit)
	}
	rows, audits := households()
	unchanged := func(what string) {
		t.Helper()
		if r, a := households(); r != rows || a != audits {
			t.Errorf("%s: households %d → %d, their audit entries %d → %d: a refused edit left a household behind", what, rows, r, audits, a)
		}
	}

	// Mistakes only the store sees: the birth and gender are left for the ID
	// number to give, so the page's own checks pass.
	api := f.API(t, webtest.YcWorker)
	webtest.Expect(t, api.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(f.Lin.ID),
		map[string]any{"new_household_head": "林伯", "id_number": f.Huang.IDNumber, "birth": "", "gender": ""}),
		http.StatusConflict, `"id_number"`)
	unchanged("PATCH with another file's ID number")
	webtest.Expect(t, api.JSON(t, "PATCH", "/api/v1/beneficiaries/"+webtest.ID(f.Zhang.ID), map[string]any{"new_household_head": "张小红", "worker_id": f.LdPerson.ID}),
		http.StatusUnprocessableEntity, `"worker_id"`)
	unchanged("PATCH with another county's worker")

	good := casework.BeneficiaryFormValues(f.Lin)
	good.Set("household", "new")
	good.Set("head_name", "林伯")
	bad := maps.Clone(good)
	bad.Set("id_number", f.Chen.IDNumber)
	bad.Set("birth", "")
	bad.Set("gender", "")
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, "/beneficiaries/"+webtest.ID(f.Lin.ID), bad), http.StatusConflict, "该身份证号已属于另一份档案")
	unchanged("form with another file's ID number")
	if got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Lin.ID); got.HouseholdID != 0 || got.IDNumber != "" {
		t.Errorf("refused edits changed the file: %+v", got)
	}

	// The same edit without the mistake files the household with the person.
	webtest.Expect(t, f.As(t, webtest.YcWorker).PostForm(t, "/beneficiaries/"+webtest.ID(f.Lin.ID), good), http.StatusSeeOther)
	got, _ := f.DB.Beneficiary(ctx, webtest.AdminScope, f.Lin.ID)
	hh, members, err := f.DB.Household(ctx, webtest.AdminScope, got.HouseholdID)
	if err != nil || hh.HeadName != "林伯" || hh.Region != f.Lin.Region || len(members) != 1 || members[0].ID != f.Lin.ID {
		t.Errorf("household %+v, members %v, %v", hh, members, err)
	}
	if r, a := households(); r != rows+1 || a != audits+1 {
		t.Errorf("after a good edit: households %d → %d, audit entries %d → %d, want one more each", rows, r, audits, a)
	}
}
