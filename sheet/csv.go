package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"shuangbai"
)

// readCSV reads a text file as CSV. Excel on a Chinese Windows saves "CSV"
// in GBK, so bytes that are not valid UTF-8 are decoded as GB18030, GBK's
// superset; "Unicode text" is UTF-16 with a BOM and tabs.
func readCSV(b []byte, lim Limits, lay Layout) (*Table, error) {
	text, enc, err := decodeText(b)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffComma(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &Table{Format: "csv", Encoding: enc}
	rr := newRowReader(t, lim, lay)
	for num := 1; ; num++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := num
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, shuangbai.Errorf(shuangbai.EINVALID, "CSV 文件第%d行格式有误（引号不配对等），请用 Excel 或 WPS 打开后重新保存", line)
		}
		if !rr.add(num, rec) {
			break
		}
	}
	if err := rr.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// decodeText returns b as UTF-8 text and the name of the encoding it was in.
func decodeText(b []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if !utf8.Valid(b) {
			return "", "", notText()
		}
		return string(b), "UTF-8", nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", "", notText()
		}
		return string(out), "UTF-16", nil
	}
	// NUL bytes never occur in text in these encodings: this is a binary
	// file (a picture, a PDF, a .docx renamed …).
	if bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0 {
		return "", "", notText()
	}
	if utf8.Valid(b) {
		return string(b), "UTF-8", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(out) {
		return "", "", notText()
	}
	return string(out), "GB18030", nil
}

func notText() error {
	return shuangbai.Errorf(shuangbai.EINVALID, "文件不是 Excel（.xlsx）或 CSV 格式，请上传 .xlsx 工作簿或 .csv 文件")
}

// sniffComma picks the separator the first lines use most: a comma, a tab
// (Excel's "text" export) or a semicolon. Several lines, because a title
// line above the header may hold none.
func sniffComma(text string) rune {
	head := text
	for i, n := 0, 0; i < len(text); i++ {
		if text[i] == '\n' {
			if n++; n == 5 {
				head = text[:i]
				break
			}
		}
	}
	best, n := ',', strings.Count(head, ",")
	for _, c := range []rune{'\t', ';'} {
		if k := strings.Count(head, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}
