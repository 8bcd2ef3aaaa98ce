package sheet

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteProblemsCSV writes problems as an error report a user opens in Excel
// or WPS: UTF-8 with a byte-order mark (without it Excel on Chinese Windows
// reads GBK and garbles the text), one line per problem with its row number,
// column letter, the column's header, kind (错误/提醒) and message. Every
// cell is passed through SafeCell, since headers and messages quote what
// the upload held.
func WriteProblemsCSV(w io.Writer, problems []Problem) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write([]string{"行号", "列", "表头", "类型", "问题"}); err != nil {
		return err
	}
	for _, p := range problems {
		kind := "错误"
		if p.Warning {
			kind = "提醒"
		}
		if err := cw.Write([]string{strconv.Itoa(p.Row), p.Col, SafeCell(p.Header), kind, SafeCell(p.Message)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell keeps a spreadsheet from reading text as a formula (CSV
// injection): text starting with = + - @, or with a tab or carriage return
// that Excel skips before looking, gets a leading apostrophe, which Excel
// hides and treats as "this is text".
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
