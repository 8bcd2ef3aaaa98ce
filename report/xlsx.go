package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// SafeCell returns s ready for a text cell of a spreadsheet or CSV file. A
// text that starts with =, +, -, @, a tab or a carriage return is prefixed
// with a single quote, so that a spreadsheet program opening the file (or a
// CSV saved from it) shows the text instead of running it as a formula: a
// funding note typed as "=HYPERLINK(…)" must not become a live link. A text
// that already starts with quotes before such a sign gets one more, so that
// reading a form back can undo exactly one.
func SafeCell(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

func needsQuote(s string) bool {
	for len(s) > 0 && s[0] == '\'' {
		s = s[1:]
	}
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// unsafeCell undoes SafeCell on text read back from a form, so that a value
// survives a round trip through the file unchanged.
func unsafeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// colName returns the letters of the 1-based column col (1 → A, 27 → AA).
func colName(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// cellName returns the A1-style name of the cell at col, row (both 1-based).
func cellName(col, row int) string { return colName(col) + strconv.Itoa(row) }

// sheetWriter writes to one worksheet and keeps the first error, so that a
// form's layout reads as a list of steps rather than a ladder of error checks
// (the bufio.Writer idea).
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (s *sheetWriter) check(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

// set writes v to the cell at col, row; a nil v leaves the cell empty.
func (s *sheetWriter) set(col, row int, v any) {
	if v == nil || s.err != nil {
		return
	}
	s.check(s.f.SetCellValue(s.sheet, cellName(col, row), v))
}

// style applies the style id to the rectangle from c1, r1 to c2, r2.
func (s *sheetWriter) style(c1, r1, c2, r2, id int) {
	if s.err == nil {
		s.check(s.f.SetCellStyle(s.sheet, cellName(c1, r1), cellName(c2, r2), id))
	}
}

// merge merges the rectangle from c1, r1 to c2, r2.
func (s *sheetWriter) merge(c1, r1, c2, r2 int) {
	if s.err == nil {
		s.check(s.f.MergeCell(s.sheet, cellName(c1, r1), cellName(c2, r2)))
	}
}

// height sets the height of row in points.
func (s *sheetWriter) height(row int, h float64) {
	if s.err == nil {
		s.check(s.f.SetRowHeight(s.sheet, row, h))
	}
}

// width sets the width of columns c1 to c2 in character units.
func (s *sheetWriter) width(c1, c2 int, w float64) {
	if s.err == nil {
		s.check(s.f.SetColWidth(s.sheet, colName(c1), colName(c2), w))
	}
}

// textWidth estimates the width of s in column-width units: a Chinese
// character or full-width sign takes about two, a digit or Latin letter one.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

// wrappedLines estimates how many lines s takes when wrapped in a cell of the
// given width. Excel does not fit row heights to wrapped text in merged cells,
// and programs disagree on it elsewhere, so forms set heights themselves.
func wrappedLines(s string, width float64) int {
	if s == "" {
		return 1
	}
	lines := 0
	usable := width - 1 // cell padding
	for _, part := range strings.Split(s, "\n") {
		lines += max(1, int(math.Ceil(textWidth(part)/usable)))
	}
	return lines
}

// MaxUploadSize is the largest spreadsheet the readers of this package, such
// as ParseProgressXLSX, accept. A filled-in form is some tens of kilobytes;
// handlers can wrap the request body in http.MaxBytesReader with this limit.
const MaxUploadSize = 10 << 20

// Limits on what a reader looks at, so that a hostile file costs little: a
// 6 KB workbook can claim a cell at XFD1048576, or unzip to gigabytes.
const (
	maxUnzipSize    = 20 << 20 // all parts of the workbook, unzipped
	maxUnzipXMLSize = 4 << 20  // a worksheet held in memory; larger ones go to a temporary file
	maxSheetCols    = 30
)

// oleMagic starts an OLE compound file. An XLSX is a zip file; Excel wraps a
// password-protected one in an OLE container, and a legacy .xls is one too.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// openUpload opens an uploaded XLSX file of at most MaxUploadSize bytes
// (size is its length if known, or -1) within the unzip limits. It checks
// the first bytes itself, so that an encrypted workbook or a legacy .xls gets
// its own message instead of excelize's English error.
func openUpload(r io.Reader, size int64) (*excelize.File, error) {
	b, err := readUpload(r, size)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit:    maxUnzipSize,
		UnzipXMLSizeLimit: maxUnzipXMLSize,
	})
	if err != nil {
		return nil, openError(err)
	}
	return f, nil
}

// readUpload reads at most MaxUploadSize bytes and checks that they start
// like a zip file.
func readUpload(r io.Reader, size int64) ([]byte, error) {
	tooLarge := shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d MB，请检查是否选错了文件", MaxUploadSize>>20)
	if size > MaxUploadSize {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxUploadSize+1))
	if err != nil {
		return nil, fmt.Errorf("report: read upload: %w", err)
	}
	switch {
	case len(b) > MaxUploadSize:
		return nil, tooLarge
	case bytes.HasPrefix(b, oleMagic):
		return nil, oleError(b)
	case !bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件不是 Excel（.xlsx）格式，请上传系统导出的模板")
	}
	return b, nil
}

// oleError tells an encrypted workbook from a legacy .xls by the names of the
// streams in the OLE directory, which are stored as UTF-16LE.
func oleError(b []byte) error {
	utf16 := func(s string) []byte {
		var u []byte
		for i := 0; i < len(s); i++ {
			u = append(u, s[i], 0)
		}
		return u
	}
	if !bytes.Contains(b, utf16("EncryptedPackage")) && bytes.Contains(b, utf16("Workbook")) {
		return shuangbai.Errorf(shuangbai.EINVALID, "这是旧版 Excel（.xls）文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传")
	}
	return shuangbai.Errorf(shuangbai.EINVALID, "文件已加密，请取消密码后再上传")
}

// openError turns an error from excelize into a message the user can act on.
func openError(err error) error {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件解压后超过 %d MB，不是正常的进度表，请检查文件", maxUnzipSize>>20)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件已加密，请取消密码后再上传")
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏或不是 Excel（.xlsx）格式，请重新保存后上传")
	}
	return shuangbai.Errorf(shuangbai.EINVALID, "无法读取该文件，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
}

// gridRow is one non-blank row of a sheet.
type gridRow struct {
	num   int      // 1-based
	cells []string // at most maxSheetCols, trimmed
}

// readGrid streams the non-blank rows of sheet, reading at most maxRows rows
// and maxSheetCols columns, and stops before the first row for which stop
// returns true. Streaming matters: GetRows would materialise every row up to
// the last one a file claims, a million of them for a cell at XFD1048576.
func readGrid(f *excelize.File, sheet string, maxRows int, stop func(num int, cells []string) bool) ([]gridRow, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏，无法读取工作表“%s”", sheet)
	}
	defer rows.Close()
	var out []gridRow
	for num := 1; num <= maxRows && rows.Next(); num++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏，无法读取工作表“%s”第%d行", sheet, num)
		}
		cells = cells[:min(len(cells), maxSheetCols)]
		blank := true
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
			blank = blank && cells[i] == ""
		}
		if stop != nil && stop(num, cells) {
			break
		}
		if !blank {
			out = append(out, gridRow{num, cells})
		}
	}
	if err := rows.Error(); err != nil {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏，无法读取工作表“%s”", sheet)
	}
	return out, nil
}

// cellAt returns the text of the 1-based column col, or "".
func cellAt(cells []string, col int) string {
	if col < 1 || col > len(cells) {
		return ""
	}
	return cells[col-1]
}
