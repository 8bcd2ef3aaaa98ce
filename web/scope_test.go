package web_test

import (
	"net/http"
	"testing"

	"shuangbai/web/webtest"
)

// TestScope checks that a 云城区 county admin's lists of accounts and of
// changes leave out 罗定市. (The station network's pages and API are
// checked the same way in package network.)
func TestScope(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	for _, tt := range []struct {
		as        string
		path      string
		want, bad string
	}{
		{webtest.YcSys, "/users", webtest.YcViewer, webtest.LdAdmin},
		{webtest.YcAdmin, "/audit", "河口街道", "双东"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res := f.As(t, tt.as).Get(t, tt.path)
			webtest.Expect(t, res, http.StatusOK, tt.want)
			webtest.ExpectNot(t, res, tt.bad)
		})
	}
}
