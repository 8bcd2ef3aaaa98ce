package web

import "shuangbai/web/ui"

// What the external tests of package web (package web_test, which runs the
// whole application through webtest) need of its internals.
var (
	SafeNext        = ui.SafeNext // tested with the login that uses it
	RecoverPanicsOf = (*Server).recoverPanics
)
