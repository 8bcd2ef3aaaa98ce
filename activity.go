package shuangbai

import (
	"bytes"
	"strings"
	"time"
)

// ActivityKind is what a community activity (社区活动) was: a code, so that
// station plans can count activities by kind whatever the label says.
type ActivityKind string

// Activity kinds, as the stations report them.
const (
	ActivityAntiDrug  ActivityKind = "anti_drug" // 禁毒宣传
	ActivityPolicy    ActivityKind = "policy"    // 政策宣传
	ActivityFestival  ActivityKind = "festival"  // 节日慰问
	ActivityGroup     ActivityKind = "group"     // 小组活动
	ActivityCouncil   ActivityKind = "council"   // 社区议事
	ActivityVolunteer ActivityKind = "volunteer" // 志愿服务
	ActivityOther     ActivityKind = "other"     // 其他: the title says what
)

// ActivityKinds lists the kinds in form order.
var ActivityKinds = []ActivityKind{ActivityAntiDrug, ActivityPolicy, ActivityFestival, ActivityGroup, ActivityCouncil, ActivityVolunteer, ActivityOther}

// Label names the kind in Chinese.
func (k ActivityKind) Label() string {
	switch k {
	case ActivityAntiDrug:
		return "禁毒宣传"
	case ActivityPolicy:
		return "政策宣传"
	case ActivityFestival:
		return "节日慰问"
	case ActivityGroup:
		return "小组活动"
	case ActivityCouncil:
		return "社区议事"
	case ActivityVolunteer:
		return "志愿服务"
	case ActivityOther:
		return "其他"
	}
	return string(k)
}

// Valid reports whether k is one of the known kinds.
func (k ActivityKind) Valid() bool {
	for _, x := range ActivityKinds {
		if k == x {
			return true
		}
	}
	return false
}

// ParseActivityKind reads a kind by its code or its Chinese label, as a
// form, the API or a query string gives it.
func ParseActivityKind(s string) (ActivityKind, bool) {
	s = strings.TrimSpace(s)
	for _, k := range ActivityKinds {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	return "", false
}

// Activity is one community activity a station held (社区活动): an
// anti-drug campaign in a street, a festival visit, a residents' meeting.
// Region is where it was held, the station's town or one of its villages,
// so the county list and every count are one range over the region index.
type Activity struct {
	ID         int64
	StationID  int64 // the organising station
	Region     string
	HeldOn     Date
	Kind       ActivityKind
	Title      string
	Place      string // the spot: 双东街道文化广场
	Targets    string // the groups it was for: 中小学生家庭、青少年
	Reached    int    // people reached (参与群众)
	Volunteers int
	Materials  string // what was handed out: 禁毒宣传资料
	HandedOut  int    // how many of it
	Partners   string // who took part with the station: 云浮市民政局、志愿服务队
	Summary    string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	CreatedBy  string
}

// Limits of an activity's figures: a county-wide campaign reaches tens of
// thousands; more is a typing error.
const (
	MaxActivityPeople = 1_000_000
	MaxActivityPhotos = 20
)

// Validate checks an activity before it is stored: one that has been held,
// so its day may not be after today. Where it was held and by whom are the
// store's checks (in scope, the station's own town).
func (a *Activity) Validate(today Date) error {
	fe := FieldErrors{}
	if l := LevelOf(a.Region); l != LevelTown && l != LevelVillage {
		fe.Add("region", "请选择活动地点所在的镇（街道）或村（社区）")
	}
	if a.StationID <= 0 {
		fe.Add("station_id", "请选择组织活动的社工站")
	}
	if a.HeldOn.IsZero() {
		fe.Add("held_on", "请填写活动日期")
	}
	fe.Day("held_on", "活动日期", a.HeldOn, today, false)
	if !a.Kind.Valid() {
		fe.Add("kind", "请选择活动类别")
	}
	fe.Text("title", "活动名称", &a.Title, TextName, 100)
	fe.Text("place", "活动地点", &a.Place, TextLine, 100)
	fe.Text("targets", "服务对象", &a.Targets, TextLine, 100)
	fe.Text("materials", "发放物资", &a.Materials, TextLine, 100)
	fe.Text("partners", "合作单位", &a.Partners, TextLine, 200)
	fe.Text("summary", "活动简介", &a.Summary, TextNote, 2000)
	for _, n := range []struct {
		field, label string
		v            int
	}{{"reached", "参与人数", a.Reached}, {"volunteers", "志愿者人数", a.Volunteers}, {"handed_out", "发放数量", a.HandedOut}} {
		if n.v < 0 || n.v > MaxActivityPeople {
			fe.Add(n.field, n.label+"应在 0 到 1000000 之间")
		}
	}
	if a.HandedOut > 0 && a.Materials == "" {
		fe.Add("materials", "填写了发放数量，请写明发放的是什么")
	}
	return fe.Err()
}

// Participant is a person named as taking part in an activity. Linked to a
// beneficiary's file (BeneficiaryID), it tells that the person came; filed
// from the activity, the file records the activity as where the person was
// first identified (FoundActivity).
type Participant struct {
	ID            int64
	ActivityID    int64
	Region        string // the activity's
	Name          string
	BeneficiaryID int64 // 0: not on file
	Note          string
	CreatedAt     time.Time
}

// Validate checks a participant's texts.
func (p *Participant) Validate() error {
	fe := FieldErrors{}
	fe.Text("name", "姓名", &p.Name, TextName, 50)
	fe.Text("note", "备注", &p.Note, TextLine, 100)
	return fe.Err()
}

// ActivityPhoto is a photo of an activity (活动照片), kept in the database
// with its checksum and a thumbnail, like an attachment of a file.
type ActivityPhoto struct {
	ID         int64
	ActivityID int64
	Region     string
	Name       string
	Type       string // image/jpeg or image/png
	Size       int
	SHA256     string
	CreatedAt  time.Time
	CreatedBy  string
}

// SniffPhoto returns the type of an activity photo from its bytes: JPEG or
// PNG only (a PDF, which a file's attachment may be, is not a photo), at
// most MaxAttachment bytes, with the reason in a field error ("file").
func SniffPhoto(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", fieldErr("file", "请选择要上传的照片")
	case len(data) > MaxAttachment:
		return "", fieldErr("file", "照片太大：每张不超过 10 MB，请压缩后再上传")
	}
	for _, t := range AttachmentTypes {
		if strings.HasPrefix(t.Type, "image/") && bytes.HasPrefix(data, t.Magic) {
			return t.Type, nil
		}
	}
	return "", fieldErr("file", "只能上传 JPEG 或 PNG 照片")
}
