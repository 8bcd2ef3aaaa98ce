package store

import (
	"testing"

	"shuangbai"
)

// TestSureOfText: only one Han term that is its own only gram spares the
// walk its spare rows; a longer word (its grams apart), two terms and
// letters (normalised) do not.
func TestSureOfText(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"老人", true}, {"人老", true}, {"养老院", false}, {"老人 低保", false}, {"abc", false}, {"ＡＢ", false}, {"老a", false},
	} {
		terms, err := shuangbai.ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := sureOfText(terms, shuangbai.QueryGrams(terms)); got != tc.want {
			t.Errorf("sureOfText(%q) = %v, want %v (grams %q)", tc.q, got, tc.want, shuangbai.QueryGrams(terms))
		}
	}
	for _, tc := range []struct {
		want int
		sure bool
		size int
	}{{20, false, 24}, {20, true, 20}, {1, true, 4}, {1, false, 8}, {50, true, 52}, {100, false, 104}} {
		if got := pageSize(tc.want, tc.sure); got != tc.size {
			t.Errorf("pageSize(%d, %v) = %d, want %d", tc.want, tc.sure, got, tc.size)
		}
	}
}
