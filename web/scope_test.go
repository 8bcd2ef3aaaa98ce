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
	yc := f.As(t, webtest.YcAdmin)
	for _, tt := range []struct {
		path      string
		want, bad string
	}{
		{"/users", webtest.YcViewer, webtest.LdAdmin},
		{"/audit", "河口街道", "双东"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res := yc.Get(t, tt.path)
			webtest.Expect(t, res, http.StatusOK, tt.want)
			webtest.ExpectNot(t, res, tt.bad)
		})
	}
}
