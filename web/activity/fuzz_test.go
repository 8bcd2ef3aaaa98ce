package activity

import (
	"net/url"
	"shuangbai/web/ui"
	"testing"

	"shuangbai"
)

// FuzzListQuery: a list's query string never panics, and what it accepts
// is a filter the store can use: a known kind, real dates, a positive key.
func FuzzListQuery(f *testing.F) {
	for _, s := range []string{"", "region=445381&kind=anti_drug", "kind=禁毒宣传&from=2021-01-01&to=2021-12-31", "before=2021-07-29.12",
		"before=2021-07-29.-1", "before=.", "from=0001-01-01", "kind=%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseListQuery(v)
		if err != nil {
			return
		}
		if q.Filter.Kind != "" && !q.Filter.Kind.Valid() {
			t.Fatalf("kind %q accepted", q.Filter.Kind)
		}
		if q.Before != "" && (q.Filter.BeforeID <= 0 || q.Filter.BeforeOn.IsZero()) {
			t.Fatalf("key %q accepted as %v/%d", q.Before, q.Filter.BeforeOn, q.Filter.BeforeID)
		}
	})
}

// FuzzJSONValues: any body either is refused or becomes values the form
// parser reads without panicking, and an activity it accepts is valid.
func FuzzJSONValues(f *testing.F) {
	for _, s := range []string{`{}`, `{"title":"禁毒","kind":"anti_drug","held_on":"2021-07-29","station_id":3,"region":"445381004","reached":300}`,
		`{"groups":["a","b"]}`, `{"groups":[1]}`, `{"x":{"y":1}}`, `null`, `[]`, `{"reached":1e400}`, `{"reached":-0}`} {
		f.Add(s)
	}
	today := shuangbai.NewDate(2021, 8, 9)
	f.Fuzz(func(t *testing.T, body string) {
		v, _, err := ui.JSONValues([]byte(body))
		if err != nil {
			return
		}
		a, err := parseActivity(v, today)
		if err != nil {
			return
		}
		if err := a.Validate(today); err != nil {
			t.Fatalf("parsed activity fails validation: %v", err)
		}
		if a.HeldOn.After(today) || a.Reached < 0 {
			t.Fatalf("accepted %+v", a)
		}
	})
}
