package web

// What the external tests of package web (package web_test, which runs the
// whole application through webtest) need of its internals.
var (
	SafeNext        = safeNext
	CaseFormValues  = caseFormValues
	RecoverPanicsOf = (*Server).recoverPanics
)
