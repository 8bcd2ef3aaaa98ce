package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// hashStatic fingerprints each static file, so its URL changes when its
// content does and browsers may cache it for a long time.
func hashStatic(fsys fs.FS) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(h[:4])
		return nil
	})
	return out, err
}

// StaticURL returns the URL of a static file with its fingerprint.
func (u *UI) StaticURL(name string) string {
	return "/static/" + name + "?v=" + u.hashes[name]
}

// StaticFiles serves the embedded static files. Folder listings are refused.
func (u *UI) StaticFiles() http.Handler {
	sub, err := fs.Sub(u.static, "static")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || path.Ext(r.URL.Path) == "" {
			u.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}
