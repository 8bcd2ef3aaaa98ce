package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"shuangbai"
	"shuangbai/store"
)

// The recruitment of 2021, as the seed tells it: the supervisors' campaign
// of 9 posts, interviewed on 23 July; the social workers' campaign of 123
// posts with 1,817 applicants, its exam-preparation meeting on 26 July
// setting six tasks, the written exam on 1 August, interviews after. The
// seed ends there; the demo carries both on — medical check, notice,
// contracts — so every page has something to show. Contracts begin after
// 2021-08-09, so the seed's progress table stays as printed.

// Figures of the seed.
const (
	WorkerPosts      = 123
	WorkerApplicants = 1817
	SupervisorPosts  = 9
)

// The campaigns' timelines.
var (
	workerTimeline = shuangbai.Timeline{
		ApplyFrom: shuangbai.NewDate(2021, 6, 21), ApplyTo: shuangbai.NewDate(2021, 7, 5), PrepOn: shuangbai.NewDate(2021, 7, 26),
		ExamOn: shuangbai.NewDate(2021, 8, 1), InterviewOn: shuangbai.NewDate(2021, 8, 21), MedicalOn: shuangbai.NewDate(2021, 8, 28),
		NoticeFrom: shuangbai.NewDate(2021, 9, 1), NoticeTo: shuangbai.NewDate(2021, 9, 7),
	}
	supervisorTimeline = shuangbai.Timeline{
		ApplyFrom: shuangbai.NewDate(2021, 6, 15), ApplyTo: shuangbai.NewDate(2021, 7, 9), InterviewOn: shuangbai.NewDate(2021, 7, 23),
		MedicalOn: shuangbai.NewDate(2021, 7, 30), NoticeFrom: shuangbai.NewDate(2021, 8, 2), NoticeTo: shuangbai.NewDate(2021, 8, 8),
	}
	// WorkersFrom is the first day of the social workers' contracts.
	WorkersFrom = shuangbai.NewDate(2021, 9, 15)
	// SupervisorsFrom is the first day of the supervisors' contracts.
	SupervisorsFrom = shuangbai.NewDate(2021, 8, 16)
)

// examTasks are the six key points of the preparation meeting, with the
// units the seed names as responsible.
var examTasks = []struct{ title, owner string }{
	{"选好考务人员", "市民政局、市人社局"},
	{"做好试卷保密工作", "市民政局"},
	{"严肃考务纪律", "市民政局、云浮市技师学院"},
	{"落实防疫措施", "市卫健局"},
	{"加强考试巡视监督", "市民政局、市教育局"},
	{"制定应急预案", "市公安局、供电局、市工信局"},
}

// supervisorPlaces are the supervisors' posts by county: 9 in all.
var supervisorPlaces = map[string]int{"445302": 2, "445303": 1, "445381": 2, "445321": 2, "445322": 2}

type recruiter struct {
	db  *store.DB
	rnd *rand.Rand
	ids map[string]bool // ID numbers given, so no two applicants share one
}

// loadRecruitment loads both campaigns and the chief supervisor.
func loadRecruitment(ctx context.Context, db *store.DB) error {
	r := &recruiter{db: db, rnd: rand.New(rand.NewPCG(2021, 801)), ids: map[string]bool{}}
	stations, _, err := db.Stations(ctx, shuangbai.Scope{Code: "4453"}, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return err
	}
	if err := r.supervisors(ctx, stations); err != nil {
		return fmt.Errorf("supervisors' campaign: %w", err)
	}
	if err := r.workers(ctx, stations); err != nil {
		return fmt.Errorf("social workers' campaign: %w", err)
	}
	return r.chief(ctx)
}

// workers runs the social workers' campaign: a post at every station, then
// a second at the stations taken in turn until there are 123.
func (r *recruiter) workers(ctx context.Context, stations []shuangbai.Station) error {
	c := &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignWorker,
		Title: "2021年云浮市“双百工程”社工公开招聘", WrittenWeight: 50, InterviewRatio: 30, MedicalRatio: 10, Timeline: workerTimeline}
	for i := range WorkerPosts {
		s := stations[i%len(stations)]
		title := s.Name + "社工"
		if i >= len(stations) {
			title += "（二）"
		}
		c.Posts = append(c.Posts, shuangbai.Post{Code: fmt.Sprintf("2021-%03d", i+1), Region: s.Region, StationID: s.ID, Title: title, Places: 1})
	}
	for _, t := range examTasks {
		c.Tasks = append(c.Tasks, shuangbai.ExamTask{Title: t.title, Owner: t.owner, Due: shuangbai.NewDate(2021, 7, 31), Done: true,
			DoneOn: shuangbai.NewDate(2021, 7, 28+r.rnd.IntN(3))})
	}
	if err := r.db.CreateCampaign(ctx, shuangbai.SystemUser, c); err != nil {
		return err
	}
	// 1,817 applicants: 14 or 15 a post.
	var as []*shuangbai.Applicant
	for i := range WorkerApplicants {
		as = append(as, r.applicant(c.Posts[i%len(c.Posts)], workerTimeline.ApplyFrom))
	}
	if err := r.db.CreateApplicants(ctx, shuangbai.SystemUser, c.ID, as); err != nil {
		return err
	}
	return r.run(ctx, c, shuangbai.NewDate(2021, 9, 13), WorkersFrom)
}

