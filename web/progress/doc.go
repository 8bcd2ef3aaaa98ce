// Package progress serves the construction progress table (社工站（点）建设
// 进度情况一览表) as the bureau prints it, with its downloads and its chart
// of sites built by month; the lists behind each of its numbers; the facts
// of each county it prints (方案、机制、经费), kept as dated versions; the
// register of trainings it counts; and the import of the sheet the counties
// fill in and send back, in the pages and in the JSON API.
package progress
