// Package report renders the bureau's official forms (报表) and reads them back.
//
// Forms change on the authorities' schedule, not the code's, so they live
// apart from storage and HTTP: every writer takes plain data from package
// shuangbai and an io.Writer, and never touches the database. The handler
// fetches, the report renders.
//
// Spreadsheets that users fill in and upload are untrusted input. Readers cap
// the upload's size, its unzipped size, and the rows and columns they look at,
// and answer with a *shuangbai.Error whose Chinese message the user can act
// on, or with a list of per-cell Problems.
package report
