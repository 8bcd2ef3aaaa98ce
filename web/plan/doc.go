// Package plan serves the stations' yearly plans (站点年度计划) and the
// city's templates for them: pages, the JSON API and the Word and Excel
// exports. A plan's progress is read from the records whenever it is
// shown, never stored, so it is always as current as the records.
package plan
