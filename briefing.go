package shuangbai

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// BriefingSeries is a series of briefings (工作简报) a bureau issues, e.g.
// 云浮市“双百工程”工作简报: its red masthead, the office that issues it, its
// sections in their order, and its distribution list.
type BriefingSeries struct {
	ID         int64
	Region     string // the bureau's region: who edits it
	Name       string // 云浮市“双百工程”工作简报
	Masthead   string // the red text at the top: “双百工程”工作简报
	Office     string // 云浮市民政局
	Sections   []string
	Recipients []Recipient
}

// DefaultSections are the seed's sections, in its order.
var DefaultSections = []string{"市级动态", "县（市、区）动态", "社工站（点）动态"}

// Validate cleans and checks a series' own fields.
func (s *BriefingSeries) Validate() error {
	fe := FieldErrors{}
	fe.Text("name", "简报名称", &s.Name, TextName, 60)
	fe.Text("masthead", "报头", &s.Masthead, TextName, 30)
	fe.Text("office", "编印单位", &s.Office, TextName, 40)
	if LevelOf(s.Region) == LevelUnknown {
		fe.Add("region", "请选择编印单位所在地区")
	}
	var secs []string
	seen := map[string]bool{}
	for _, t := range s.Sections {
		t, err := CleanText("sections", "栏目", t, TextLine, 30)
		if err != nil {
			fe.Add("sections", ErrorMessage(err))
		}
		if t != "" && !seen[t] {
			seen[t] = true
			secs = append(secs, t)
		}
	}
	if len(secs) == 0 {
		fe.Add("sections", "请至少设置一个栏目")
	}
	s.Sections = secs
	return fe.Err()
}

// RecipientGroup is where a recipient is printed: 发至 or 抄送.
type RecipientGroup string

// The two groups of the distribution list.
const (
	SendTo RecipientGroup = "to" // 发至
	CopyTo RecipientGroup = "cc" // 抄送
)

// Label is the group's printed name.
func (g RecipientGroup) Label() string {
	if g == CopyTo {
		return "抄送"
	}
	return "发至"
}

// Recipient is one entry of a series' address book: a person (谢月浩副市长)
// or a body (市直有关单位).
type Recipient struct {
	ID     int64
	Group  RecipientGroup
	Person bool // a person; else a body
	Name   string
}

// Validate checks a recipient.
func (r *Recipient) Validate() error {
	fe := FieldErrors{}
	fe.Text("name", "名称", &r.Name, TextName, 60)
	if r.Group != SendTo && r.Group != CopyTo {
		fe.Add("group", "请选择发至或抄送")
	}
	return fe.Err()
}

