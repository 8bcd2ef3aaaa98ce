package store

import "testing"

// TestCachedAtEvictsOne: a full cache lets one entry go for a new one, not
// every entry, and keeps the new one.
func TestCachedAtEvictsOne(t *testing.T) {
	c := &progressCache{limit: 3}
	for i, key := range []string{"a", "b", "c", "d", "e"} {
		got, err := cachedAt(c, 1, key, func() (int, error) { return i, nil })
		if err != nil || got != i {
			t.Fatalf("%s: %d, %v", key, got, err)
		}
		if want := min(i+1, 3); len(c.tables) != want {
			t.Fatalf("after %s: %d kept, want %d", key, len(c.tables), want)
		}
		if _, ok := c.tables[key]; !ok {
			t.Fatalf("after %s: the new entry is not kept", key)
		}
	}
	// Kept ones are served, not computed again.
	for key := range c.tables {
		if got, _ := cachedAt(c, 1, key, func() (int, error) { return -1, nil }); got == -1 {
			t.Fatalf("%s computed again while kept", key)
		}
	}
}
