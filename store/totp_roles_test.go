package store_test

import (
	"slices"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestTOTPRolesKeepDefault: reading a database's own list of roles that
// need a second factor leaves the default of every other database as it
// was (it was once decoded into the default's own array).
func TestTOTPRolesKeepDefault(t *testing.T) {
	db := storetest.Open(t)
	want := slices.Clone(store.DefaultTOTPRoles)
	if err := db.SetTOTPRoles(t.Context(), shuangbai.SystemUser, []shuangbai.Role{shuangbai.RoleWorker}); err != nil {
		t.Fatal(err)
	}
	if roles, err := db.TOTPRoles(t.Context()); err != nil || !slices.Equal(roles, []shuangbai.Role{shuangbai.RoleWorker, shuangbai.RoleSecAdmin}) {
		t.Fatalf("TOTPRoles = %v, %v", roles, err)
	}
	if !slices.Equal(store.DefaultTOTPRoles, want) {
		t.Errorf("DefaultTOTPRoles became %v, want %v", store.DefaultTOTPRoles, want)
	}
}
