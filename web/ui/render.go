package ui

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
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
	Notice     string // Config.Check's standing warning: the password is about to expire (the banner links to its page)
	Page       any
}

// funcs are the helpers templates may call.
func (u *UI) funcs() template.FuncMap {
	return template.FuncMap{
		"static": u.StaticURL,
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
		// now is the print line's time, its date in the one Chinese form
		// the pages use.
		"now": func() string {
			t := u.now().In(shuangbai.China)
			return shuangbai.DateOf(t).Chinese() + t.Format(" 15:04")
		},
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
		"actionLabel": ActionLabel,
		"list":        func(xs ...string) []string { return xs },
		"inc":         func(i int) int { return i + 1 },
		"choice":      func(groups []RegionGroup, selected string) Choice { return Choice{groups, selected} },
		"entityLabel": EntityLabel,
	}
}

// parse parses the layout and every source's partials once, then each page
// on a copy of them, so every page can define its own "title" and
// "content". Two sources may not define the same page.
func (u *UI) parse() (map[string]*template.Template, error) {
	base := template.New("layout.html").Funcs(u.funcs())
	if _, err := base.ParseFS(u.sources[0].FS, "templates/layout.html"); err != nil {
		return nil, fmt.Errorf("ui: parse layout: %w", err)
	}
	for _, src := range u.sources {
		partials, err := fs.Glob(src.FS, "templates/partials/*.html")
		if err != nil {
			return nil, err
		}
		if len(partials) > 0 {
			if _, err := base.ParseFS(src.FS, partials...); err != nil {
				return nil, fmt.Errorf("ui: parse partials of %s: %w", src.Dir, err)
			}
		}
	}
	pages := map[string]*template.Template{}
	for _, src := range u.sources {
		err := fs.WalkDir(src.FS, "templates", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			name := strings.TrimPrefix(p, "templates/")
			if name == "layout.html" || strings.HasPrefix(name, "partials/") {
				return nil
			}
			if _, dup := pages[name]; dup {
				return fmt.Errorf("ui: page %s is defined twice (again in %s)", name, src.Dir)
			}
			t, err := template.Must(base.Clone()).ParseFS(src.FS, p)
			if err != nil {
				return fmt.Errorf("ui: parse %s: %w", name, err)
			}
			pages[name] = t
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// Render executes a page template into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (u *UI) Render(w http.ResponseWriter, r *http.Request, status int, name string, page any) error {
	pages := u.pages
	if u.dev {
		var err error
		if pages, err = u.parse(); err != nil {
			return err
		}
	}
	t, ok := pages[name]
	if !ok {
		return fmt.Errorf("ui: no template %s", name)
	}
	v := view{User: User(r), Nav: navOf(r.URL.Path, name), Page: page}
	if v.User != nil {
		names, err := u.db.RegionNames(r.Context(), []string{v.User.Region})
		if err != nil {
			return err
		}
		v.RegionName = names[v.User.Region]
		v.Flash = takeFlash(w, r)
		v.Notice = Notice(r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return fmt.Errorf("ui: render %s: %w", name, err)
	}
	if u.rendered != nil {
		u.rendered(name)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// navPrefixes name the menu entry of pages whose template folder is not
// the entry's name.
var navPrefixes = []struct{ prefix, nav string }{
	{"/worklist", "worklist"},
	{"/beneficiaries", "beneficiary"},
	{"/reports/outcomes", "outcomes"},
	{"/access-log", "access"},
	{"/trainings", "training"},
	{"/requirements", "dashboard"},
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

// RenderOrLog renders a page for handlers that cannot return an error: the
// login and error pages. If even that fails, a plain-text answer is all that
// is left.
func (u *UI) RenderOrLog(w http.ResponseWriter, r *http.Request, status int, name string, page any) {
	if err := u.Render(w, r, status, name, page); err != nil {
		u.log.Error("render", "template", name, "err", err)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
	}
}

// FlashCookie carries a one-line notice across the redirect after a POST.
const FlashCookie = "shuangbai_flash"

// SetFlash shows msg on the next page the browser loads.
func SetFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(FlashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil {
		return ""
	}
	return msg
}
