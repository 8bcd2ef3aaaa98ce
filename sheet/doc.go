// Package sheet reads registers (名册) that users upload as spreadsheets —
// .xlsx workbooks and .csv files, UTF-8 or the GBK/GB18030 that Chinese
// Excel writes — and turns their rows into domain values with row-numbered
// Chinese problems ("第12行：身份证号校验位不正确").
//
// Uploads are untrusted: Read bounds the file size, the unzipped size, the
// rows, the columns and the length of a cell, and streams worksheet rows so
// that a small file claiming a million rows cannot exhaust memory. Column
// mapping is separate from reading: Propose suggests which column holds
// which field from common Chinese header names, the user may change it, and
// ParseRoster applies it.
//
// The package knows nothing of the database or HTTP: callers pass what the
// checks need (today's date, the villages the user may file people in).
package sheet
