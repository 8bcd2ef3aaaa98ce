package demo

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

// The seed's own briefing rebuilt from the demo: the series 云浮市“双百工程”
// 工作简报 with the seed's sections and distribution list, its nine news
// items word for word (six 市级动态, two 县（市、区）动态, one 社工站（点）动态),
// the progress table computed as of 2021-08-09 (合计 364, where the seed
// printed 350), published as an issue of 2021; and a draft of the next
// issue with live blocks — the table as of 2021-09-30, after the new
// social workers' contracts, the recruitment's figures and 河口街道's
// outcomes — and two sections still to fill.

//go:embed data/briefing_news.txt
var briefingNews string

// SeedNewsItem is one news item of the seed's briefing with its section.
type SeedNewsItem struct {
	Section string
	Item    shuangbai.NewsItem
}

// SeedNews returns the seed briefing's nine items in their printed order.
func SeedNews() ([]SeedNewsItem, error) {
	var out []SeedNewsItem
	for _, chunk := range strings.Split(briefingNews, "## ")[1:] {
		head, body, _ := strings.Cut(chunk, "\n")
		f := strings.Split(head, "|")
		if len(f) != 5 {
			return nil, fmt.Errorf("demo: briefing news heading %q", head)
		}
		d, err := shuangbai.ParseDate(f[2])
		if err != nil {
			return nil, err
		}
		out = append(out, SeedNewsItem{Section: f[0], Item: shuangbai.NewsItem{Region: f[1], Date: d, Place: f[3], Title: f[4],
			Body: strings.TrimSpace(body), Tags: []string{"双百工程"}}})
	}
	return out, nil
}

// SeedSeries is the seed's series with its distribution list.
func SeedSeries() *shuangbai.BriefingSeries {
	to, cc := shuangbai.SendTo, shuangbai.CopyTo
	return &shuangbai.BriefingSeries{Region: "4453", Name: "云浮市“双百工程”工作简报", Masthead: "“双百工程”工作简报", Office: "云浮市民政局",
		Sections: shuangbai.DefaultSections, Recipients: []shuangbai.Recipient{
			{Group: to, Person: true, Name: "谢月浩副市长"}, {Group: to, Person: true, Name: "谢汉东副秘书长"},
			{Group: to, Name: "市直有关单位"}, {Group: to, Name: "各县（市、区）委深改委、人民政府"}, {Group: to, Name: "民政局"},
			{Group: cc, Name: "省民政厅"}, {Group: cc, Name: "市委深改委成员"},
		}}
}

// BriefingDate is the seed briefing's date, and its table's.
var BriefingDate = shuangbai.NewDate(2021, 8, 9)

// BriefingEditor is the editor the demo's issues print.
const BriefingEditor = "市民政局社会工作科"

func loadBriefing(ctx context.Context, db *store.DB) error {
	sys := shuangbai.SystemUser
	s := SeedSeries()
	if err := db.CreateSeries(ctx, sys, s); err != nil {
		return err
	}
	items, err := SeedNews()
	if err != nil {
		return err
	}
	b := &shuangbai.Briefing{SeriesID: s.ID, Date: BriefingDate, Editor: BriefingEditor}
	for _, t := range s.Sections {
		b.Sections = append(b.Sections, shuangbai.BriefingSection{Title: t})
	}
	for _, it := range items {
		n := it.Item
		n.Status = shuangbai.NewsSubmitted
		if err := db.CreateNews(ctx, sys, &n); err != nil {
			return fmt.Errorf("news %q: %w", n.Title, err)
		}
		if err := db.ReviewNews(ctx, sys, n.ID, true, ""); err != nil {
			return err
		}
		for i := range b.Sections {
			if b.Sections[i].Title == it.Section {
				b.Sections[i].Entries = append(b.Sections[i].Entries, shuangbai.BriefingEntry{Kind: shuangbai.EntryNews, NewsID: n.ID})
			}
		}
	}
	// The seed prints the table after the city's news.
	b.Sections[0].Entries = append(b.Sections[0].Entries, shuangbai.BriefingEntry{Kind: shuangbai.EntryProgress, Region: "4453", Date: BriefingDate})
	if err := db.CreateBriefing(ctx, sys, b); err != nil {
		return err
	}
	if _, err := db.PublishBriefing(ctx, sys, b.ID); err != nil {
		return err
	}
	cs, err := db.Campaigns(ctx, shuangbai.Scope{All: true}, store.CampaignFilter{Year: 2021, Kind: shuangbai.CampaignWorker})
	if err != nil || len(cs) == 0 {
		return fmt.Errorf("the workers' campaign: %v", err)
	}
	next := shuangbai.NewDate(2021, 9, 30)
	draft := &shuangbai.Briefing{SeriesID: s.ID, Date: next, Editor: BriefingEditor, Sections: []shuangbai.BriefingSection{
		{Title: s.Sections[0], Entries: []shuangbai.BriefingEntry{
			{Kind: shuangbai.EntryRecruitment, CampaignID: cs[0].ID},
			{Kind: shuangbai.EntryProgress, Region: "4453", Date: next},
		}},
		{Title: s.Sections[1]},
		{Title: s.Sections[2], Entries: []shuangbai.BriefingEntry{
			{Kind: shuangbai.EntryOutcomes, Region: "445302003", From: shuangbai.NewDate(2021, 1, 1), Date: next},
		}},
	}}
	return db.CreateBriefing(ctx, sys, draft)
}
