package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// Bounds on the parts of a workbook, checked from the zip directory before
// excelize unzips anything. Go's zip reader refuses an entry whose content
// outgrows its declared size, so the declared sizes can be trusted.
const (
	maxZipEntries    = 2000
	maxSharedStrings = 64 << 20 // excelize parses the shared strings whole, into memory
	maxXMLInMemory   = 16 << 20 // a larger worksheet goes to a temporary file and is streamed
	maxSheets        = 20       // sheets searched for the register
	excelMaxRow      = 1 << 20  // Excel's last row, 1,048,576
)

func readXLSX(b []byte, lim Limits, lay Layout) (*Table, error) {
	if err := checkZip(b, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzipped,
		UnzipXMLSizeLimit: min(maxXMLInMemory, lim.MaxUnzipped),
		// Raw values: a date comes as its serial number, which ParseRoster
		// converts, rather than as "08-09-21" in excelize's own format; an ID
		// number Excel stored as a number shows its lost digits.
		RawCellValue: true,
	})
	if err != nil {
		return nil, openError(err, lim)
	}
	defer f.Close()

	var firstErr error
	for i, name := range f.GetSheetList() {
		if i == maxSheets {
			break
		}
		if v, err := f.GetSheetVisible(name); err == nil && !v {
			continue
		}
		t, err := readWorksheet(f, name, lim, lay)
		if err == nil {
			return t, nil
		}
		if err != lay.NoHeader {
			return nil, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = shuangbai.Errorf(shuangbai.EINVALID, "工作簿中没有可读取的工作表")
	}
	return nil, firstErr
}

// readWorksheet streams one worksheet's rows. Rows() walks the XML as it
// goes: a file whose one cell sits at XFD1048576 costs a million cheap
// iterations over missing rows, not a million allocated rows as GetRows
// would.
func readWorksheet(f *excelize.File, name string, lim Limits, lay Layout) (*Table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏，无法读取工作表“%s”", name)
	}
	defer rows.Close()
	t := &Table{Format: "xlsx", Sheet: name}
	rr := newRowReader(t, lim, lay)
	for num := 1; num <= excelMaxRow && rows.Next(); num++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏，无法读取工作表“%s”第%d行", name, num)
		}
		if len(cells) == 0 {
			continue
		}
		if !rr.add(num, cells) {
			break
		}
	}
	if err := rows.Error(); err != nil && rr.broken == nil {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏，无法读取工作表“%s”", name)
	}
	if err := rr.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// checkZip looks at the zip directory before excelize opens the workbook:
// it refuses what is not a workbook, encrypted entries, and parts whose
// unzipped size would not fit the limits, with messages a user can act on.
func checkZip(b []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return shuangbai.Errorf(shuangbai.EINVALID, "文件已损坏或不是 Excel（.xlsx）格式，请用 Excel 或 WPS 打开后重新保存再上传")
	}
	if len(zr.File) > maxZipEntries {
		return shuangbai.Errorf(shuangbai.EINVALID, "文件结构异常（包含 %d 个部件），不是正常的名册", len(zr.File))
	}
	var total uint64
	workbook := false
	for _, zf := range zr.File {
		if zf.Flags&0x1 != 0 {
			return shuangbai.Errorf(shuangbai.EINVALID, "文件已加密，请取消密码后再上传")
		}
		total += zf.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		switch {
		case name == "xl/workbook.xml":
			workbook = true
		case name == "xl/sharedstrings.xml" && zf.UncompressedSize64 > maxSharedStrings:
			return shuangbai.Errorf(shuangbai.EINVALID, "文件中的文字内容解压后超过 %d MB，请分成几个文件上传", maxSharedStrings>>20)
		}
	}
	switch {
	case !workbook:
		return shuangbai.Errorf(shuangbai.EINVALID, "文件不是 Excel 工作簿（可能是 Word 文档或其他压缩包），请上传 .xlsx 或 .csv 名册")
	case total > uint64(lim.MaxUnzipped):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件解压后超过 %d MB，不是正常的名册，请检查文件或分成几个文件上传", lim.MaxUnzipped>>20)
	}
	return nil
}

// openError turns an error from excelize into a message the user can act on.
func openError(err error, lim Limits) error {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件解压后超过 %d MB，不是正常的名册，请检查文件或分成几个文件上传", lim.MaxUnzipped>>20)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件已加密，请取消密码后再上传")
	}
	return shuangbai.Errorf(shuangbai.EINVALID, "无法读取该文件，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
}
