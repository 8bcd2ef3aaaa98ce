package briefing

import (
	"io"
	"strconv"

	"shuangbai"
	"shuangbai/report/docx"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve news and briefings. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
	// PDF renders an issue's Word document as PDF (report/pdf, written
	// apart). Nil until the server wires it: ?format=pdf then answers that
	// the export is not available yet.
	PDF func(w io.Writer, d *docx.Document) error
}

// New returns the handlers of news and briefings.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

func requireRead(u *shuangbai.User) error {
	if !u.CanReadBriefing() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不使用工作简报", u.Role.Label())
	}
	return nil
}

func requireWrite(u *shuangbai.User) error {
	if !u.CanWriteNews() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能撰写动态", u.Role.Label())
	}
	return nil
}

func requireEditor(u *shuangbai.User) error {
	if !u.CanEditBriefing() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "简报由市民政局编辑，%s账号不能编辑简报", u.Role.Label())
	}
	return nil
}

func newsURL(id int64) string     { return "/news/" + strconv.FormatInt(id, 10) }
func briefingURL(id int64) string { return "/briefings/" + strconv.FormatInt(id, 10) }
