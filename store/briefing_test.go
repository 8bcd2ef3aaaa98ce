package store_test

import (
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// briefWorld is the small Yunfu tree with a city editor, two county
// admins, a 云城区 worker and a city viewer, one station, and a series.
type briefWorld struct {
	db                       *store.DB
	city, yc, ld, sw, viewer *shuangbai.User
	series                   *shuangbai.BriefingSeries
}

var briefDay = time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC)

func briefFixture(t *testing.T) *briefWorld {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return briefDay }
	w := &briefWorld{db: db,
		city:   storetest.User(t, db, "city", shuangbai.RoleCityAdmin, "4453", "x"),
		yc:     storetest.User(t, db, "yc.admin", shuangbai.RoleCountyAdmin, "445302", "x"),
		ld:     storetest.User(t, db, "ld.admin", shuangbai.RoleCountyAdmin, "445381", "x"),
		sw:     storetest.User(t, db, "yc.sw", shuangbai.RoleWorker, "445302003", "x"),
		viewer: storetest.User(t, db, "view", shuangbai.RoleViewer, "4453", "x"),
	}
	storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2020, 1, 1))
	w.series = &shuangbai.BriefingSeries{Region: "4453", Name: "云浮市“双百工程”工作简报", Masthead: "“双百工程”工作简报", Office: "云浮市民政局",
		Recipients: []shuangbai.Recipient{{Group: shuangbai.SendTo, Person: true, Name: "谢月浩副市长"}, {Group: shuangbai.SendTo, Name: "市直有关单位"},
			{Group: shuangbai.CopyTo, Name: "省民政厅"}}}
	if err := db.CreateSeries(t.Context(), w.city, w.series); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *briefWorld) news(t *testing.T, u *shuangbai.User, region, title string, accept bool) *shuangbai.NewsItem {
	t.Helper()
	n := &shuangbai.NewsItem{Region: region, Title: title, Date: shuangbai.NewDate(2021, 8, 1), Body: "第一段。\n\n第二段。", Status: shuangbai.NewsSubmitted}
	if err := w.db.CreateNews(t.Context(), u, n); err != nil {
		t.Fatal(err)
	}
	if accept {
		if err := w.db.ReviewNews(t.Context(), w.city, n.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func TestNewsWorkflowKeepsVersions(t *testing.T) {
	w := briefFixture(t)
	ctx := t.Context()
	n := &shuangbai.NewsItem{Region: "445302003", Title: "河口街道社工站入户探访", Date: shuangbai.NewDate(2021, 8, 2), Body: "正文", Tags: []string{"探访", "探访"}}
	if err := w.db.CreateNews(ctx, w.sw, n); err != nil {
		t.Fatal(err)
	}
	if n.Status != shuangbai.NewsDraft || len(n.Tags) != 1 {
		t.Fatalf("new item %s with tags %v, want a draft with one tag", n.Status, n.Tags)
	}
	steps := []struct {
		name string
		do   func() error
		want shuangbai.NewsStatus
	}{
		{"submit", func() error { return w.db.SubmitNews(ctx, w.sw, n.ID) }, shuangbai.NewsSubmitted},
		{"return without comment refused", func() error { return w.db.ReviewNews(ctx, w.city, n.ID, false, "") }, shuangbai.NewsSubmitted},
		{"return", func() error { return w.db.ReviewNews(ctx, w.city, n.ID, false, "请补充服务人数") }, shuangbai.NewsReturned},
		{"writer edits", func() error {
			e := *n
			e.Body = "正文，服务 45 户。"
			return w.db.UpdateNews(ctx, w.sw, &e)
		}, shuangbai.NewsReturned},
		{"resubmit", func() error { return w.db.SubmitNews(ctx, w.sw, n.ID) }, shuangbai.NewsSubmitted},
		{"writer may not edit while submitted", func() error { e := *n; e.Title = "改"; return w.db.UpdateNews(ctx, w.sw, &e) }, shuangbai.NewsSubmitted},
		{"editor edits", func() error {
			e := *n
			e.Title = "河口街道社工站：用脚绘制地图"
			return w.db.UpdateNews(ctx, w.city, &e)
		}, shuangbai.NewsSubmitted},
		{"county admin may not review", func() error { return w.db.ReviewNews(ctx, w.yc, n.ID, true, "") }, shuangbai.NewsSubmitted},
		{"accept", func() error { return w.db.ReviewNews(ctx, w.city, n.ID, true, "") }, shuangbai.NewsAccepted},
	}
	for _, s := range steps {
		err := s.do()
		if strings.Contains(s.name, "refused") || strings.Contains(s.name, "may not") {
			if err == nil {
				t.Errorf("%s: accepted", s.name)
			}
		} else if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := w.db.News(ctx, w.sw.Scope(), n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != s.want {
			t.Errorf("after %s: %s, want %s", s.name, got.Status, s.want)
		}
	}
	vs, err := w.db.NewsVersions(ctx, w.city.Scope(), n.ID)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, v := range vs {
		notes = append(notes, v.Note)
	}
	if got := strings.Join(notes, ","); got != "新建,提交,退回：请补充服务人数,修改,提交,编辑修改,采用" {
		t.Errorf("versions %s", got)
	}
	if vs[0].Body != "正文" || vs[3].Body != "正文，服务 45 户。" || vs[len(vs)-1].Title != "河口街道社工站：用脚绘制地图" {
		t.Errorf("versions do not keep their texts: %+v", vs)
	}
}

func TestNewsScope(t *testing.T) {
	w := briefFixture(t)
	ctx := t.Context()
	yc := w.news(t, w.yc, "445302", "云城区动态", true)
	if _, err := w.db.News(ctx, w.ld.Scope(), yc.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county reads an unpublished item: %v", err)
	}
	if err := w.db.CreateNews(ctx, w.yc, &shuangbai.NewsItem{Region: "445381", Title: "x", Date: shuangbai.NewDate(2021, 8, 1), Body: "x"}); err == nil {
		t.Error("a county wrote an item of another county")
	}
	if err := w.db.CreateNews(ctx, w.viewer, &shuangbai.NewsItem{Region: "4453", Title: "x", Date: shuangbai.NewDate(2021, 8, 1), Body: "x"}); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a viewer wrote news: %v", err)
	}
	e := *yc
	e.Title = "改"
	if err := w.db.UpdateNews(ctx, w.ld, &e); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county edits: %v", err)
	}
	// Published, the item is read by every county, and stays unchanged by its writer.
	b := w.draft(t, shuangbai.BriefingEntry{Kind: shuangbai.EntryNews, NewsID: yc.ID})
	if _, err := w.db.PublishBriefing(ctx, w.city, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.News(ctx, w.ld.Scope(), yc.ID); err != nil {
		t.Errorf("another county cannot read a published item: %v", err)
	}
	list, _ := w.db.NewsList(ctx, w.ld.Scope(), store.NewsFilter{})
	if len(list) != 3 {
		t.Errorf("罗定市 lists %d items, want the issue's three", len(list))
	}
	for _, n := range list {
		if !n.Published {
			t.Errorf("罗定市 lists %q, not published", n.Title)
		}
	}
	if err := w.db.UpdateNews(ctx, w.yc, &e); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("the writer edits a published item: %v", err)
	}
	if got, _ := w.db.Briefing(ctx, w.ld.Scope(), b.ID); got == nil {
		t.Error("a county cannot read the city's published issue")
	}
}

// draft makes a draft issue of three sections, the first holding entries,
// the other two one accepted item each.
func (w *briefWorld) draft(t *testing.T, first ...shuangbai.BriefingEntry) *shuangbai.Briefing {
	t.Helper()
	b := &shuangbai.Briefing{SeriesID: w.series.ID, Date: shuangbai.NewDate(2021, 8, 9), Editor: "李编辑"}
	if err := w.db.CreateBriefing(t.Context(), w.city, b); err != nil {
		t.Fatal(err)
	}
	b.Sections[0].Entries = first
	for i := 1; i < len(b.Sections); i++ {
		n := w.news(t, w.city, "4453", b.Sections[i].Title+"的动态", true)
		b.Sections[i].Entries = []shuangbai.BriefingEntry{{Kind: shuangbai.EntryNews, NewsID: n.ID}}
	}
	if err := w.db.UpdateBriefing(t.Context(), w.city, b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPublishRefusesWhatIsMissing(t *testing.T) {
	w := briefFixture(t)
	ctx := t.Context()
	pending := w.news(t, w.yc, "445302", "待审核的动态", false)
	b := w.draft(t, shuangbai.BriefingEntry{Kind: shuangbai.EntryNews, NewsID: pending.ID})
	b.Sections[2].Entries = nil
	if err := w.db.UpdateBriefing(ctx, w.city, b); err != nil {
		t.Fatal(err)
	}
	_, err := w.db.PublishBriefing(ctx, w.city, b.ID)
	msg := shuangbai.ErrorMessage(err)
	for _, want := range []string{"“待审核的动态”待审核，尚未采用", "栏目“社工站（点）动态”没有内容"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not say %q", msg, want)
		}
	}
	if _, err := w.db.PublishBriefing(ctx, w.yc, b.ID); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a county admin publishes the city's issue: %v", err)
	}
	if _, err := w.db.Briefing(ctx, w.ld.Scope(), b.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("a county reads the city's draft: %v", err)
	}
}

func TestPublishedIssueIsFrozen(t *testing.T) {
	w := briefFixture(t)
	ctx := t.Context()
	b := w.draft(t, shuangbai.BriefingEntry{Kind: shuangbai.EntryProgress, Region: "4453", Date: shuangbai.NewDate(2021, 8, 9)})
	live, problems, err := w.db.BriefingContent(ctx, w.city.Scope(), b)
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	if live.Number != "第　期（印发时编号）" || live.Sections[0].Blocks[0].Table == nil {
		t.Fatalf("draft content %+v", live.Sections[0])
	}
	pub, err := w.db.PublishBriefing(ctx, w.city, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Number != 1 || pub.Content.Number != "第1期" {
		t.Errorf("published as %d (%s), want 第1期", pub.Number, pub.Content.Number)
	}
	before := pub.Content.Sections[0].Blocks[0].Table.Total.Stations.Built
	// The data change: a new station, and the editor corrects an item's text.
	storetest.Station(t, w.db, "445302102", "腰古镇社工站", shuangbai.NewDate(2021, 8, 1))
	nid := pub.Sections[1].Entries[0].NewsID
	n, _ := w.db.News(ctx, w.city.Scope(), nid)
	n.Title = "更正后的标题"
	if err := w.db.UpdateNews(ctx, w.city, n); err != nil {
		t.Fatal(err)
	}
	again, err := w.db.Briefing(ctx, w.viewer.Scope(), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, _, _ := w.db.BriefingContent(ctx, w.viewer.Scope(), again)
	if got := c.Sections[0].Blocks[0].Table.Total.Stations.Built; got != before {
		t.Errorf("the published table changed: %d stations built, was %d", got, before)
	}
	if c.Sections[1].Blocks[0].Title == "更正后的标题" {
		t.Error("the published issue shows the item's later text")
	}
	fresh, _, _ := w.db.BriefingContent(ctx, w.city.Scope(), &shuangbai.Briefing{SeriesID: b.SeriesID, Date: b.Date, Sections: b.Sections[:1]})
	if fresh.Sections[0].Blocks[0].Table.Total.Stations.Built != before+1 {
		t.Error("the fixture's new station does not count in a live table: the test shows nothing")
	}
	// Editing is refused; a correction is a new issue naming this one.
	if err := w.db.UpdateBriefing(ctx, w.city, again); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("a published issue was edited: %v", err)
	}
	fix, err := w.db.CorrectBriefing(ctx, w.city, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	fc, _, _ := w.db.BriefingContent(ctx, w.city.Scope(), fix)
	if fc.Correction != "勘误：本期更正2021年第1期，以本期为准。" || fc.Sections[1].Blocks[0].Title != "更正后的标题" {
		t.Errorf("correction %q shows %q", fc.Correction, fc.Sections[1].Blocks[0].Title)
	}
	if p2, err := w.db.PublishBriefing(ctx, w.city, fix.ID); err != nil || p2.Number != 2 {
		t.Errorf("the correction published as %v, %v; want 第2期", p2, err)
	}
	if c.SendTo != "谢月浩副市长；市直有关单位。" || c.CopyTo != "省民政厅。" {
		t.Errorf("distribution %q / %q", c.SendTo, c.CopyTo)
	}
}