// DistributionLine prints a group as the seed ends: the people joined by
// 、, then the bodies joined by ，, the two parts by ；, closed by 。:
// 谢月浩副市长、谢汉东副秘书长；市直有关单位，……民政局。 "" when the group is
// empty.
func DistributionLine(rs []Recipient, g RecipientGroup) string {
	var people, bodies []string
	for _, r := range rs {
		if r.Group != g {
			continue
		}
		if r.Person {
			people = append(people, r.Name)
		} else {
			bodies = append(bodies, r.Name)
		}
	}
	var parts []string
	if len(people) > 0 {
		parts = append(parts, strings.Join(people, "、"))
	}
	if len(bodies) > 0 {
		parts = append(parts, strings.Join(bodies, "，"))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// BriefingStatus is a briefing issue's state.
type BriefingStatus string

// The states of an issue: a draft changes and shows live figures; a
// published issue never changes.
const (
	BriefingDraft     BriefingStatus = "draft"
	BriefingPublished BriefingStatus = "published"
)

// Label is the state's name on screen.
func (s BriefingStatus) Label() string {
	if s == BriefingPublished {
		return "已印发"
	}
	return "草稿"
}

// Briefing is one issue of a series. While a draft its sections name news
// items and live blocks; publishing gives it the next number of its year
// and freezes its whole content (Content) into the issue, so later changes
// to the news or the figures never alter it. A correction is a new issue
// that names the one it corrects (CorrectsID).
type Briefing struct {
	ID          int64
	SeriesID    int64
	Region      string
	Year        int
	Number      int // 第N期, numbered per series and year when published; 0 while a draft
	Date        Date
	Editor      string // 编辑: the editor's name as printed
	Status      BriefingStatus
	CorrectsID  int64
	Sections    []BriefingSection
	Content     *BriefingContent // frozen when published; nil for a draft
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time
}

// NumberLabel is the issue line's number: 第5期, or （发布时编号） for a
// draft.
func (b *Briefing) NumberLabel() string {
	if b.Number == 0 {
		return "第　期（印发时编号）"
	}
	return "第" + strconv.Itoa(b.Number) + "期"
}

// Validate checks an issue's own fields and the form of its sections.
func (b *Briefing) Validate() error {
	fe := FieldErrors{}
	if b.Date.IsZero() {
		fe.Add("date", "请填写印发日期")
	}
	fe.Text("editor", "编辑", &b.Editor, TextLine, 20)
	for i := range b.Sections {
		s := &b.Sections[i]
		fe.Text("sections", "栏目名称", &s.Title, TextName, 30)
		for j := range s.Entries {
			if err := s.Entries[j].Validate(); err != nil {
				fe.Add("sections", fmt.Sprintf("“%s”第%d项：%s", s.Title, j+1, ErrorMessage(err)))
			}
		}
	}
	if len(b.Sections) == 0 {
		fe.Add("sections", "请至少设置一个栏目")
	}
	return fe.Err()
}

// BriefingSection is a section of an issue with its entries in order.
type BriefingSection struct {
	Title   string          `json:"title"`
	Entries []BriefingEntry `json:"entries"`
}

// EntryKind is what an entry of a section is: a news item, or a live block
// computed from the data.
type EntryKind string

// The kinds of entry.
const (
	EntryNews        EntryKind = "news"        // an accepted news item
	EntryProgress    EntryKind = "progress"    // the progress table of a city as of a date
	EntryOutcomes    EntryKind = "outcomes"    // a station's outcomes paragraph over a period
	EntryRecruitment EntryKind = "recruitment" // a campaign's posts and applicants
)

// EntryKinds are the kinds of entry with their labels, in the order the
// editor offers them.
var EntryKinds = []struct {
	Kind  EntryKind
	Label string
}{
	{EntryNews, "动态"},
	{EntryProgress, "建设进度表"},
	{EntryOutcomes, "社工站服务成效"},
	{EntryRecruitment, "招聘情况"},
}

// Label is the kind's name on screen.
func (k EntryKind) Label() string {
	for _, e := range EntryKinds {
		if e.Kind == k {
			return e.Label
		}
	}
	return string(k)
}

// BriefingEntry is one entry of a section. Which fields count depends on
// the kind: NewsID for news; Region and Date for the progress table (a city
// as of a date); Region, From and Date for outcomes (a town over a period);
// CampaignID for recruitment.
type BriefingEntry struct {
	Kind       EntryKind `json:"kind"`
	NewsID     int64     `json:"news_id,omitempty"`
	Region     string    `json:"region,omitempty"`
	From       Date      `json:"from,omitzero"`
	Date       Date      `json:"date,omitzero"`
	CampaignID int64     `json:"campaign_id,omitempty"`
}

// Live tells an entry computed from the data, frozen when published.
func (e BriefingEntry) Live() bool { return e.Kind != EntryNews }

// Validate checks that an entry names what its kind needs.
func (e *BriefingEntry) Validate() error {
	switch e.Kind {
	case EntryNews:
		if e.NewsID <= 0 {
			return Errorf(EINVALID, "请选择一条动态")
		}
	case EntryProgress:
		if l := LevelOf(e.Region); l != LevelCity && l != LevelProvince {
			return Errorf(EINVALID, "进度表按市或省汇总，请选择市或省")
		}
		if e.Date.IsZero() {
			return Errorf(EINVALID, "请填写进度表的统计日期")
		}
	case EntryOutcomes:
		if LevelOf(e.Region) != LevelTown {
			return Errorf(EINVALID, "服务成效按社工站所在的乡镇（街道）统计，请选择乡镇（街道）")
		}
		if e.Date.IsZero() || !e.From.IsZero() && e.From.After(e.Date) {
			return Errorf(EINVALID, "请填写服务成效的统计期间（截止日期不早于开始日期）")
		}
	case EntryRecruitment:
		if e.CampaignID <= 0 {
			return Errorf(EINVALID, "请选择一次招聘")
		}
	default:
		return Errorf(EINVALID, "未知的内容类型")
	}
	return nil
}

// BriefingContent is an issue's whole content as printed: what the Word,
// PDF and HTML writers render, computed live for a draft and stored with
// the issue when published.
type BriefingContent struct {
	Series     string           `json:"series"`
	Masthead   string           `json:"masthead"`
	Office     string           `json:"office"`
	Editor     string           `json:"editor"`
	Year       int              `json:"year"`
	Number     string           `json:"number"` // 第5期
	Date       Date             `json:"date"`
	Correction string           `json:"correction,omitempty"` // 勘误: names the issue it corrects
	Sections   []ContentSection `json:"sections"`
	SendTo     string           `json:"send_to"` // the 发至 line, without its label
	CopyTo     string           `json:"copy_to"` // the 抄送 line
}

// ContentSection is a section with its blocks.
type ContentSection struct {
	Title  string         `json:"title"`
	Blocks []ContentBlock `json:"blocks"`
}

// ContentBlock is one block of content: a news item's title and
// paragraphs, a computed paragraph, or the progress table.
type ContentBlock struct {
	Kind       EntryKind      `json:"kind"`
	NewsID     int64          `json:"news_id,omitempty"`
	Title      string         `json:"title,omitempty"`
	Paragraphs []string       `json:"paragraphs,omitempty"`
	Table      *ProgressTable `json:"table,omitempty"`
}

// CorrectionNote is the line a correction prints under its title.
func CorrectionNote(year, number int) string {
	return fmt.Sprintf("勘误：本期更正%d年第%d期，以本期为准。", year, number)
}
