package gen

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"shuangbai/store"
)

// Size is everything `shuangbai gen` makes: the network and, on it, case
// files with their visits and applications, community activities, station
// supervision, recruitment, work briefings and published items for search.
// The same Size always gives the same data.
type Size struct {
	Network       Preset
	Beneficiaries int
	Visits        int // in all, spread evenly over the files
	Applications  int // in all, at most one a file, spread evenly
	Activities    int // per station and year of history
	Supervision   bool
	Campaigns     int // recruitment campaigns per city, one a year back from AsOf
	Posts         int // per campaign, at the city's stations in turn
	Applicants    int // per post
	Briefings     int // issues per city, one a month back from AsOf
	News          int // news items per issue, at least MinNewsEach
	SearchItems   int
}

// Sizes are the presets of `shuangbai gen --preset`: a county of about
// 15 towns, a city the size of 云浮市, and the province the issues name
// (21 cities, 122 counties, 1,600 stations, 26,000 points, 30,000 staff,
// 1,000,000 files, 10,000,000 visits). Each has an application for one
// file in ten, a campaign a city and year with a post at about every
// station and 15 applicants a post (a province's year: 1,680 posts, 25,200
// applicants, as the recruitment benchmark's), and a monthly briefing a
// city of four news items and the city's progress table.
var Sizes = map[string]Size{
	"county": {Network: Preset{Name: "county", Cities: 1, Counties: 1, Stations: 15, Points: 250, Staff: 300, Years: 5}, Beneficiaries: 10_000, Visits: 100_000,
		Applications: 1000, Activities: ActivitiesPerStationYear, Supervision: true, Campaigns: 5, Posts: 15, Applicants: 15, Briefings: 60, News: 4, SearchItems: 1000},
	"city": {Network: City, Beneficiaries: 50_000, Visits: 500_000,
		Applications: 5000, Activities: ActivitiesPerStationYear, Supervision: true, Campaigns: 5, Posts: 80, Applicants: 15, Briefings: 60, News: 4, SearchItems: 5000},
	"province": {Network: Province, Beneficiaries: Million.Beneficiaries, Visits: Million.Beneficiaries * Million.VisitsEach,
		Applications: Million.Beneficiaries / 10, Activities: ActivitiesPerStationYear, Supervision: true, Campaigns: 5, Posts: 80, Applicants: 15, Briefings: 60, News: 4, SearchItems: 10_000},
}

// Limits of the region codes the generator writes (two digits for cities
// and counties, towns 100–999, villages 001–999) and of the ID numbers it
// makes unique (31,000 birth days × 1,000 sequence numbers).
const (
	maxCities       = 99
	maxCountiesEach = 99
	maxTownsEach    = 900
	maxVillagesEach = 999
	maxFiles        = 31_000_000
	// An applicant's ID number is unique in a campaign by its birth day
	// (6,000 of them) and sequence number (1,000): recruit.go.
	maxApplicantsEach = 1_000_000
)

