// Package roster serves roster imports (名册导入): a register of
// beneficiaries, uploaded as .xlsx or .csv, has its columns mapped (as the
// user last mapped a register of the same shape, or guessed from the
// header), every row checked against the rules and the user's scope, and is
// then imported in the background, all rows or only the good ones, while a
// page shows the progress; the problems download as a CSV report. The same
// import runs in one request under /api/v1, and a blank register to fill in
// downloads as an .xlsx template.
package roster
