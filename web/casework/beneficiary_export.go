package casework

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// maxExport caps one export: a county's register fits, and a bigger one
// should be narrowed to what the reason needs.
const maxExport = 5000

// exportPage is the data of beneficiary/export.html: the reason form shown
// before personal data leaves the system.
type exportPage struct {
	Query  beneficiaryQueryIn
	Hidden url.Values // the filters, carried through the form
	Form   ui.Form
	Region string // the region's name, for the summary
}

// requireExport returns EFORBIDDEN unless u may export personal data.
func requireExport(u *shuangbai.User) error {
	if !u.CanSeeFullID() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有站长和县级、市级管理员可以导出服务对象名册")
	}
	return nil
}

// BeneficiaryExportForm asks for the reason of an export of the list with
// the query's filters.
func (h *Handlers) BeneficiaryExportForm(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireExport(u); err != nil {
		return err
	}
	_, _, in, _, err := beneficiaryQuery(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	return h.renderExport(w, r, http.StatusOK, in, ui.NewForm(nil, nil))
}

// renderExport renders beneficiary/export.html for the list the query in
// names.
func (h *Handlers) renderExport(w http.ResponseWriter, r *http.Request, status int, in beneficiaryQueryIn, f ui.Form) error {
	p := exportPage{Query: in, Hidden: in.Values(), Form: f}
	code := in.Region
	if code == "" {
		code = ui.User(r).Region
	}
	names, err := h.db.RegionNames(r.Context(), []string{code})
	if err != nil {
		return err
	}
	p.Region = names[code]
	return h.ui.Render(w, r, status, "beneficiary/export.html", p)
}

// BeneficiaryExport writes the list as CSV with full ID and phone numbers
// and birth dates, the only place they appear in full besides a logged
// reveal: an export needs the reveal right (requireExport) and a reason,
// so it is a reveal of many files at once. Each person
// exported gets a line in the access log with the reason, written before
// any data is sent. Cells that a spreadsheet would run as formulas are
// escaped.
func (h *Handlers) BeneficiaryExport(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireExport(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	scope, f, in, _, err := beneficiaryQuery(v, ui.Scope(r))
	if err != nil {
		return err
	}
	reason := ui.Trimmed(v, "reason")
	if msg := reasonProblem(reason); msg != "" {
		return h.renderExport(w, r, http.StatusUnprocessableEntity, in, ui.NewForm(v, invalid("reason", msg)))
	}
	var list []*shuangbai.Beneficiary
	tooMany := false
	for {
		f.Limit = 500
		page, err := h.db.Beneficiaries(ctx, scope, f)
		if err != nil {
			return err
		}
		list = append(list, page...)
		if len(page) < f.Limit {
			break
		}
		// A name search comes in name order, which id paging cannot continue.
		if f.Name != "" || len(list) > maxExport {
			tooMany = true
			break
		}
		f.After = page[len(page)-1].ID
	}
	if tooMany {
		most := maxExport
		if f.Name != "" {
			most = f.Limit - 1
		}
		msg := fmt.Sprintf("符合条件的人太多（一次最多导出 %d 人），请按区划、类别或更完整的姓名缩小导出范围", most)
		return h.renderExport(w, r, http.StatusUnprocessableEntity, in, ui.NewForm(v, invalid("reason", msg)))
	}
	views, err := h.beneficiaryViews(ctx, ui.Scope(r), list)
	if err != nil {
		return err
	}
	targets := make([]store.AccessTarget, len(list))
	for i, b := range list {
		targets[i] = store.AccessTarget{BeneficiaryID: b.ID, Region: b.Region}
	}
	detail := "CSV 名册 " + strconv.Itoa(len(list)) + " 人"
	logged := in
	if looksLikeIDNumber(logged.Q) {
		// The log is read by more people than may see the number typed.
		logged.Q = shuangbai.MaskIDNumber(logged.Q)
	}
	if q := logged.Values().Encode(); q != "" {
		detail += "；条件 " + q
	}
	if err := h.db.LogAccessMany(ctx, u, store.AccessExport, targets, reason, detail); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel reads UTF-8 only with a byte-order mark
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"编号", "姓名", "性别", "出生日期", "身份证号", "电话", "所在区划", "地址", "与户主关系", "服务对象类别", "残疾类别等级",
		"识别方式", "识别日期", "责任社工", "跟进级别", "状态", "上次探访", "下次探访"})
	for _, c := range views {
		var groups []string
		for _, g := range c.Groups {
			groups = append(groups, g.Label())
		}
		status := "在案"
		if !c.Open {
			status = "已结案（" + c.ClosedOn.String() + "）"
		}
		found := ""
		if c.FoundBy != "" {
			found = c.FoundBy.Label()
		}
		row := []string{strconv.FormatInt(c.ID, 10), c.Name, c.Gender, c.Birth.String(), c.IDNumber, c.Phone, c.Path, c.Address, c.Relation,
			strings.Join(groups, "、"), c.Disability, found, c.FoundOn.String(), c.Worker, c.Level.Label(), status, c.LastVisit.String(), c.NextDue.String()}
		for i := range row {
			row[i] = report.SafeCell(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	name := "服务对象名册-" + strings.ReplaceAll(h.ui.Today().String(), "-", "") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="beneficiaries.csv"; filename*=UTF-8''`+url.PathEscape(name))
	_, err = buf.WriteTo(w)
	return err
}
