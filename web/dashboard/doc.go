// Package dashboard serves the data dashboards (数据看板) of a city, a
// county and a town with its station: the home page of admins and viewers
// (a social worker's, a station lead's and a supervisor's home stays her
// worklist). Every figure is counted inside the user's scope over a period
// beside the same period last year, drawn with the vendored Apache ECharts
// with its numbers in a table beside it, and links to the list behind it;
// the figures download as Excel, the page prints on one A4 sheet, and
// /api/v1/dashboard gives them as JSON.
package dashboard
