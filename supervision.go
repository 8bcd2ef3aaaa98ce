package shuangbai

import (
	"strconv"
	"strings"
	"time"
)

// Supervision visits (督导): a supervisor goes to a station (and maybe one
// of its points), talks with its social workers in one or more forms,
// gives advice and leaves action items, each with an owner and a due day,
// followed until done. The seed's visit is the chief supervisor's to the
// 都城镇 station and its 夏袭 point on 2021-08-01: a field visit and a
// meeting (实地走访、座谈), with advice and a study plan to follow up.

// SupervisionForm is one way a supervision visit is held.
type SupervisionForm string

// The forms of supervision, in display order.
const (
	FormField   SupervisionForm = "field"   // 实地走访
	FormMeeting SupervisionForm = "meeting" // 座谈
	FormCase    SupervisionForm = "case"    // 个案督导
	FormGroup   SupervisionForm = "group"   // 小组督导
	FormOnline  SupervisionForm = "online"  // 线上
)

// AllSupervisionForms lists the forms in display order.
var AllSupervisionForms = []SupervisionForm{FormField, FormMeeting, FormCase, FormGroup, FormOnline}

// Label names the form in Chinese.
func (f SupervisionForm) Label() string {
	switch f {
	case FormField:
		return "实地走访"
	case FormMeeting:
		return "座谈"
	case FormCase:
		return "个案督导"
	case FormGroup:
		return "小组督导"
	case FormOnline:
		return "线上"
	}
	return string(f)
}

// Valid reports whether f is a known form.
func (f SupervisionForm) Valid() bool {
	for _, x := range AllSupervisionForms {
		if f == x {
			return true
		}
	}
	return false
}

// ErrForms is the message for a list of forms that cannot be read.
const ErrForms = "督导形式应为 实地走访、座谈、个案督导、小组督导、线上 中的一种或几种"

// ParseSupervisionForms reads a list of forms as an API client or a sheet
// writes it: codes or Chinese labels separated by commas, 、 or spaces
// ("field,meeting", "实地走访、座谈"). The result is in display order
// without repeats; an unknown word is an EINVALID error, and so is an
// empty list.
func ParseSupervisionForms(s string) ([]SupervisionForm, error) {
	if len(s) > 500 {
		return nil, Errorf(EINVALID, ErrForms)
	}
	seen := map[SupervisionForm]bool{}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '　'
	})
	for _, w := range words {
		f := SupervisionForm(w)
		if !f.Valid() {
			f = ""
			for _, x := range AllSupervisionForms {
				if x.Label() == w {
					f = x
				}
			}
		}
		if f == "" {
			return nil, Errorf(EINVALID, ErrForms)
		}
		seen[f] = true
	}
	var out []SupervisionForm
	for _, x := range AllSupervisionForms {
		if seen[x] {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil, Errorf(EINVALID, "请选择督导形式")
	}
	return out, nil
}

// JoinForms writes forms as stored: codes separated by commas.
func JoinForms(fs []SupervisionForm) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ",")
}

// FormLabels writes forms as a reader sees them: 实地走访、座谈.
func FormLabels(fs []SupervisionForm) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = f.Label()
	}
	return strings.Join(s, "、")
}

