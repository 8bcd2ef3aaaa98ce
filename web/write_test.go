package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/webtest"
)

// TestReadOnly checks that a viewer is refused the account pages and the
// audit log. (The station network's writes are checked so in package
// network.)
func TestReadOnly(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcViewer)
	for _, tt := range []struct {
		name string
		res  func() int
	}{
		{"GET /users", func() int { return c.Get(t, "/users").Code }},
		{"GET /users/new", func() int { return c.Get(t, "/users/new").Code }},
		{"POST /users", func() int { return c.PostForm(t, "/users", url.Values{"username": {"abc"}}).Code }},
		{"GET /audit", func() int { return c.Get(t, "/audit").Code }},
	} {
		if got := tt.res(); got != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tt.name, got)
		}
	}
}
