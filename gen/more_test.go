package gen_test

import (
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// tiny is a two-city network with a little of everything on it: small
// enough to generate in a second on either engine.
var tiny = gen.Size{
	Network:       gen.Preset{Name: "tiny", Cities: 2, Counties: 2, Stations: 4, Points: 8, Staff: 16, Years: 2},
	Beneficiaries: 120, Visits: 120, Applications: 30,
	Campaigns: 2, Posts: 3, Applicants: 4, Briefings: 3, News: 4, SearchItems: 5,
}

func TestGenerateApplicationsRecruitmentBriefings(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	var steps []string
	if err := gen.Generate(ctx, db, tiny, nil, func(s gen.Step) { steps = append(steps, s.Name); t.Logf("%s: %d rows, %s", s.Name, s.Rows, s.Took) }); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 5 {
		t.Errorf("steps %q, want network, cases, recruitment, briefings and search", steps)
	}
	all := shuangbai.Scope{Code: gen.ProvinceCode}

	// Applications: all of them, each valid and of its file's region.
	o, err := db.Outcomes(ctx, all, gen.ProvinceCode, shuangbai.Date{}, gen.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range o.Applications {
		n += c
	}
	if n != tiny.Applications {
		t.Errorf("%d applications counted, want %d", n, tiny.Applications)
	}
	files, err := db.Beneficiaries(ctx, all, shuangbai.BeneficiaryFilter{Limit: 500})
	if err != nil || len(files) != tiny.Beneficiaries {
		t.Fatalf("%d files, %v", len(files), err)
	}
	n = 0
	for _, f := range files {
		apps, err := db.Applications(ctx, all, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			if err := a.Validate(gen.AsOf); err != nil {
				t.Errorf("application %d: %v", a.ID, err)
			}
			if err := a.Eligible(f); err != nil || a.Region != f.Region {
				t.Errorf("application %d of %s for a file of %s: %v", a.ID, a.Region, f.Region, err)
			}
		}
		n += len(apps)
	}
	if n != tiny.Applications {
		t.Errorf("%d applications read, want %d", n, tiny.Applications)
	}

	for ci := range tiny.Network.Cities {
		city := gen.CityCode(ci)
		scope := shuangbai.Scope{Code: city}
		// A campaign a year, the city's own, its posts at its stations,
		// with its applicants reviewed and the written exam scored.
		cs, err := db.Campaigns(ctx, scope, store.CampaignFilter{})
		if err != nil || len(cs) != tiny.Campaigns {
			t.Fatalf("%s: %d campaigns, %v", city, len(cs), err)
		}
		for _, c := range cs {
			if c.Region != city || len(c.Posts) != tiny.Posts || c.Validate() != nil {
				t.Errorf("%s: campaign %q of %s with %d posts (%v)", city, c.Title, c.Region, len(c.Posts), c.Validate())
			}
			for _, p := range c.Posts {
				if !scope.Contains(p.Region) || p.StationID == 0 {
					t.Errorf("%s: post %s at %s, station %d", city, p.Code, p.Region, p.StationID)
				}
			}
			as, total, err := db.Applicants(ctx, scope, c.ID, store.ApplicantFilter{Limit: 1000})
			if err != nil || total != tiny.Posts*tiny.Applicants {
				t.Fatalf("%s: %d applicants, %v", c.Title, total, err)
			}
			scored := 0
			for _, a := range as {
				if _, err := shuangbai.ParseIDNumber(a.IDNumber); err != nil {
					t.Errorf("applicant %s: ID number %v", a.Number, err)
				}
				if a.Written.Valid() {
					scored++
				}
			}
			if scored == 0 {
				t.Errorf("%s: no written scores", c.Title)
			}
			r, err := db.Ranking(ctx, scope, c.ID, 0)
			if err != nil || len(r.Posts) != tiny.Posts {
				t.Errorf("%s: ranking of %d posts, %v", c.Title, len(r.Posts), err)
			}
		}
		// A monthly issue, published, numbered in its year, printing the
		// city's table and its news.
		bs, err := db.Briefings(ctx, scope, store.BriefingFilter{})
		if err != nil || len(bs) != tiny.Briefings {
			t.Fatalf("%s: %d briefings, %v", city, len(bs), err)
		}
		numbers := map[[2]int]bool{}
		for _, b := range bs {
			if b.Region != city || b.Status != shuangbai.BriefingPublished || b.Content == nil || numbers[[2]int{b.Year, b.Number}] {
				t.Fatalf("%s: issue %d of %s, %s, %d-%d", city, b.ID, b.Region, b.Status, b.Year, b.Number)
			}
			numbers[[2]int{b.Year, b.Number}] = true
			news, tables := 0, 0
			for _, s := range b.Content.Sections {
				for _, blk := range s.Blocks {
					switch blk.Kind {
					case shuangbai.EntryNews:
						news++
					case shuangbai.EntryProgress:
						if blk.Table == nil || blk.Table.Total.Stations.Required == 0 {
							t.Errorf("%s %s: empty progress table", city, b.Date)
						}
						tables++
					}
				}
			}
			if news != tiny.News || tables != 1 {
				t.Errorf("%s %s: %d news items, %d tables", city, b.Date, news, tables)
			}
		}
		// Published, each issue is found by search: the synthetic search
		// items, indexed after them, took none of their entries.
		hits, err := db.Search(ctx, scope, "工作简报", 100)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, h := range hits {
			if h.Kind == "briefing" && h.Region == city {
				found++
			}
		}
		if found != tiny.Briefings {
			t.Errorf("%s: search finds %d issues, want %d", city, found, tiny.Briefings)
		}
	}
}