// SupervisionVisit is one visit of a supervisor to a station.
type SupervisionVisit struct {
	ID             int64
	StationID      int64
	StationName    string
	PointID        int64 // 0: the station itself
	PointName      string
	Region         string // the point's village, else the station's town: what region= filters on
	SupervisorID   int64  // a person with the supervisor's role
	SupervisorName string
	VisitedOn      Date
	Forms          []SupervisionForm
	Topics         string // 了解的情况与议题
	Advice         string // 指导意见
	Items          []ActionItem
	OpenItems      int // when read in a list: the items not yet done
	RecordedBy     string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// HasForm reports whether the visit was held in form f, for the form's
// checkboxes.
func (v *SupervisionVisit) HasForm(f SupervisionForm) bool {
	for _, x := range v.Forms {
		if x == f {
			return true
		}
	}
	return false
}

// Validate checks a visit and its new action items before they are
// stored. today bounds the visit's date: a visit is recorded after it.
func (v *SupervisionVisit) Validate(today Date) error {
	fe := FieldErrors{}
	if v.StationID <= 0 {
		fe.Add("station_id", "请选择社工站")
	}
	if v.SupervisorID <= 0 {
		fe.Add("supervisor_id", "请选择督导")
	}
	switch {
	case v.VisitedOn.IsZero():
		fe.Add("visited_on", "请填写督导日期")
	case v.VisitedOn.After(today):
		fe.Add("visited_on", "督导日期不能晚于今天（"+today.String()+"）")
	}
	if len(v.Forms) == 0 {
		fe.Add("forms", "请选择督导形式")
	}
	for _, f := range v.Forms {
		if !f.Valid() {
			fe.Add("forms", ErrForms)
		}
	}
	fe.Text("topics", "了解的情况与议题", &v.Topics, TextNote, 4000)
	fe.Text("advice", "指导意见", &v.Advice, TextNote, 4000)
	if len(v.Items) > 50 {
		fe.Add("items", "一次督导最多记录 50 项待办事项")
	}
	for i := range v.Items {
		v.Items[i].validate(fe, ItemPrefix(i), v.VisitedOn, today)
	}
	return fe.Err()
}

// ItemKind is what an action item follows up.
type ItemKind string

// Kinds of action items.
const (
	ItemSupervision   ItemKind = "supervision"   // 督导待办事项
	ItemRectification ItemKind = "rectification" // 整改事项
)

// Label names the kind in Chinese.
func (k ItemKind) Label() string {
	if k == ItemRectification {
		return "整改事项"
	}
	return "督导待办"
}

// ActionItem is something a visit or an evaluation left to do at a
// station: what, who owns it (a person or a unit, by name), by when, and
// when it was done with a note of how. A supervision visit's items and an
// evaluation's rectification items (整改) are the same shape and are
// listed together when overdue.
type ActionItem struct {
	ID            int64
	Kind          ItemKind
	VisitID       int64 // the supervision visit, for ItemSupervision
	RoundID       int64 // the evaluation round, for ItemRectification
	StationID     int64
	StationName   string
	Region        string // the station's town, or the visit's region
	Title         string
	Owner         string // 责任人: a person, an account's name or a unit
	OwnerPersonID int64  // the staff member named by Owner at the station, if any
	Due           Date
	DoneOn        Date
	DoneNote      string
	From          Date // the day it was set: the visit's or the round's
	CreatedAt     time.Time
}

// Done reports whether the item is closed.
func (a ActionItem) Done() bool { return !a.DoneOn.IsZero() }

// Overdue reports whether the item is open past its due day on d.
func (a ActionItem) Overdue(d Date) bool { return !a.Done() && !a.Due.IsZero() && a.Due.Before(d) }

// ItemPrefix is the form-field prefix of the i-th new item (0-based):
// item1_title, item1_owner, item1_due …
func ItemPrefix(i int) string { return "item" + strconv.Itoa(i+1) + "_" }

// Validate checks a new item set on day from.
func (a *ActionItem) Validate(from, today Date) error {
	fe := FieldErrors{}
	a.validate(fe, "", from, today)
	return fe.Err()
}

func (a *ActionItem) validate(fe FieldErrors, prefix string, from, today Date) {
	label := "待办事项"
	if a.Kind == ItemRectification {
		label = "整改事项"
	}
	if prefix != "" {
		label += strings.TrimSuffix(strings.TrimPrefix(prefix, "item"), "_")
	}
	fe.Text(prefix+"title", label+"的内容", &a.Title, TextName, 200)
	// An item without an owner is nobody's: refused.
	fe.Text(prefix+"owner", label+"的责任人", &a.Owner, TextName, 50)
	switch {
	case a.Due.IsZero():
		fe.Add(prefix+"due", "请填写"+label+"的完成期限")
	case !from.IsZero() && a.Due.Before(from):
		fe.Add(prefix+"due", "完成期限不能早于督导或评估的日期（"+from.String()+"）")
	}
	if !a.DoneOn.IsZero() {
		a.checkDone(fe, prefix, from, today)
	}
}

// Close records that the item was done on day on, with a note of how.
func (a *ActionItem) Close(on Date, note string, today Date) error {
	if a.Done() {
		return Errorf(ECONFLICT, "该事项已于 %s 完成", a.DoneOn)
	}
	fe := FieldErrors{}
	a.DoneOn, a.DoneNote = on, note
	if on.IsZero() {
		fe.Add("done_on", "请填写完成日期")
	} else {
		a.checkDone(fe, "", a.From, today)
	}
	if err := fe.Err(); err != nil {
		a.DoneOn, a.DoneNote = Date{}, ""
		return err
	}
	return nil
}

func (a *ActionItem) checkDone(fe FieldErrors, prefix string, from, today Date) {
	switch {
	case a.DoneOn.After(today):
		fe.Add(prefix+"done_on", "完成日期不能晚于今天（"+today.String()+"）")
	case !from.IsZero() && a.DoneOn.Before(from):
		fe.Add(prefix+"done_on", "完成日期不能早于事项提出的日期（"+from.String()+"）")
	}
	fe.Text(prefix+"done_note", "完成情况", &a.DoneNote, TextNote, 1000)
	if a.DoneNote == "" {
		fe.Add(prefix+"done_note", "请简要写明完成情况，供督导和评估时查看")
	}
}

// CanRecordSupervision reports whether the user may record supervision
// visits: bureau admins for any supervisor of their stations, and a
// supervisor for their own visits.
func (u *User) CanRecordSupervision() bool {
	return u.IsBureauAdmin() || u != nil && !u.Disabled && u.Role == RoleSupervisor
}

// CanCloseItems reports whether the user may mark action items and
// rectification items done at the stations of their scope: the people who
// do the work (social workers, station leads, supervisors) and the
// bureaus; not a viewer, and not the three administrators.
func (u *User) CanCloseItems() bool {
	return u.CanEditCases()
}

// CanReadStationWork reports whether the user may read supervision and
// evaluation records: everyone but the three administrators, whose work is
// the system, not the stations.
func (u *User) CanReadStationWork() bool { return u.CanReadCases() }

// FormText writes the visit's forms as a reader sees them.
func (v *SupervisionVisit) FormText() string { return FormLabels(v.Forms) }
