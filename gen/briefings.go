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
// and a station's in 社工站（点）动态. The items are bulk-loaded as written
// and accepted, with both versions, as the store keeps them (a province's
// 5,000 items through CreateNews and ReviewNews took two minutes on
// PostgreSQL); the series and issues go through the store, for what only
// publishing does: numbering the issue in its year, freezing the table as
// of its day, indexing the issue and its items for search.

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
		issues, err := cityNews(ctx, db, rnd, s, stations, p)
		if err != nil {
			return n, fmt.Errorf("gen: news of %s: %w", city, err)
		}
		for _, b := range issues {
			if err := db.CreateBriefing(ctx, sys, b); err != nil {
				return n, fmt.Errorf("gen: briefing of %s %s: %w", city, b.Date, err)
			}
			if _, err := db.PublishBriefing(ctx, sys, b.ID); err != nil {
				return n, fmt.Errorf("gen: publish briefing of %s %s: %w", city, b.Date, err)
			}
			n++
		}
		if err := analyzeSearch(ctx, db, ci); err != nil {
			return n, err
		}
	}
	return n, db.AnalyzeTables(ctx, "news_items", "news_versions", "briefings") // the search index is analyzed when Generate ends: on SQLite, 7 s at city size
}

// cityNews loads the accepted news items of a city's p.Issues issues in
// one transaction and returns the issues laid out, not yet stored: the
// 10th of each month, the oldest first, so that numbers run 第1期 to
// 第12期 in every year.
func cityNews(ctx context.Context, db *store.DB, rnd *rand.Rand, s *shuangbai.BriefingSeries, stations []store.StationRef, p BriefingPreset) ([]*shuangbai.Briefing, error) {
	var issues []*shuangbai.Briefing
	err := db.BulkLoad(ctx, func(bl *store.Bulk) error {
		ids, err := bl.IDs(ctx, "news_items", p.Issues*p.News)
		if err != nil {
			return err
		}
		var items, versions [][]any
		at := AsOf.Time()
		for k := range p.Issues {
			m := AsOf.Time().AddDate(0, k-p.Issues+1, 0)
			day := shuangbai.NewDate(m.Year(), m.Month(), 10)
			b := &shuangbai.Briefing{SeriesID: s.ID, Date: day, Editor: "市民政局社会工作科"}
			for _, t := range s.Sections {
				b.Sections = append(b.Sections, shuangbai.BriefingSection{Title: t})
			}
			// The county and station of the issue go round the city's.
			st := stations[(k*7+rnd.IntN(len(stations)))%len(stations)]
			for j := range p.News {
				sec, region, place := 0, s.Region, s.Office
				if extra := j - (p.News - 2); extra >= 0 {
					sec, region, place = 1+extra, []string{st.Region[:6], st.Region}[extra], st.Name
				}
				it := newsItem(rnd, region, place, day.AddDays(-5-rnd.IntN(25)))
				if err := it.Validate(); err != nil {
					return fmt.Errorf("item %q: %w", it.Title, err)
				}
				id := ids[k*p.News+j]
				items = append(items, []any{id, it.Region, it.Title, it.Date, it.Place, it.Body, "双百工程", string(shuangbai.NewsAccepted), "", 2, false, "gen", at, at})
				for v, st := range []shuangbai.NewsStatus{shuangbai.NewsSubmitted, shuangbai.NewsAccepted} {
					versions = append(versions, []any{id, v + 1, it.Title, it.Date, it.Place, it.Body, "双百工程", string(st), []string{"新建", "采用"}[v], "gen", at})
				}
				b.Sections[sec].Entries = append(b.Sections[sec].Entries, shuangbai.BriefingEntry{Kind: shuangbai.EntryNews, NewsID: id})
			}
			b.Sections[0].Entries = append(b.Sections[0].Entries, shuangbai.BriefingEntry{Kind: shuangbai.EntryProgress, Region: s.Region, Date: day})
			issues = append(issues, b)
		}
		if err := bl.Insert(ctx, "news_items", []string{"id", "region", "title", "news_date", "place", "body", "tags", "status", "comment",
			"version", "published", "created_by", "created_at", "updated_at"}, items); err != nil {
			return err
		}
		return bl.Insert(ctx, "news_versions", []string{"news_id", "version", "title", "news_date", "place", "body", "tags", "status", "note",
			"created_by", "created_at"}, versions)
	})
	return issues, err
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

// newsItem writes an item of region from the phrases search items use.
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
		Body: b.String(), Tags: []string{"双百工程"}}
}

// analyzeSearch analyzes the search index on PostgreSQL after the first,
// second, fourth … batch: its foreign keys are checked by a plan made when
// the statistics said the tables were empty, a sequential scan of
// search_items for every word indexed, which made the province's
// briefings and search entries quadratic (15 minutes for 16,000 items;
// 1.8 million scans of search_items read 10 billion rows). SQLite's plan
// for the same check is a primary-key lookup whatever the statistics say.
func analyzeSearch(ctx context.Context, db *store.DB, batch int) error {
	if db.Engine() != "postgres" || batch&(batch+1) != 0 { // batch+1 a power of two
		return nil
	}
	return db.AnalyzeTables(ctx, "search_items", "search_grams", "briefings", "news_items")
}
