package demo_test

import (
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/store"
)

// The demo's published issue is the seed's: its sections in order, nine
// items (6, 2, 1), the table of 2021-08-09 with its computed 合计 of 364
// staff at the points, and its distribution list; the next issue is a
// draft whose table is live.
func TestDemoBriefing(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	all := shuangbai.Scope{All: true}
	bs, err := db.Briefings(ctx, all, store.BriefingFilter{})
	if err != nil || len(bs) != 2 {
		t.Fatalf("%d issues, %v", len(bs), err)
	}
	var pub, draft *shuangbai.Briefing
	for _, b := range bs {
		if b.Status == shuangbai.BriefingPublished {
			pub = b
		} else {
			draft = b
		}
	}
	if pub == nil || draft == nil || pub.Year != 2021 || pub.Number != 1 {
		t.Fatalf("published %+v, draft %+v", pub, draft)
	}
	c := pub.Content
	var got []string
	for _, s := range c.Sections {
		n := 0
		for _, b := range s.Blocks {
			if b.Kind == shuangbai.EntryNews {
				n++
			}
		}
		got = append(got, s.Title+":"+string(rune('0'+n)))
	}
	if strings.Join(got, " ") != "市级动态:6 县（市、区）动态:2 社工站（点）动态:1" {
		t.Errorf("sections %v", got)
	}
	tb := c.Sections[0].Blocks[6].Table
	if tb == nil || tb.Total.Points.Staff != 364 || tb.Total.Stations.Required != 63 || tb.Date != demo.BriefingDate {
		t.Fatalf("the table %+v", tb)
	}
	if c.SendTo != "谢月浩副市长、谢汉东副秘书长；市直有关单位，各县（市、区）委深改委、人民政府，民政局。" || c.CopyTo != "省民政厅，市委深改委成员。" {
		t.Errorf("distribution %q %q", c.SendTo, c.CopyTo)
	}
	if !strings.HasPrefix(c.Sections[2].Blocks[0].Paragraphs[0], "云城区河口街道社工服务站自设立以来") {
		t.Errorf("河口 starts %q", c.Sections[2].Blocks[0].Paragraphs[0])
	}
	live, problems, err := db.BriefingContent(ctx, all, draft)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "县（市、区）动态") {
		t.Errorf("draft problems %v", problems)
	}
	if lt := live.Sections[0].Blocks[1].Table; lt == nil || lt.Date != shuangbai.NewDate(2021, 9, 30) {
		t.Errorf("draft table %+v", lt)
	}
}
