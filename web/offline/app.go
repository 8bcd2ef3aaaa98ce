package offline

import (
	"net/http"

	"shuangbai/web/ui"
)

// App shows the app page (GET /offline/): a shell with no personal data
// in it, which the service worker keeps for opening offline; the cases
// come from the bundle, sealed in the phone's storage.
func (h *Handlers) App(w http.ResponseWriter, r *http.Request) error {
	if err := ui.RequireCases(ui.User(r)); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "offline/app.html", appPage{
		Worker: ui.User(r).PersonID != 0,
	})
}

type appPage struct {
	Worker bool // linked to the staff roster: has cases of her own
}

// ServiceWorker serves the service worker at /offline/sw.js, so that its
// scope is the app's folder /offline/ and nothing else. Browsers check it
// for a new version on each visit; it must not be cached for an hour like
// other static files.
func (h *Handlers) ServiceWorker(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path, r2.URL.RawQuery = "/static/offline/sw.js", ""
	h.ui.StaticFiles().ServeHTTP(noCache{w}, r2)
}

// noCache replaces the static files' Cache-Control.
type noCache struct{ http.ResponseWriter }

func (n noCache) WriteHeader(code int) {
	n.Header().Set("Cache-Control", "no-cache")
	n.ResponseWriter.WriteHeader(code)
}

func (n noCache) Write(b []byte) (int, error) {
	if n.Header().Get("Cache-Control") != "no-cache" {
		n.WriteHeader(http.StatusOK)
	}
	return n.ResponseWriter.Write(b)
}

// manifestJSON is the web app manifest: what the phone's "add to home
// screen" shows and opens.
type manifestJSON struct {
	Name            string     `json:"name"`
	ShortName       string     `json:"short_name"`
	Lang            string     `json:"lang"`
	StartURL        string     `json:"start_url"`
	Scope           string     `json:"scope"`
	Display         string     `json:"display"`
	BackgroundColor string     `json:"background_color"`
	ThemeColor      string     `json:"theme_color"`
	Icons           []iconJSON `json:"icons"`
}

type iconJSON struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// Manifest answers GET /offline/manifest.webmanifest.
func (h *Handlers) Manifest(w http.ResponseWriter, r *http.Request) {
	m := manifestJSON{Name: "双百社工 · 离线探访", ShortName: "双百探访", Lang: "zh-CN", StartURL: "/offline/", Scope: "/offline/",
		Display: "standalone", BackgroundColor: "#ffffff", ThemeColor: "#9f1d20",
		Icons: []iconJSON{
			{Src: h.ui.StaticURL("offline/icon-192.png"), Sizes: "192x192", Type: "image/png"},
			{Src: h.ui.StaticURL("offline/icon-512.png"), Sizes: "512x512", Type: "image/png"},
			{Src: h.ui.StaticURL("offline/icon-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		}}
	w.Header().Set("Cache-Control", "no-cache")
	h.ui.WriteJSON(w, r, http.StatusOK, m)
}
