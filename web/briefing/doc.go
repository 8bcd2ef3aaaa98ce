// Package briefing serves the work briefing (工作简报): news items written
// by counties and stations and reviewed by the city's editor (accept,
// return with a comment, edit; every version kept), the series with their
// sections and distribution list, and the issues — drafted with live
// blocks (the progress table, a station's outcomes, a recruitment's
// figures), published with their content frozen, exported as Word and as
// a printable HTML page (PDF once its writer is wired in). Pages and the
// JSON API.
package briefing
