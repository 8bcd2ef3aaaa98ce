package network

import (
	"net/http"

	"shuangbai/web/ui"
)

// editedID returns the id the URL names under name, for a request that
// changes the network. A read-only user is refused before the id is read,
// so they see "no permission" rather than "not found".
func editedID(r *http.Request, name string) (int64, error) {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return 0, err
	}
	return ui.PathID(r, name)
}

// answer finishes the POST of a form whose write returned err. Field
// messages show the form again through again, with what the user typed and
// the status the error calls for; any other error is the answer; success
// shows msg on the page at next, reached by a redirect so that reloading it
// does not post again.
func answer(w http.ResponseWriter, r *http.Request, err error, again func(status int, f ui.Form) error, msg, next string) error {
	if ui.FieldErrors(err) != nil {
		return again(ui.Status(err), ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, msg)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