// supervisors runs the supervisors' campaign: interviews only.
func (r *recruiter) supervisors(ctx context.Context, stations []shuangbai.Station) error {
	c := &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignSupervisor,
		Title: "2021年云浮市“双百工程”社工督导人员公开招聘", WrittenWeight: 0, MedicalRatio: 10, Timeline: supervisorTimeline}
	for _, county := range counties {
		for k := range supervisorPlaces[county.code] {
			c.Posts = append(c.Posts, shuangbai.Post{Code: fmt.Sprintf("DD-%s-%d", county.code, k+1), Region: county.code,
				Title: county.name + "社工督导", Places: 1})
		}
	}
	if err := r.db.CreateCampaign(ctx, shuangbai.SystemUser, c); err != nil {
		return err
	}
	var as []*shuangbai.Applicant
	for i := range 4 * SupervisorPosts {
		a := r.applicant(c.Posts[i%len(c.Posts)], supervisorTimeline.ApplyFrom)
		a.Education, a.Major = shuangbai.EduMaster, "社会工作"
		a.Qualification = []shuangbai.Qualification{shuangbai.QualWorker, shuangbai.QualSenior}[r.rnd.IntN(2)]
		as = append(as, a)
	}
	if err := r.db.CreateApplicants(ctx, shuangbai.SystemUser, c.ID, as); err != nil {
		return err
	}
	if err := r.run(ctx, c, shuangbai.NewDate(2021, 8, 12), SupervisorsFrom); err != nil {
		return err
	}
	// Each supervisor covers the stations of their county, shared out.
	sups, _, err := r.db.Supervisors(ctx, shuangbai.Scope{Code: "4453"}, SupervisorsFrom)
	if err != nil {
		return err
	}
	byCounty := map[string][]int64{}
	for _, s := range sups {
		byCounty[s.Person.Region] = append(byCounty[s.Person.Region], s.Person.ID)
	}
	seen := map[string]int{}
	for _, st := range stations {
		county := st.Region[:6]
		people := byCounty[county]
		if len(people) == 0 {
			continue
		}
		who := people[seen[county]%len(people)]
		seen[county]++
		if err := r.db.CoverStation(ctx, shuangbai.SystemUser, &shuangbai.Coverage{PersonID: who, StationID: st.ID, From: SupervisorsFrom}); err != nil {
			return err
		}
	}
	return nil
}

// chief files the programme's chief supervisor, 张和清, over the province.
func (r *recruiter) chief(ctx context.Context) error {
	p := &shuangbai.Person{Region: "44", Name: "张和清", Gender: "男", Role: shuangbai.StaffSupervisor}
	if err := r.db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		return err
	}
	return r.db.AppointChief(ctx, shuangbai.SystemUser, &shuangbai.ChiefSupervisor{PersonID: p.ID, Region: "44",
		Title: "“双百工程”项目总督导", From: shuangbai.NewDate(2021, 1, 1)})
}

// rejections are the reasons the review gives.
var rejections = []string{"所学专业不符合岗位要求", "年龄超过报名条件", "报名材料不全，逾期未补交", "学历不符合岗位要求"}

