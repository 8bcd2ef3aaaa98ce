package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"shuangbai"
	"shuangbai/web"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a page template of package web or ui
// was never rendered.
func TestMain(m *testing.M) { webtest.Main(m, ui.Shared, web.Pages) }

// errorOut is a JSON error answer.
type errorOut struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func siteFilterName(q string) shuangbai.SiteFilter { return shuangbai.SiteFilter{Query: q} }

func newRequest(method, path string, body io.Reader) *http.Request {
	req := httptest.NewRequest(method, path, body)
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}
