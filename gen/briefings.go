package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

// Work briefings over the generated network: each city's series (工作简报)
// with the seed's sections and a distribution list, and a monthly issue
// back from AsOf's month, published: in 市级动态 the city's news and its
// progress table as of the issue's day, a county's item in 县（市、区）动态
// and a station's in 社工站（点）动态. Items are written and accepted, and
// issues made and published, through the store: publishing numbers the
// issue in its year, freezes the table as of its day and indexes the issue
// and its items for search.

// BriefingPreset sizes the briefings generated.
type BriefingPreset struct {
	Issues int // per city, one a month back from AsOf's month
	News   int // per issue, at least one for each of the three sections
}

// MinNewsEach is the fewest news items an issue can have: publishing
// refuses an issue with an empty section, and the series has three.
const MinNewsEach = 3

// LoadBriefings generates p's briefings on a network Load made, and
// returns how many issues it published.
func LoadBriefings(ctx context.Context, db *store.DB, p BriefingPreset) (int, error) {
	if p.Issues == 0 {
		return 0, nil
	}
	if p.News < MinNewsEach {
		return 0, fmt.Errorf("gen: %d news items an issue, at least %d", p.News, MinNewsEach)
	}
	rnd := rand.New(rand.NewPCG(49, uint64(p.Issues*p.News)))
	byCity, err := stationsByCity(ctx, db)
	if err != nil {
		return 0, err
	}
	sys := shuangbai.SystemUser
	n := 0
	for ci := 0; ; ci++ {
		city := CityCode(ci)
		stations, ok := byCity[city]
		if !ok {
			break
		}
		s := series(city)
		if err := db.CreateSeries(ctx, sys, s); err != nil {
			return n, fmt.Errorf("gen: series of %s: %w", city, err)
		}
		for k := range p.Issues {
			// The 10th of each month, the oldest first, so that numbers run
			// 第1期 to 第12期 in every year.
			m := AsOf.Time().AddDate(0, k-p.Issues+1, 0)
			day := shuangbai.NewDate(m.Year(), m.Month(), 10)
			b := &shuangbai.Briefing{SeriesID: s.ID, Date: day, Editor: "市民政局社会工作科"}
			for _, t := range s.Sections {
				b.Sections = append(b.Sections, shuangbai.BriefingSection{Title: t})
			}
			// The county and station of the issue go round the city's.
			st := stations[(k*7+rnd.IntN(len(stations)))%len(stations)]
			regions := []string{st.Region[:6], st.Region}
			for j := range p.News {
				sec, region, place := 0, city, cityName(city)+"民政局"
				if j >= p.News-2 {
					sec, region, place = j-(p.News-2)+1, regions[j-(p.News-2)], st.Name
				}
				item := newsItem(rnd, region, place, day.AddDays(-5-rnd.IntN(25)))
				if err := db.CreateNews(ctx, sys, item); err != nil {
					return n, fmt.Errorf("gen: news of %s: %w", city, err)
				}
				if err := db.ReviewNews(ctx, sys, item.ID, true, ""); err != nil {
					return n, err
				}
				b.Sections[sec].Entries = append(b.Sections[sec].Entries, shuangbai.BriefingEntry{Kind: shuangbai.EntryNews, NewsID: item.ID})
			}
			b.Sections[0].Entries = append(b.Sections[0].Entries, shuangbai.BriefingEntry{Kind: shuangbai.EntryProgress, Region: city, Date: day})
			if err := db.CreateBriefing(ctx, sys, b); err != nil {
				return n, fmt.Errorf("gen: briefing of %s %s: %w", city, day, err)
			}
			if _, err := db.PublishBriefing(ctx, sys, b.ID); err != nil {
				return n, fmt.Errorf("gen: publish briefing of %s %s: %w", city, day, err)
			}
			n++
		}
	}
	return n, db.AnalyzeTables(ctx, "news_items", "news_versions", "briefings", "search_items", "search_grams")
}

// series is a city's series, named as the seed's is.
func series(city string) *shuangbai.BriefingSeries {
	name := cityName(city)
	to, cc := shuangbai.SendTo, shuangbai.CopyTo
	return &shuangbai.BriefingSeries{Region: city, Name: name + "“双百工程”工作简报", Masthead: "“双百工程”工作简报", Office: name + "民政局",
		Sections: shuangbai.DefaultSections, Recipients: []shuangbai.Recipient{
			{Group: to, Person: true, Name: "分管副市长"}, {Group: to, Name: "市直有关单位"}, {Group: to, Name: "各县（市、区）民政局"},
			{Group: cc, Name: "省民政厅"},
		}}
}

// newsItem writes an item of region from the phrases search items use,
// submitted for the editor.
func newsItem(rnd *rand.Rand, region, place string, on shuangbai.Date) *shuangbai.NewsItem {
	var b strings.Builder
	for p := range 2 + rnd.IntN(2) {
		if p > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s，", on.Time().Format("1月2日"))
		for range 3 + rnd.IntN(4) {
			fmt.Fprintf(&b, "%s%d人次，", newsPhrases[rnd.IntN(len(newsPhrases))], 1+rnd.IntN(300))
		}
		b.WriteString("取得良好成效。")
	}
	return &shuangbai.NewsItem{Region: region, Title: place + newsPhrases[rnd.IntN(len(newsPhrases))], Date: on, Place: place,
		Body: b.String(), Tags: []string{"双百工程"}, Status: shuangbai.NewsSubmitted}
}