// applicant makes an applicant for post p: 94 in 100 found eligible.
func (r *recruiter) applicant(p shuangbai.Post, applyFrom shuangbai.Date) *shuangbai.Applicant {
	rnd := r.rnd
	home := p.Region[:6]
	if rnd.IntN(8) == 0 {
		home = counties[rnd.IntN(len(counties))].code
	}
	var id string
	for id == "" || r.ids[id] {
		birth := shuangbai.NewDate(1986+rnd.IntN(14), 1, 1).AddDays(rnd.IntN(365))
		first := home + birth.Time().Format("20060102") + fmt.Sprintf("%03d", rnd.IntN(1000))
		id = first + string(shuangbai.IDCheckDigit(first))
	}
	r.ids[id] = true
	a := &shuangbai.Applicant{PostID: p.ID, Name: name(rnd), IDNumber: id, Phone: fmt.Sprintf("13%09d", rnd.IntN(1e9)),
		Education: []shuangbai.Education{shuangbai.EduCollege, shuangbai.EduBachelor, shuangbai.EduBachelor, shuangbai.EduMaster}[rnd.IntN(4)],
		Major:     []string{"社会工作", "社会工作", "社会学", "心理学", "公共事业管理", "汉语言文学"}[rnd.IntN(6)],
		Qualification: []shuangbai.Qualification{shuangbai.QualNone, shuangbai.QualNone, shuangbai.QualAssistant,
			shuangbai.QualAssistant, shuangbai.QualWorker}[rnd.IntN(5)],
		Hukou: "广东省", AppliedOn: applyFrom.AddDays(rnd.IntN(14)), Review: shuangbai.ReviewEligible}
	if rnd.IntN(100) < 6 {
		a.Review, a.RejectReason = shuangbai.ReviewRejected, rejections[rnd.IntN(len(rejections))]
	}
	return a
}

// score draws a score around mean, to a half point.
func (r *recruiter) score(mean int) shuangbai.Score {
	s := mean*100 + (r.rnd.IntN(41)-20)*50
	return shuangbai.ScoreOf(max(0, min(10000, s)))
}

// run takes a campaign through its stages: the exam office's sheets of
// written and interview scores, the medical check (a few fail and the
// next moves up), and the contracts of everyone on the notice list.
func (r *recruiter) run(ctx context.Context, c *shuangbai.Campaign, signedOn, from shuangbai.Date) error {
	sys, all := shuangbai.SystemUser, shuangbai.Scope{All: true}
	rank, err := r.db.Ranking(ctx, all, c.ID, 0)
	if err != nil {
		return err
	}
	if c.HasWritten() {
		var rows []store.ScoreRow
		for _, pr := range rank.Posts { // in order, not the map's, so the demo is the same every time
			for _, s := range pr.Standings {
				a := rank.Applicants[s.ApplicantID]
				if a.Review == shuangbai.ReviewEligible && r.rnd.IntN(100) >= 5 { // 5 in 100 miss the exam
					rows = append(rows, store.ScoreRow{Row: len(rows) + 2, Number: a.Number, Written: r.score(68), HasWritten: true})
				}
			}
		}
		if _, err := r.db.ImportScores(ctx, sys, c.ID, rows, false); err != nil {
			return err
		}
		if rank, err = r.db.Ranking(ctx, all, c.ID, 0); err != nil {
			return err
		}
	}
	var rows []store.ScoreRow
	for _, pr := range rank.Posts {
		for _, s := range pr.Standings {
			if s.Interview && r.rnd.IntN(100) >= 3 {
				rows = append(rows, store.ScoreRow{Row: len(rows) + 2, Number: rank.Applicants[s.ApplicantID].Number, Interview: r.score(80), HasInterview: true})
			}
		}
	}
	if _, err := r.db.ImportScores(ctx, sys, c.ID, rows, false); err != nil {
		return err
	}
	for _, p := range c.Posts {
		if err := r.medical(ctx, c, p.ID); err != nil {
			return err
		}
	}
	_, notice, err := r.db.NoticeList(ctx, all, c.ID)
	if err != nil {
		return err
	}
	var signings []store.Signing
	for _, e := range notice {
		signings = append(signings, store.Signing{ApplicantID: e.Applicant.ID, SignedOn: signedOn, From: from, To: from.AddDays(3*365 - 1)})
	}
	_, err = r.db.Sign(ctx, sys, c.ID, signings)
	return err
}

// medical records the check of a post's shortlist: one in 25 fails, and
// the next in the ranking is examined instead.
func (r *recruiter) medical(ctx context.Context, c *shuangbai.Campaign, postID int64) error {
	for range 5 {
		rank, err := r.db.Ranking(ctx, shuangbai.Scope{All: true}, c.ID, postID)
		if err != nil {
			return err
		}
		var next int64
		for _, s := range rank.Posts[0].Standings {
			if s.Medical && rank.Applicants[s.ApplicantID].Medical == shuangbai.MedicalPending {
				next = s.ApplicantID
				break
			}
		}
		if next == 0 {
			return nil
		}
		m := shuangbai.MedicalPass
		if r.rnd.IntN(25) == 0 {
			m = shuangbai.MedicalFail
		}
		if err := r.db.SetMedical(ctx, shuangbai.SystemUser, c.ID, next, m); err != nil {
			return err
		}
		if m == shuangbai.MedicalPass {
			return nil
		}
	}
	return nil
}
