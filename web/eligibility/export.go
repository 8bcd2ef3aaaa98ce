package eligibility

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// exportLimit is the most people of one benefit an export holds (the most
// the store lists at once); a larger list says so in the file and is
// narrowed by region.
const exportLimit = 1000

// exportReason is the access log's reason for every export of the list:
// the list has one use, and the file holds no ID or phone numbers, so it
// is logged without asking the bureau for one each time.
const exportReason = "政策找人：导出可能符合条件、尚未申请的人员名单，组织核实和协助申请"

// canExport reports whether u may download the list: the bureau admins,
// who send it on to the towns.
func canExport(u *shuangbai.User) bool { return u.IsBureauAdmin() }

// ListXLSX downloads the list of ListShow as a workbook for the bureau:
// names, places, the responsible worker, the rule, the reason and its
// source, every cell text; no ID or phone number. Each person in it gets a
// line in the access log, written before the file is sent.
func (h *Handlers) ListXLSX(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if !canExport(u) {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有市级、县级管理员可以导出政策找人名单")
	}
	q, f, rows, err := h.list(r, exportLimit)
	if err != nil {
		return err
	}
	names, err := h.db.RegionNames(ctx, []string{q.scope.Code})
	if err != nil {
		return err
	}
	title := fmt.Sprintf("%s 政策找人名单（%s，按当日规则）", names[q.scope.Code], q.On.Chinese())
	if q.Benefit != "" {
		title += " · " + q.Benefit.Label()
	}
	var notes []string
	for _, k := range f.Benefits {
		if (q.Benefit == "" || k == q.Benefit) && f.shown[k] < f.Counts[k] {
			notes = append(notes, fmt.Sprintf("%s共 %d 人，本表只列出前 %d 人，请按乡镇（街道）分别导出。", k.Label(), f.Counts[k], f.shown[k]))
		}
	}
	seen := map[int64]bool{}
	var targets []store.AccessTarget
	for _, rw := range rows {
		if !seen[rw.BeneficiaryID] {
			seen[rw.BeneficiaryID] = true
			targets = append(targets, store.AccessTarget{BeneficiaryID: rw.BeneficiaryID, Region: rw.Region})
		}
	}
	// The access log is read as it is: in words, not parameters.
	detail := fmt.Sprintf("政策找人名单 %d 人：%s，按%s的规则", len(targets), names[q.scope.Code], q.On.Chinese())
	if q.Benefit != "" {
		detail += "，" + q.Benefit.Label()
	}
	if len(targets) > 0 {
		if err := h.db.LogAccessMany(ctx, u, store.AccessExport, targets, exportReason, detail); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := writeXLSX(&buf, title, rows, notes); err != nil {
		return err
	}
	name := "政策找人名单-" + strings.ReplaceAll(q.On.String(), "-", "") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="eligible.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	_, err = buf.WriteTo(w)
	return err
}

// xlsxHeader and xlsxWidths are the workbook's columns.
var (
	xlsxHeader = []string{"序号", "姓名", "乡镇（街道）", "村（社区）", "责任社工", "补贴或救助", "规则", "可能符合的理由", "政策依据"}
	xlsxWidths = []float64{6, 10, 14, 16, 10, 18, 18, 40, 50}
)

// writeXLSX writes the list as one sheet: a title, a bold header row
// frozen in view, every cell text (nothing a spreadsheet turns into a
// number, a date or a formula), widths that fit, and the notes below.
func writeXLSX(w io.Writer, title string, rows []row, notes []string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "政策找人名单"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}, NumFmt: 49})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	// Panes and widths go before the first row: the stream writes the
	// sheet's XML in order.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, wd := range xlsxWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	n := 0
	put := func(style int, cells ...string) error {
		n++
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelize.Cell{StyleID: style, Value: xmlSafe(c)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, vals)
	}
	if err := put(bold, title); err != nil {
		return err
	}
	if err := put(head, xlsxHeader...); err != nil {
		return err
	}
	for i, rw := range rows {
		if err := put(text, strconv.Itoa(i+1), rw.Name, rw.Town, rw.Village, rw.Worker, rw.Label, rw.Rule, rw.Reason, rw.Source); err != nil {
			return err
		}
	}
	for _, note := range append(notes, "名单依据档案信息自动比对，仅供入户核实参考，不代表已具备申请资格。") {
		if err := put(0, note); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// Printed on A4 across, as wide as one page and as long as it needs,
	// with the header row on every page.
	size, orient, fitW, fitH, yes := 9, "landscape", 1, 0, true
	for _, err := range []error{
		f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}),
		f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}),
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: "'" + sheet + "'!$2:$2"}),
	} {
		if err != nil {
			return err
		}
	}
	return f.Write(w)
}

// xmlSafe drops the control characters XML cannot hold (a workbook with
// one would not open), keeping tabs and line breaks.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}
