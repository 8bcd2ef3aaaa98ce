package store_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// A province's year of recruitment: 2,000 posts over 120 counties and
// 30,000 applications, 15 a post, all eligible, with written scores, the
// first three of each post (the interview ratio 1:3) interviewed and the
// first one passed by the medical check. Built once per test binary.

const (
	benchPosts      = 2000
	benchPerPost    = 15
	benchCounties   = 120
	benchApplicants = benchPosts * benchPerPost
)

type recruitBench struct {
	db     *store.DB
	admin  *shuangbai.User
	c      *shuangbai.Campaign
	sheets [2][]byte // two score sheets, alternately imported
	err    error
}

var (
	benchOnce sync.Once
	bench     recruitBench
)

func benchCampaign(b *testing.B) *recruitBench {
	b.Helper()
	benchOnce.Do(func() { bench.err = bench.load(context.Background()) })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return &bench
}

func (rb *recruitBench) load(ctx context.Context) error {
	db, _, err := storetest.OpenShared() // lives as long as the test binary
	if err != nil {
		return err
	}
	rb.db = db
	regions := []shuangbai.Region{{Code: "44", Name: "广东省"}}
	for i := range benchCounties {
		city := fmt.Sprintf("44%02d", 1+i/6)
		if i%6 == 0 {
			regions = append(regions, shuangbai.Region{Code: city, Name: fmt.Sprintf("第%d市", 1+i/6), Parent: "44"})
		}
		regions = append(regions, shuangbai.Region{Code: fmt.Sprintf("%s%02d", city, 1+i%6), Name: fmt.Sprintf("第%d县", i+1), Parent: city})
	}
	if _, err := db.ImportRegions(ctx, shuangbai.SystemUser, regions, shuangbai.Date{}); err != nil {
		return err
	}
	rb.admin = &shuangbai.User{Username: "province", Name: "省厅", Role: shuangbai.RoleCityAdmin, Region: "44"}
	if err := db.CreateUser(ctx, shuangbai.SystemUser, rb.admin, "x"); err != nil {
		return err
	}
	rb.c = &shuangbai.Campaign{Year: 2021, Region: "44", Kind: shuangbai.CampaignWorker, Title: "2021年广东省“双百工程”社工招聘",
		WrittenWeight: 50, InterviewRatio: 30, MedicalRatio: 10,
		Timeline: shuangbai.Timeline{ExamOn: shuangbai.NewDate(2021, 8, 1), NoticeFrom: shuangbai.NewDate(2021, 9, 1), NoticeTo: shuangbai.NewDate(2021, 9, 7)}}
	for i := range benchPosts {
		county := regions[1+(i%benchCounties)/6*7+1+i%benchCounties%6].Code
		rb.c.Posts = append(rb.c.Posts, shuangbai.Post{Code: fmt.Sprintf("P%04d", i), Region: county, Title: fmt.Sprintf("第%d号社工岗", i+1), Places: 1})
	}
	if err := db.CreateCampaign(ctx, rb.admin, rb.c); err != nil {
		return err
	}
	as := make([]*shuangbai.Applicant, 0, benchApplicants)
	for i := range benchApplicants {
		a := newApplicant(rb.c.Posts[i/benchPerPost], i)
		a.Number = fmt.Sprintf("2021%06d", i+1)
		as = append(as, a)
	}
	if err := db.CreateApplicants(ctx, rb.admin, rb.c.ID, as); err != nil {
		return err
	}
	for k := range rb.sheets {
		if rb.sheets[k], err = benchSheet(as, k); err != nil {
			return err
		}
	}
	if _, err := importSheet(ctx, db, rb.admin, rb.c.ID, rb.sheets[0]); err != nil {
		return err
	}
	if err := db.ExecForTest(ctx, "UPDATE applicants SET medical = 'pass' WHERE interview IS NOT NULL"); err != nil {
		return err
	}
	return db.Analyze(ctx)
}

