package ui

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"shuangbai"
)

// fuzzBody has the shapes of the API's request bodies: strings, numbers,
// lists of both, a flag, an optional number and a nested object.
type fuzzBody struct {
	Name     string   `json:"name"`
	ID       int64    `json:"id"`
	Level    int      `json:"level"`
	Score    float64  `json:"score"`
	Groups   []string `json:"groups"`
	Workers  []int64  `json:"workers"`
	Done     bool     `json:"done"`
	Optional *int     `json:"optional"`
	Site     struct {
		Region string `json:"region"`
	} `json:"site"`
}

// FuzzReadJSON: no request body makes the JSON reader, or the merge-patch
// reader, panic or answer with anything but a 400-class error in Chinese
// words about the body, whatever its size, encoding or nesting.
func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{`{"name":"陈志明","id":1,"groups":["低保"],"workers":[3]}`, `{"level":1e99}`, `{"id":"1"}`,
		`{"nope":1}`, `{}{}`, `[1,2]`, ``, `{"name":"\ud800"}`, `{"site":{"region":445302}}`, `{"optional":null,"done":"true"}`,
		strings.Repeat("[", 10000), "{\"name\":\"\xff\"}", `{"score":-0.0,"id":9223372036854775808}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		var dst fuzzBody
		check := func(what string, err error) {
			if err == nil {
				return
			}
			if c := shuangbai.ErrorCode(err); c != shuangbai.EBADREQUEST && c != shuangbai.EINVALID {
				t.Fatalf("%s(%q): %v (code %s)", what, body, err, c)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("%s(%q): error not UTF-8: %q", what, body, err)
			}
		}
		check("ReadJSON", ReadJSON(req, &dst))
		cur := fuzzBody{Name: "原名", Groups: []string{"a"}}
		var out fuzzBody
		check("DecodePatch", DecodePatch([]byte(body), cur, &out))
	})
}
