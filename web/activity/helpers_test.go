package activity_test

import (
	"strconv"
	"strings"
	"testing"

	"shuangbai/store"
)

func storeFilter() store.ActivityFilter { return store.ActivityFilter{} }

func strconvID(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

// idOf reads the id at the end of an activity's address.
func idOf(t *testing.T, loc string) int64 {
	t.Helper()
	id, err := strconvID(loc[strings.LastIndex(loc, "/")+1:])
	if err != nil {
		t.Fatalf("address %q: %v", loc, err)
	}
	return id
}