// Validate refuses a network that cannot be generated, with a message
// that names the flag at fault.
func (p Preset) Validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for _, f := range []struct {
		name string
		n    int
	}{{"cities", p.Cities}, {"counties", p.Counties}, {"stations", p.Stations}, {"points", p.Points}, {"villages", p.Villages}, {"staff", p.Staff}, {"years", p.Years}} {
		if f.n < 0 {
			bad("--%s 不能为负数（%d）", f.name, f.n)
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "；"))
	}
	villages := max(p.Villages, p.Points)
	switch {
	case p.Cities < 1:
		bad("--cities 至少为 1")
	case p.Cities > maxCities:
		bad("--cities 最多 %d 个（地市代码两位）", maxCities)
	}
	switch {
	case p.Counties < p.Cities:
		bad("县区数（%d）不能少于地市数（%d）：每个地市至少一个县区", p.Counties, p.Cities)
	case p.Cities > 0 && ceilDiv(p.Counties, p.Cities) > maxCountiesEach:
		bad("每个地市最多 %d 个县区（代码两位），%d 个县区至少要 %d 个地市", maxCountiesEach, p.Counties, ceilDiv(p.Counties, maxCountiesEach))
	}
	switch {
	case p.Stations < p.Counties:
		bad("社工站数（%d）不能少于县区数（%d）：每个县区至少一个乡镇（街道）社工站", p.Stations, p.Counties)
	case p.Counties > 0 && ceilDiv(p.Stations, p.Counties) > maxTownsEach:
		bad("每个县区最多 %d 个乡镇，%d 个社工站至少要 %d 个县区", maxTownsEach, p.Stations, ceilDiv(p.Stations, maxTownsEach))
	}
	if p.Villages > 0 && p.Points > p.Villages {
		bad("社工点数（%d）多于村（社区）数（%d）：每个村（社区）至多一个社工点", p.Points, p.Villages)
	}
	if p.Stations > 0 && ceilDiv(villages, p.Stations) > maxVillagesEach {
		bad("每个乡镇最多 %d 个村（社区），%d 个村至少要 %d 个社工站", maxVillagesEach, villages, ceilDiv(villages, maxVillagesEach))
	}
	if p.Points == 0 && p.Staff > 2*p.Stations {
		bad("没有社工点时工作人员（%d）至多为社工站数的两倍（%d）", p.Staff, 2*p.Stations)
	}
	if p.Years < 1 || p.Years > 30 {
		bad("--years 应在 1 到 30 之间")
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "；"))
	}
	return nil
}

// Validate checks the network and what is generated on it.
func (s Size) Validate() error {
	if err := s.Network.Validate(); err != nil {
		return err
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for _, f := range []struct {
		name string
		n    int
	}{{"beneficiaries", s.Beneficiaries}, {"visits", s.Visits}, {"applications", s.Applications}, {"activities", s.Activities},
		{"campaigns", s.Campaigns}, {"posts", s.Posts}, {"applicants", s.Applicants}, {"briefings", s.Briefings}, {"news", s.News},
		{"search-items", s.SearchItems}} {
		if f.n < 0 {
			bad("--%s 不能为负数（%d）", f.name, f.n)
		}
	}
	if len(errs) == 0 {
		switch {
		case s.Beneficiaries > maxFiles:
			bad("--beneficiaries 最多 %d（生成的身份证号须各不相同）", maxFiles)
		case s.Beneficiaries == 0 && s.Visits > 0:
			bad("没有服务对象就不能有探访记录（--visits %d）", s.Visits)
		case s.Beneficiaries > 0 && s.Visits%s.Beneficiaries != 0:
			bad("探访记录数（%d）应是服务对象数（%d）的整数倍：每人探访次数相同", s.Visits, s.Beneficiaries)
		case s.Beneficiaries > 0 && s.Visits/s.Beneficiaries > 365:
			bad("每人一年至多 365 次探访（现为 %d 次）", s.Visits/s.Beneficiaries)
		}
		if s.Applications > s.Beneficiaries {
			bad("--applications（%d）不能多于 --beneficiaries（%d）：每份档案至多一条协助申请", s.Applications, s.Beneficiaries)
		}
		if s.Activities > 365 {
			bad("--activities 是每站每年的活动数，至多 365")
		}
		s.validateRecruitment(bad)
		s.validateBriefings(bad)
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "；"))
	}
	return nil
}

// validateRecruitment checks the campaigns, posts and applicants: each
// needs the one it belongs to.
func (s Size) validateRecruitment(bad func(string, ...any)) {
	switch {
	case s.Campaigns > s.Network.Years:
		bad("--campaigns 是每个地市的招聘次数（每年一次），至多为 --years（%d）", s.Network.Years)
	case s.Campaigns > 0 && s.Posts == 0:
		bad("招聘要有岗位：--campaigns %d 时 --posts 至少为 1", s.Campaigns)
	case s.Campaigns == 0 && s.Posts > 0:
		bad("没有招聘（--campaigns 0）就不能有岗位（--posts %d）", s.Posts)
	case s.Campaigns == 0 && s.Applicants > 0:
		bad("没有招聘（--campaigns 0）就不能有报名人员（--applicants %d）", s.Applicants)
	case s.Posts > 0 && s.Applicants > maxApplicantsEach/s.Posts:
		bad("每次招聘至多 %d 人报名（--posts × --applicants，生成的身份证号须各不相同），现为 %d", maxApplicantsEach, s.Posts*s.Applicants)
	}
}

