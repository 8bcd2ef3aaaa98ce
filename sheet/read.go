package sheet

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"shuangbai"
)

// Limits bound what Read accepts from an upload.
type Limits struct {
	MaxBytes     int64 // the file as uploaded
	MaxUnzipped  int64 // all parts of a workbook, unzipped
	MaxRows      int   // non-blank rows, the header included
	MaxCols      int   // columns; content further right is refused
	MaxCellRunes int   // characters in one cell; longer text is cut and flagged
}

// DefaultLimits suit a county's register: 200,000 people fit with room to
// spare, a hundred times the largest town's.
var DefaultLimits = Limits{
	MaxBytes:     20 << 20,
	MaxUnzipped:  256 << 20,
	MaxRows:      200_000,
	MaxCols:      60,
	MaxCellRunes: 500,
}

// headerScan is how many non-blank rows Read searches for the header: a
// register often starts with a title and a line naming the unit.
const headerScan = 20

// Table is the text of one uploaded sheet: its header row and the non-blank
// rows below it.
type Table struct {
	Format    string // "xlsx" or "csv"
	Encoding  string // of a CSV file: "UTF-8", "GB18030" or "UTF-16"
	Sheet     string // of a workbook: the worksheet read
	HeaderRow int    // 1-based row number of the header
	Header    []string
	Rows      []Row

	cellLimit int // Limits.MaxCellRunes it was read with
}

// Row is one non-blank row of a Table.
type Row struct {
	Num   int      // 1-based, as Excel numbers it
	Cells []string // trimmed; may be shorter than the header
	Long  []int    // 0-based columns whose text was cut at Limits.MaxCellRunes
}

// Cell returns the text in the 0-based column col, or "".
func (r Row) Cell(col int) string {
	if col < 0 || col >= len(r.Cells) {
		return ""
	}
	return r.Cells[col]
}

// Columns returns the number of columns the table has: the header's width.
func (t *Table) Columns() int { return len(t.Header) }

// Read reads an uploaded register. size is the upload's length if known, or
// -1. The format is told by the content, not the name: an XLSX workbook, or
// else text read as CSV (comma, tab or semicolon separated; UTF-8 with or
// without BOM, UTF-16 with BOM, or GB18030 when the bytes are not UTF-8).
// It refuses, with an EINVALID *shuangbai.Error in Chinese, a file over the
// limits, an encrypted workbook, a legacy .xls, any other binary file, and a
// sheet with no recognisable header in its first rows.
func Read(r io.Reader, size int64, lim Limits) (*Table, error) {
	return ReadLayout(r, size, lim, rosterLayout)
}

// Layout is what a kind of sheet's header looks like, for ReadLayout.
type Layout struct {
	// Score counts the cells of a row that name a known column; the header
	// is the row of the first ones that names the most, and at least two.
	Score func(cells []string) int
	// NoHeader is the error when no row is the header.
	NoHeader error
}

// rosterLayout recognises a register of beneficiaries.
var rosterLayout = Layout{Score: headerScore, NoHeader: errNoHeader}

// ReadLayout reads an upload like Read, finding its header with lay: a
// sheet that is not a register, such as an exam office's score sheet, has
// other column names.
func ReadLayout(r io.Reader, size int64, lim Limits, lay Layout) (*Table, error) {
	b, err := readAll(r, size, lim.MaxBytes)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return readXLSX(b, lim, lay)
	case bytes.HasPrefix(b, oleMagic):
		return nil, oleError(b)
	}
	return readCSV(b, lim, lay)
}

func readAll(r io.Reader, size, max int64) ([]byte, error) {
	tooLarge := shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d MB，请分成几个文件上传", max>>20)
	if size > max {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("sheet: read upload: %w", err)
	}
	if int64(len(b)) > max {
		return nil, tooLarge
	}
	if len(b) == 0 {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件是空的，请检查是否选对了文件")
	}
	return b, nil
}

// oleMagic starts an OLE compound file: a legacy .xls, or an .xlsx that
// Excel encrypted with a password (it wraps the zip in OLE).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleError tells an encrypted workbook from a legacy .xls by the names of
// the streams in the OLE directory, which are stored as UTF-16LE.
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
	return shuangbai.Errorf(shuangbai.EINVALID, "文件已加密（设置了打开密码），请在 Excel 或 WPS 中取消密码、另存后再上传")
}

