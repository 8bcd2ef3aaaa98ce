package ui

import "net/http"

// Saved ends a form's POST the way every page does: a refusal the form can
// show (field errors) renders it again with its status, another error is
// returned, and success redirects (303) to the next page with a notice.
// done is called only on success, when what was saved exists.
func Saved(w http.ResponseWriter, r *http.Request, err error, again func(status int) error, done func() (flash, next string)) error {
	if FieldErrors(err) != nil {
		return again(Status(err))
	}
	if err != nil {
		return err
	}
	flash, next := done()
	SetFlash(w, flash)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// Done is a Saved notice and next page known before the save.
func Done(flash, next string) func() (string, string) {
	return func() (string, string) { return flash, next }
}