// validateBriefings checks the issues and their news items.
func (s Size) validateBriefings(bad func(string, ...any)) {
	switch {
	case s.Briefings > 12*s.Network.Years:
		bad("--briefings 是每个地市的月度简报期数，至多 %d（--years × 12）", 12*s.Network.Years)
	case s.Briefings > 0 && s.News < MinNewsEach:
		bad("每期简报至少 %d 条动态（--news，三个栏目各至少一条），现为 %d", MinNewsEach, s.News)
	case s.Briefings == 0 && s.News > 0:
		bad("没有简报（--briefings 0）就不能有简报动态（--news %d）", s.News)
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// SyntheticSearchID is added to the ids of the search items Generate
// indexes (SearchItems), which stand for no briefing or news item: the
// briefings and items it publishes are indexed under their own ids, and
// must not be overwritten by one of these.
const SyntheticSearchID = 1_000_000_000

// Step is one part of a generation, reported as it ends.
type Step struct {
	Name string
	Rows int
	Took time.Duration
}

// Generate makes s in an empty database. files, if not nil, is told how
// many case files are in after each batch; step after each part.
func Generate(ctx context.Context, db *store.DB, s Size, files func(done int), step func(Step)) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if step == nil {
		step = func(Step) {}
	}
	t := time.Now()
	net, err := Load(ctx, db, s.Network)
	if err != nil {
		return err
	}
	step(Step{"网络（区划、站点、人员）", len(net.Villages) + s.Network.Stations + s.Network.Points + s.Network.Staff, time.Since(t)})
	if s.Beneficiaries > 0 {
		t = time.Now()
		p := CasePreset{Name: "gen", Beneficiaries: s.Beneficiaries, VisitsEach: s.Visits / s.Beneficiaries, Applications: s.Applications}
		if err := LoadCases(ctx, db, net, p, files); err != nil {
			return err
		}
		step(Step{"服务对象、探访和协助申请", s.Beneficiaries + s.Visits + s.Applications, time.Since(t)})
	}
	if s.Activities > 0 {
		t = time.Now()
		n, err := LoadActivities(ctx, db, net, s.Activities, s.Network.Years)
		if err != nil {
			return err
		}
		step(Step{"社区活动", n, time.Since(t)})
	}
	if s.Supervision {
		t = time.Now()
		if err := LoadSupervision(ctx, db, SupervisionPreset{Years: s.Network.Years, VisitsPerYear: 4, EvalEveryYears: 1}); err != nil {
			return err
		}
		step(Step{"督导和评估", s.Network.Stations * s.Network.Years * 4, time.Since(t)})
	}
	if s.Campaigns > 0 {
		t = time.Now()
		n, err := LoadRecruitment(ctx, db, RecruitPreset{Campaigns: s.Campaigns, Posts: s.Posts, Applicants: s.Applicants})
		if err != nil {
			return err
		}
		step(Step{"招聘（岗位和报名）", s.Network.Cities*s.Campaigns*s.Posts + n, time.Since(t)})
	}
	if s.Briefings > 0 {
		t = time.Now()
		n, err := LoadBriefings(ctx, db, BriefingPreset{Issues: s.Briefings, News: s.News})
		if err != nil {
			return err
		}
		step(Step{"工作简报（印发）", n * (1 + s.News), time.Since(t)})
	}
	if s.SearchItems > 0 {
		t = time.Now()
		items := SearchItems(s.SearchItems)
		for i := range items {
			items[i].ID += SyntheticSearchID // apart from the published briefings' and items' own entries
		}
		for batch := 0; len(items) > 0; batch++ {
			n := min(len(items), 500)
			if err := db.IndexItems(ctx, items[:n]); err != nil {
				return err
			}
			if err := analyzeSearch(ctx, db, batch); err != nil {
				return err
			}
			items = items[n:]
		}
		step(Step{"检索条目（简报、新闻）", s.SearchItems, time.Since(t)})
	}
	return db.Analyze(ctx)
}