// rowReader collects the rows of one sheet within the limits, finding the
// header among the first rows. Both readers feed it.
type rowReader struct {
	lim    Limits
	lay    Layout
	t      *Table
	early  []Row // rows before the header is found
	count  int   // non-blank rows seen
	broken error
}

func newRowReader(t *Table, lim Limits, lay Layout) *rowReader {
	t.cellLimit = lim.MaxCellRunes
	return &rowReader{lim: lim, lay: lay, t: t}
}

// add takes one row as read; it returns false when reading should stop,
// with the reason in rr.broken.
func (rr *rowReader) add(num int, cells []string) bool {
	if len(cells) > rr.lim.MaxCols {
		for c := len(cells) - 1; c >= rr.lim.MaxCols; c-- {
			if strings.TrimSpace(cells[c]) != "" {
				rr.broken = shuangbai.Errorf(shuangbai.EINVALID, "第%d行第 %s 列有内容，超过了 %d 列的上限：请删除名册右侧多余的列后再上传", num, colLetter(c), rr.lim.MaxCols)
				return false
			}
		}
		cells = cells[:rr.lim.MaxCols]
	}
	var long []int
	last := -1
	for i, c := range cells {
		c = strings.TrimFunc(c, unicode.IsSpace)
		if utf8.RuneCountInString(c) > rr.lim.MaxCellRunes {
			c = string([]rune(c)[:rr.lim.MaxCellRunes])
			long = append(long, i)
		}
		if !utf8.ValidString(c) {
			c = strings.ToValidUTF8(c, "\uFFFD")
		}
		cells[i] = c
		if c != "" {
			last = i
		}
	}
	if last < 0 {
		return true // blank rows are not counted and not kept
	}
	rr.count++
	if rr.count > rr.lim.MaxRows {
		rr.broken = shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d 行，请分成几个文件上传", rr.lim.MaxRows)
		return false
	}
	row := Row{Num: num, Cells: cells[: last+1 : last+1], Long: long}
	if rr.t.Header != nil {
		rr.t.Rows = append(rr.t.Rows, row)
		return true
	}
	rr.early = append(rr.early, row)
	if len(rr.early) == headerScan && !rr.findHeader() {
		rr.broken = rr.lay.NoHeader // stop here: the next sheet may be the register
		return false
	}
	return true
}

// findHeader picks the header among the rows read so far: the row naming
// the most known fields. Rows above it (a title, the unit) are dropped.
func (rr *rowReader) findHeader() bool {
	best, score := -1, 1 // one known name is not enough: a title may hold 姓名
	for i, r := range rr.early {
		if s := rr.lay.Score(r.Cells); s > score {
			best, score = i, s
		}
	}
	if best < 0 {
		return false
	}
	h := rr.early[best]
	rr.t.HeaderRow, rr.t.Header = h.Num, h.Cells
	rr.t.Rows = append(rr.t.Rows, rr.early[best+1:]...)
	rr.early = nil
	return true
}

// finish ends reading: it returns the reason reading stopped, or an error
// when no header was found.
func (rr *rowReader) finish() error {
	if rr.broken != nil {
		return rr.broken
	}
	if rr.t.Header == nil && !rr.findHeader() {
		return rr.lay.NoHeader
	}
	// The header fixes the columns; data further right than any header cell
	// is kept only up to the limit, so the mapping page can show it.
	width := len(rr.t.Header)
	for _, r := range rr.t.Rows {
		width = max(width, len(r.Cells))
	}
	for len(rr.t.Header) < width {
		rr.t.Header = append(rr.t.Header, "")
	}
	return nil
}

var errNoHeader = shuangbai.Errorf(shuangbai.EINVALID, "在文件的前 %d 行中找不到表头（如“姓名”“身份证号”“村（社区）”等列名）。请确认上传的是服务对象名册，且表头在数据上方", headerScan)

// colLetter names the 0-based column i as Excel does: A … Z, AA ….
func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
