package casework

import (
	"net/http"
	"net/url"

	"shuangbai"
	"shuangbai/web/ui"
)

// What every page form of case work does once it is posted: a problem the
// user can fix shows the form again with a message next to each field;
// anything else is an error page; a saved form redirects with a notice,
// so reloading the next page does not post it again.

// refused returns the form showing v with err's field messages, and
// whether err has any: a form to show again rather than an error.
func refused(v url.Values, err error) (ui.Form, bool) {
	if ui.FieldErrors(err) == nil {
		return ui.Form{}, false
	}
	return ui.NewForm(v, err), true
}

// saved redirects to the page at to, which shows notice once.
func saved(w http.ResponseWriter, r *http.Request, notice, to string) error {
	ui.SetFlash(w, notice)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// formOr returns *f when a request filled it in, else a fresh form showing v.
func formOr(f *ui.Form, v url.Values) ui.Form {
	if f != nil {
		return *f
	}
	return ui.NewForm(v, nil)
}

// invalid is the error of one field's problem that only the page checks.
func invalid(field, msg string) error {
	return &shuangbai.Error{Code: shuangbai.EINVALID, Fields: map[string]string{field: msg}}
}
