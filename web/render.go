package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"shuangbai"
)

// view is what every page template executes with: the layout's data and the
// page's own typed struct in Page.
type view struct {
	User       *shuangbai.User
	RegionName string // the user's home region, for the header
	Nav        string // the active menu entry: the template's folder or name
	Flash      string // a one-time notice, such as "已保存"
	Page       any
}

// templateFuncs are the helpers templates may call.
func (s *Server) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"static": s.staticURL,
		// date writes a dash for an unset date, so a table cell never looks
		// forgotten.
		"date": func(d shuangbai.Date) string {
			if d.IsZero() {
				return "—"
			}
			return d.Chinese()
		},
		"iso": func(d shuangbai.Date) string { return d.String() },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(shuangbai.China).Format("2006-01-02 15:04")
		},
		"now":        func() string { return s.now().In(shuangbai.China).Format("2006-01-02 15:04") },
		"maskPhone":  shuangbai.MaskPhone,
		"equipItems": func() []shuangbai.EquipmentItem { return shuangbai.EquipmentItems },
		"staffRoles": func() []shuangbai.StaffRole { return shuangbai.StaffRoles },
		"levelOf":    shuangbai.LevelOf,
		"kindLabel":  func(code string) string { return shuangbai.KindOf(code).Label() },
		"percent": func(n, of int) int {
			if of <= 0 {
				return 0
			}
			return min(100, n*100/of)
		},
		"yesno": func(b bool) string {
			if b {
				return "是"
			}
			return "否"
		},
		"actionLabel": actionLabel,
		"list":        func(xs ...string) []string { return xs },
		"entityLabel": entityLabel,
	}
}

// parseTemplates parses layout.html and partials/ once, then each page on a
// copy of them, so every page can define its own "title" and "content".
func parseTemplates(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	pages := map[string]*template.Template{}
	err = fs.WalkDir(fsys, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		name := strings.TrimPrefix(p, "templates/")
		if name == "layout.html" || strings.HasPrefix(name, "partials/") {
			return nil
		}
		t, err := template.Must(base.Clone()).ParseFS(fsys, p)
		if err != nil {
			return fmt.Errorf("web: parse %s: %w", name, err)
		}
		pages[name] = t
		return nil
	})
	return pages, err
}

// templateNames lists the page templates, for the coverage test.
func (s *Server) templateNames() []string {
	var names []string
	for n := range s.pages {
		names = append(names, n)
	}
	return names
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, page any) error {
	pages := s.pages
	if s.dev {
		var err error
		if pages, err = parseTemplates(s.files, s.templateFuncs()); err != nil {
			return err
		}
	}
	t, ok := pages[name]
	if !ok {
		return fmt.Errorf("web: no template %s", name)
	}
	v := view{User: userOf(r), Nav: navOf(r.URL.Path, name), Page: page}
	if v.User != nil {
		names, err := s.db.RegionNames(r.Context(), []string{v.User.Region})
		if err != nil {
			return err
		}
		v.RegionName = names[v.User.Region]
		v.Flash = takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	if s.rendered != nil {
		s.rendered(name)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// navPrefixes name the menu entry of pages whose template folder is not
// the entry's name (the case-work pages share one folder).
var navPrefixes = []struct{ prefix, nav string }{
	{"/worklist", "worklist"},
	{"/beneficiaries", "beneficiary"},
	{"/reports/outcomes", "outcomes"},
	{"/access-log", "access"},
	{"/trainings", "training"},
	{"/requirements", "dashboard"},
	{"/settings/followup", "worklist"},
}

// navOf returns the menu entry to mark for a page: by its URL where the
// table above says, else by its template's folder or name.
func navOf(urlPath, template string) string {
	for _, p := range navPrefixes {
		if strings.HasPrefix(urlPath, p.prefix) {
			return p.nav
		}
	}
	return strings.TrimSuffix(strings.Split(template, "/")[0], ".html")
}

// renderOrLog renders a page for handlers that cannot return an error: the
// login and error pages. If even that fails, a plain-text answer is all that
// is left.
func (s *Server) renderOrLog(w http.ResponseWriter, r *http.Request, status int, name string, page any) {
	if err := s.render(w, r, status, name, page); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
	}
}

// flashCookie carries a one-line notice across the redirect after a POST.
const flashCookie = "shuangbai_flash"

// setFlash shows msg on the next page the browser loads.
func setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil {
		return ""
	}
	return msg
}

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

// staticURL returns the URL of a static file with its fingerprint.
func (s *Server) staticURL(name string) string {
	return "/static/" + name + "?v=" + s.static[name]
}

// staticFiles serves the embedded static files. Folder listings are refused.
func (s *Server) staticFiles() http.Handler {
	sub, err := fs.Sub(s.files, "static")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || path.Ext(r.URL.Path) == "" {
			s.notFound(w, r)
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
