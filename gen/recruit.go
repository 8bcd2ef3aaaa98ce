package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// Recruitment over the generated network: each city runs a campaign for
// social workers a year, over the last years before AsOf, with posts at its
// stations taken in turn (a different run of them each year) and
// applicants to every post; the review finds most eligible, the exam
// office's sheets give the written scores and the interview scores of
// those the written exam sends on. It goes through the store, as the
// demo's recruitment does, for what only the store does: sealing the
// applicants' ID and phone numbers with their keyed hash, numbering the
// applications, checking every score against the ranking.

// RecruitPreset sizes the recruitment generated.
type RecruitPreset struct {
	Campaigns  int // per city, one a year back from AsOf's year
	Posts      int // per campaign
	Applicants int // per post
}

// LoadRecruitment generates p's campaigns on a network Load made, and
// returns how many applicants it filed.
func LoadRecruitment(ctx context.Context, db *store.DB, p RecruitPreset) (int, error) {
	if p.Campaigns == 0 || p.Posts == 0 {
		return 0, nil
	}
	rnd := rand.New(rand.NewPCG(48, uint64(p.Campaigns*p.Posts*max(1, p.Applicants))))
	byCity, err := stationsByCity(ctx, db)
	if err != nil {
		return 0, err
	}
	n, made, nextAnalyze := 0, 0, 1
	last := AsOf.Time().Year()
	for ci := 0; ; ci++ {
		city := CityCode(ci)
		stations, ok := byCity[city]
		if !ok {
			break
		}
		for k := range p.Campaigns {
			year := last - p.Campaigns + 1 + k
			c, err := campaign(ctx, db, city, year, stations, k*p.Posts, p.Posts)
			if err != nil {
				return n, fmt.Errorf("gen: campaign %s %d: %w", city, year, err)
			}
			// Statistics as the tables grow (1, 2, 4 … campaigns), as for
			// the files (cases.go): planned while campaign_posts held one
			// campaign's posts, PostgreSQL's foreign-key checks of the
			// applications scanned it whole for every row, and the
			// province's 126,000 applications took over two minutes.
			if made++; made >= nextAnalyze {
				if err := db.AnalyzeTables(ctx, "campaign_posts", "applicants"); err != nil {
					return n, err
				}
				nextAnalyze *= 2
			}
			if p.Applicants == 0 {
				continue
			}
			as := make([]*shuangbai.Applicant, 0, p.Posts*p.Applicants)
			for i := range p.Posts * p.Applicants {
				as = append(as, applicant(rnd, c, c.Posts[i%len(c.Posts)], i))
			}
			if err := db.CreateApplicants(ctx, shuangbai.SystemUser, c.ID, as); err != nil {
				return n, fmt.Errorf("gen: applicants of %s: %w", c.Title, err)
			}
			n += len(as)
			if err := scores(ctx, db, rnd, c); err != nil {
				return n, fmt.Errorf("gen: scores of %s: %w", c.Title, err)
			}
		}
	}
	return n, db.AnalyzeTables(ctx, "campaigns", "campaign_posts", "applicants")
}

// stationsByCity returns every station of the network by city, in region order.
func stationsByCity(ctx context.Context, db *store.DB) (map[string][]store.StationRef, error) {
	stations, err := db.StationRefs(ctx, shuangbai.Scope{Code: ProvinceCode})
	if err != nil {
		return nil, err
	}
	out := map[string][]store.StationRef{}
	for _, s := range stations {
		out[s.Region[:4]] = append(out[s.Region[:4]], s)
	}
	return out, nil
}

// campaign creates a city's campaign of a year with posts at its stations
// from the from-th on, in turn, one place each and two at every fifth; a
// city with fewer stations than posts has a second post at some.
func campaign(ctx context.Context, db *store.DB, city string, year int, stations []store.StationRef, from, posts int) (*shuangbai.Campaign, error) {
	on := func(m, d int) shuangbai.Date { return shuangbai.NewDate(year, time.Month(m), d) }
	t := shuangbai.Timeline{ApplyFrom: on(5, 10), ApplyTo: on(5, 24), PrepOn: on(6, 10), ExamOn: on(6, 20),
		InterviewOn: on(7, 10), MedicalOn: on(7, 20), NoticeFrom: on(8, 1), NoticeTo: on(8, 7)}
	c := &shuangbai.Campaign{Year: year, Region: city, Kind: shuangbai.CampaignWorker, Title: fmt.Sprintf("%d年%s“双百工程”社工公开招聘", year, cityName(city)),
		WrittenWeight: shuangbai.DefaultWrittenWeight, InterviewRatio: shuangbai.DefaultInterviewRatio, MedicalRatio: shuangbai.DefaultMedicalRatio, Timeline: t}
	for i := range posts {
		s := stations[(from+i)%len(stations)]
		places := 1
		if i%5 == 4 {
			places = 2
		}
		title := s.Name + "社工"
		if again := i / len(stations); again > 0 { // more posts than stations: a second post at a station
			title += fmt.Sprintf("（%d）", again+1)
		}
		c.Posts = append(c.Posts, shuangbai.Post{Code: fmt.Sprintf("%d-%04d", year, i+1), Region: s.Region, StationID: s.ID,
			Title: title, Places: places})
	}
	for _, title := range shuangbai.ExamTaskTitles {
		c.Tasks = append(c.Tasks, shuangbai.ExamTask{Title: title, Owner: "市民政局", Due: t.ExamOn.AddDays(-1), Done: true, DoneOn: t.ExamOn.AddDays(-3)})
	}
	if err := db.CreateCampaign(ctx, shuangbai.SystemUser, c); err != nil {
		return nil, err
	}
	return c, nil
}

