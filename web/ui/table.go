package ui

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/report"
)

// SendTable writes t as format (xlsx or csv) into a buffer first, so a failure
// is an error page rather than half a file, then sends it as a download
// named after the sheet and today.
func SendTable(w http.ResponseWriter, t *report.Table, format string, today shuangbai.Date) error {
	var buf bytes.Buffer
	ctype, write := "text/csv; charset=utf-8", t.WriteCSV
	if format == "xlsx" {
		ctype, write = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", t.WriteXLSX
	}
	if err := write(&buf); err != nil {
		return err
	}
	day := strings.ReplaceAll(today.String(), "-", "")
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.File+"-"+day+"."+format+`"; filename*=UTF-8''`+
		url.PathEscape(t.Sheet+"-"+day+"."+format))
	_, err := buf.WriteTo(w)
	return err
}
