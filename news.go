package shuangbai

import (
	"strings"
	"time"
)

// NewsItem is a piece of news (动态) for the briefing, written by a county
// or a station and submitted to the city's editor, who accepts it, returns
// it with a comment, or edits it. Every saved version is kept
// (NewsVersion). An item carries its region, which scopes it: a county sees
// its own items, and every item once a published issue carries it.
type NewsItem struct {
	ID        int64
	Region    string // where it happened, and whose it is
	Title     string
	Date      Date   // the day of the event
	Place     string // 地点, e.g. 郁南县都城镇社工站
	Body      string // paragraphs separated by blank lines or line breaks
	Tags      []string
	Status    NewsStatus
	Comment   string // the editor's comment when returned
	Version   int    // the number of the current version, from 1
	Published bool   // carried by a published issue: visible to all, no longer edited
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	Photos    []NewsPhoto
}

// NewsStatus is where an item stands on its way to the briefing.
type NewsStatus string

// The states of a news item.
const (
	NewsDraft     NewsStatus = "draft"     // 草稿: the writer's own
	NewsSubmitted NewsStatus = "submitted" // 待审核: with the editor
	NewsReturned  NewsStatus = "returned"  // 已退回: back to the writer with a comment
	NewsAccepted  NewsStatus = "accepted"  // 已采用: may be placed in an issue
)

// Label is the state's name on screen.
func (s NewsStatus) Label() string {
	switch s {
	case NewsDraft:
		return "草稿"
	case NewsSubmitted:
		return "待审核"
	case NewsReturned:
		return "已退回"
	case NewsAccepted:
		return "已采用"
	}
	return string(s)
}

// Valid tells a known state.
func (s NewsStatus) Valid() bool { return s.Label() != string(s) }

// NewsVersion is one saved version of an item: what it said, who saved it
// and why (提交, 编辑修改, 退回 …).
type NewsVersion struct {
	Version   int
	Title     string
	Date      Date
	Place     string
	Body      string
	Tags      []string
	Status    NewsStatus
	Note      string
	CreatedBy string
	CreatedAt time.Time
}

// NewsPhoto is a photo on a news item, kept like an attachment: its type
// read from its bytes, with a thumbnail.
type NewsPhoto struct {
	ID        int64
	NewsID    int64
	Name      string
	Type      string
	Size      int
	SHA256    string
	CreatedAt time.Time
	CreatedBy string
}

// MaxNewsPhoto is the largest photo taken; MaxNewsPhotos the photos an
// item may carry.
const (
	MaxNewsPhoto  = 10 << 20
	MaxNewsPhotos = 9
)

// SniffNewsPhoto returns the type of a photo from its bytes: a JPEG or PNG
// image, never a PDF (a briefing prints photos), within MaxNewsPhoto.
func SniffNewsPhoto(data []byte) (string, error) {
	typ, err := SniffAttachment(data)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(typ, "image/") {
		return "", fieldErr("file", "动态配图只能是 JPEG 或 PNG 图片")
	}
	return typ, nil
}

// Paragraphs splits the body into its paragraphs, dropping empty lines and
// the full-width spaces a pasted text indents with (the writers indent).
func (n *NewsItem) Paragraphs() []string { return SplitParagraphs(n.Body) }

// SplitParagraphs splits text into paragraphs at line breaks.
func SplitParagraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.Trim(l, " \t\u3000"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Validate cleans and checks the item's own fields.
func (n *NewsItem) Validate() error {
	fe := FieldErrors{}
	fe.Text("title", "标题", &n.Title, TextName, 80)
	fe.Text("place", "地点", &n.Place, TextLine, 60)
	fe.Text("body", "正文", &n.Body, TextNote, 20000)
	if n.Body == "" {
		fe.Add("body", "请填写正文")
	}
	if n.Date.IsZero() {
		fe.Add("date", "请填写日期")
	}
	if LevelOf(n.Region) == LevelUnknown {
		fe.Add("region", "请选择所属地区")
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range n.Tags {
		t, err := CleanText("tags", "标签", t, TextLine, 20)
		if err != nil {
			fe.Add("tags", ErrorMessage(err))
		}
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	if len(tags) > 10 {
		fe.Add("tags", "标签最多 10 个")
	}
	n.Tags = tags
	return fe.Err()
}

// ParseTags reads tags typed in one field, separated by commas, 顿号 or
// spaces.
func ParseTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ' ' || r == '\u3000' || r == ';' || r == '；'
	})
}

// CanWriteNews tells who writes news: the bureaus' admins, station leads
// and social workers. Viewers read; the three administrators see none.
func (u *User) CanWriteNews() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleCityAdmin || u.Role == RoleCountyAdmin ||
		u.Role == RoleStationLead || u.Role == RoleWorker)
}

// CanEditBriefing tells the editors of briefings: the city's admins, who
// accept, return and edit news and make the issues.
func (u *User) CanEditBriefing() bool {
	return u != nil && !u.Disabled && (u.Role == RoleSystem || u.Role == RoleCityAdmin)
}

// CanReadBriefing tells who reads briefings: everyone but the three
// administrators.
func (u *User) CanReadBriefing() bool {
	return u != nil && !u.Disabled && !u.Role.IsAdministrator()
}