// benchSheet writes the score sheet of the applications: written scores
// falling within each post, interview scores for the first three; sheet 1
// adds half a point to every written score, so both sheets change them.
func benchSheet(as []*shuangbai.Applicant, k int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", []any{"准考证号", "姓名", "笔试成绩", "面试成绩"}); err != nil {
		return nil, err
	}
	for i, a := range as {
		n := i % benchPerPost
		row := []any{a.Number, a.Name, 90 - float64(n)*2 + float64(k)/2, nil}
		if n < 3 {
			row[3] = 70 + float64(n)*5
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = f.Write(&buf)
	return buf.Bytes(), err
}

// importSheet reads a score sheet and imports it as the import page does.
func importSheet(ctx context.Context, db *store.DB, u *shuangbai.User, campaignID int64, data []byte) (*store.ScoreImport, error) {
	s, err := sheet.ReadScores(bytes.NewReader(data), int64(len(data)), sheet.DefaultLimits)
	if err != nil {
		return nil, err
	}
	if len(s.Problems) > 0 {
		return nil, fmt.Errorf("sheet problems: %v", s.Problems[0])
	}
	rows := make([]store.ScoreRow, len(s.Lines))
	for i, l := range s.Lines {
		rows[i] = store.ScoreRow{Row: l.Row, Number: l.Number, Name: l.Name, IDNumber: l.IDNumber, Written: l.Written, Interview: l.Interview,
			HasWritten: s.HasWritten, HasInterview: s.HasInterview}
	}
	return db.ImportScores(ctx, u, campaignID, rows, false)
}

// BenchmarkRecruitRanking ranks all 2,000 posts of the province's campaign.
func BenchmarkRecruitRanking(b *testing.B) {
	rb := benchCampaign(b)
	for b.Loop() {
		r, err := rb.db.Ranking(b.Context(), rb.admin.Scope(), rb.c.ID, 0)
		if err != nil || len(r.Posts) != benchPosts {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecruitRankingKept reads the same ranking as the ranking API
// does, kept: "kept" while nothing changed, "a score entered" with one
// application's score written before each read (its post alone is ranked
// again), "all changed" with every post's rev moved on (a score sheet
// imported: everything is read and ranked again).
func BenchmarkRecruitRankingKept(b *testing.B) {
	rb := benchCampaign(b)
	for _, tt := range []struct{ name, write string }{
		{"kept", ""},
		{"a score entered", "UPDATE applicants SET written = written WHERE id = (SELECT MIN(id) FROM applicants WHERE campaign_id = %d)"},
		{"all changed", "UPDATE campaign_posts SET rev = rev + 1 WHERE campaign_id = %d"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if tt.write != "" {
					b.StopTimer()
					if err := rb.db.ExecForTest(b.Context(), fmt.Sprintf(tt.write, rb.c.ID)); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				r, err := rb.db.CampaignRanking(b.Context(), rb.admin.Scope(), rb.c.ID, 0)
				if err != nil || len(r.Posts) != benchPosts {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecruitStats computes the campaign's statistics by county and
// post and writes them as the Excel export.
func BenchmarkRecruitStats(b *testing.B) {
	rb := benchCampaign(b)
	for b.Loop() {
		st, err := rb.db.Stats(b.Context(), rb.admin.Scope(), rb.c.ID)
		if err != nil || st.Total.Stages[shuangbai.StageApplied] != benchApplicants || st.Total.Stages[shuangbai.StageNotice] != benchPosts {
			b.Fatal(err, st.Total)
		}
		if err := report.RecruitStatsXLSX(io.Discard, &report.RecruitStats{Campaign: st.Campaign, Unit: "广东省民政厅",
			Total: st.Total, Counties: st.Counties, Posts: st.Posts}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecruitNoticeDOCX and …XLSX build the notice list of 2,000
// people and write it.
func BenchmarkRecruitNoticeDOCX(b *testing.B) { benchNotice(b, report.NoticeDOCX) }

func BenchmarkRecruitNoticeXLSX(b *testing.B) { benchNotice(b, report.NoticeXLSX) }

func benchNotice(b *testing.B, write func(io.Writer, *report.Notice) error) {
	rb := benchCampaign(b)
	for b.Loop() {
		c, list, err := rb.db.NoticeList(b.Context(), rb.admin.Scope(), rb.c.ID)
		if err != nil || len(list) != benchPosts {
			b.Fatal(err, len(list))
		}
		n := &report.Notice{Campaign: c, Unit: "广东省民政厅", Date: shuangbai.NewDate(2021, 9, 1)}
		for _, e := range list {
			n.Rows = append(n.Rows, report.NoticeRow{County: e.Post.Region, Post: e.Post, Applicant: e.Applicant, Composite: e.Standing.Composite, Rank: e.Standing.Rank})
		}
		if err := write(io.Discard, n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecruitImportScores reads a sheet of 30,000 scores and imports
// it: each iteration alternates two sheets, so every one changes every row.
func BenchmarkRecruitImportScores(b *testing.B) {
	rb := benchCampaign(b)
	k := 1
	for b.Loop() {
		res, err := importSheet(b.Context(), rb.db, rb.admin, rb.c.ID, rb.sheets[k])
		if err != nil || res.Changed != benchApplicants {
			b.Fatal(err, res)
		}
		k = 1 - k
	}
}
