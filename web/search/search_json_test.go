package search

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"shuangbai/web/ui"
)

// The hand-written answer is byte for byte what json.Marshal writes of the
// same hits: empty and missing url, fragments with and without a hit, no
// fragments (null) and an empty list of them, and text that JSON escapes.
func TestAppendHits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	texts := []string{"", "留守老人", "a<b>&c", "\"引号\"\\", "行\n分\t隔", "\u2028\u2029", "\xff坏", "ＡＢＣ", "\x01"}
	str := func() string { return texts[rng.IntN(len(texts))] + texts[rng.IntN(len(texts))] }
	frags := func() []fragmentJSON {
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			return []fragmentJSON{}
		}
		fs := make([]fragmentJSON, 1+rng.IntN(4))
		for i := range fs {
			fs[i] = fragmentJSON{Text: str(), Hit: rng.IntN(2) == 0}
		}
		return fs
	}
	for n := range 60 {
		hs := make([]hitJSON, n%7)
		for i := range hs {
			hs[i] = hitJSON{Kind: str(), KindLabel: str(), ID: rng.Int64N(1 << 40), Region: str(), Published: str(),
				Title: frags(), Snippet: frags()}
			if rng.IntN(2) == 0 {
				hs[i].URL = str()
			}
		}
		want, err := json.Marshal(ui.List[hitJSON]{Items: append([]hitJSON{}, hs...), Total: len(hs)})
		if err != nil {
			t.Fatal(err)
		}
		if got := appendHits(nil, hs); string(got) != string(want) {
			t.Fatalf("appendHits:\n got %s\nwant %s", got, want)
		}
	}
}