// cityName is the generated name of a city's region.
func cityName(city string) string {
	var i int
	fmt.Sscanf(city[2:], "%d", &i)
	return fmt.Sprintf("第%d市", i)
}

// recruitRejections are the reasons the review gives.
var recruitRejections = []string{"所学专业不符合岗位要求", "年龄超过报名条件", "报名材料不全，逾期未补交", "学历不符合岗位要求"}

// applicant makes the i-th applicant of campaign c, to post p: 92 in 100
// found eligible, 6 rejected with a reason, 2 not reviewed yet. The ID
// number is unique in the campaign: its birth day and sequence number are
// different for every i (37 and 6,000 are coprime).
func applicant(rnd *rand.Rand, c *shuangbai.Campaign, p shuangbai.Post, i int) *shuangbai.Applicant {
	birth := shuangbai.NewDate(c.Year-40, 1, 1).AddDays((i / 1000 * 37) % 6000)
	first := fmt.Sprintf("%s%s%03d", p.Region[:6], birth.Time().Format("20060102"), i%1000)
	a := &shuangbai.Applicant{PostID: p.ID, Name: caseName(rnd, i), IDNumber: first + string(shuangbai.IDCheckDigit(first)),
		Phone:     fmt.Sprintf("13%09d", rnd.IntN(1e9)),
		Education: []shuangbai.Education{shuangbai.EduCollege, shuangbai.EduBachelor, shuangbai.EduBachelor, shuangbai.EduMaster}[rnd.IntN(4)],
		Major:     []string{"社会工作", "社会工作", "社会学", "心理学", "公共事业管理", "汉语言文学"}[rnd.IntN(6)],
		Qualification: []shuangbai.Qualification{shuangbai.QualNone, shuangbai.QualNone, shuangbai.QualAssistant,
			shuangbai.QualAssistant, shuangbai.QualWorker}[rnd.IntN(5)],
		Hukou: "广东省", AppliedOn: c.ApplyFrom.AddDays(rnd.IntN(15)), Review: shuangbai.ReviewEligible}
	switch roll := rnd.IntN(100); {
	case roll < 6:
		a.Review, a.RejectReason = shuangbai.ReviewRejected, recruitRejections[rnd.IntN(len(recruitRejections))]
	case roll < 8:
		a.Review = shuangbai.ReviewPending
	}
	return a
}

// score draws a score around mean, to a half point.
func score(rnd *rand.Rand, mean int) shuangbai.Score {
	return shuangbai.ScoreOf(max(0, min(10000, mean*100+(rnd.IntN(41)-20)*50)))
}

// scores imports the exam office's two sheets: written scores for the
// eligible (5 in 100 miss the exam), then interview scores for those the
// written ranking sends on (3 in 100 miss it).
func scores(ctx context.Context, db *store.DB, rnd *rand.Rand, c *shuangbai.Campaign) error {
	all := shuangbai.Scope{All: true}
	rank, err := db.Ranking(ctx, all, c.ID, 0)
	if err != nil {
		return err
	}
	var rows []store.ScoreRow
	for _, pr := range rank.Posts { // in post order, not the map's, so that the data is the same every time
		for _, s := range pr.Standings {
			if a := rank.Applicants[s.ApplicantID]; a.Review == shuangbai.ReviewEligible && rnd.IntN(100) >= 5 {
				rows = append(rows, store.ScoreRow{Row: len(rows) + 2, Number: a.Number, Written: score(rnd, 68), HasWritten: true})
			}
		}
	}
	if _, err := db.ImportScores(ctx, shuangbai.SystemUser, c.ID, rows, false); err != nil {
		return err
	}
	if rank, err = db.Ranking(ctx, all, c.ID, 0); err != nil {
		return err
	}
	rows = rows[:0]
	for _, pr := range rank.Posts {
		for _, s := range pr.Standings {
			if s.Interview && rnd.IntN(100) >= 3 {
				rows = append(rows, store.ScoreRow{Row: len(rows) + 2, Number: rank.Applicants[s.ApplicantID].Number, Interview: score(rnd, 80), HasInterview: true})
			}
		}
	}
	_, err = db.ImportScores(ctx, shuangbai.SystemUser, c.ID, rows, false)
	return err
}
