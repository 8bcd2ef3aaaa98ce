package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// recruitWorld is a city campaign (云浮市, 2021) with a station post in
// 云城区 (河口街道, 1 place), one in 罗定市 (双东街道, 1 place) and a
// county post of 云城区 (2 places), on the small Yunfu tree.
type recruitWorld struct {
	db                 *store.DB
	city, yc, ld, view *shuangbai.User
	ycStation          *shuangbai.Station
	ldStation          *shuangbai.Station
	c                  *shuangbai.Campaign
	ycPost, ldPost     shuangbai.Post
	ycCounty           shuangbai.Post
}

var recruitDay = time.Date(2021, 7, 20, 10, 0, 0, 0, time.UTC)

func recruitFixture(t *testing.T) *recruitWorld {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return recruitDay }
	w := &recruitWorld{db: db,
		city: storetest.User(t, db, "city", shuangbai.RoleCityAdmin, "4453", "x"),
		yc:   storetest.User(t, db, "yc.admin", shuangbai.RoleCountyAdmin, "445302", "x"),
		ld:   storetest.User(t, db, "ld.admin", shuangbai.RoleCountyAdmin, "445381", "x"),
		view: storetest.User(t, db, "view", shuangbai.RoleViewer, "4453", "x"),
	}
	built := shuangbai.NewDate(2020, 1, 1)
	w.ycStation = storetest.Station(t, db, "445302003", "河口街道社工站", built)
	w.ldStation = storetest.Station(t, db, "445381004", "双东街道社工站", built)
	w.c = &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignWorker, Title: "2021年云浮市社工招聘",
		WrittenWeight: 50, InterviewRatio: 30, MedicalRatio: 10,
		Timeline: shuangbai.Timeline{PrepOn: shuangbai.NewDate(2021, 7, 26), ExamOn: shuangbai.NewDate(2021, 8, 1),
			InterviewOn: shuangbai.NewDate(2021, 8, 21), MedicalOn: shuangbai.NewDate(2021, 8, 28),
			NoticeFrom: shuangbai.NewDate(2021, 9, 1), NoticeTo: shuangbai.NewDate(2021, 9, 7)},
		Posts: []shuangbai.Post{
			{Code: "YC-01", Region: "445302003", StationID: w.ycStation.ID, Title: "河口街道社工站社工", Places: 1},
			{Code: "LD-01", Region: "445381004", StationID: w.ldStation.ID, Title: "双东街道社工站社工", Places: 1},
			{Code: "YC-00", Region: "445302", Title: "云城区社工", Places: 2},
		}}
	if err := db.CreateCampaign(t.Context(), w.city, w.c); err != nil {
		t.Fatal(err)
	}
	w.ycPost, w.ldPost, w.ycCounty = w.c.Posts[0], w.c.Posts[1], w.c.Posts[2]
	return w
}

// applicantIDNumber makes a valid ID number for applicant i, born in 1995.
func applicantIDNumber(i int) string {
	first := fmt.Sprintf("44530219950%d%02d%03d", 1+i/28000%9, 1+i/1000%28, i%1000)
	return first + string(shuangbai.IDCheckDigit(first))
}

func newApplicant(post shuangbai.Post, i int) *shuangbai.Applicant {
	return &shuangbai.Applicant{PostID: post.ID, Name: fmt.Sprintf("应聘%03d", i), IDNumber: applicantIDNumber(i), Phone: fmt.Sprintf("139%08d", i),
		Education: shuangbai.EduBachelor, Major: "社会工作", Qualification: shuangbai.QualAssistant, Review: shuangbai.ReviewEligible}
}

// apply files n applicants to post, numbered from first.
func (w *recruitWorld) apply(t *testing.T, u *shuangbai.User, post shuangbai.Post, first, n int) []*shuangbai.Applicant {
	t.Helper()
	var as []*shuangbai.Applicant
	for i := first; i < first+n; i++ {
		as = append(as, newApplicant(post, i))
	}
	if err := w.db.CreateApplicants(t.Context(), u, w.c.ID, as); err != nil {
		t.Fatal(err)
	}
	return as
}

func TestCreateCampaign(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	c, err := w.db.Campaign(ctx, shuangbai.Scope{Code: "4453"}, w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Tasks) != 6 || c.Tasks[1].Title != "做好试卷保密工作" || c.Tasks[0].Due != shuangbai.NewDate(2021, 7, 31) || len(c.Posts) != 3 || c.Places() != 4 {
		t.Fatalf("campaign %+v", c)
	}
	// A county sees the city's campaign with its own posts only.
	for _, tt := range []struct {
		scope string
		posts []string
	}{{"445302", []string{"YC-00", "YC-01"}}, {"445381", []string{"LD-01"}}, {"445302003", []string{"YC-01"}}} {
		c, err := w.db.Campaign(ctx, shuangbai.Scope{Code: tt.scope}, w.c.ID)
		if err != nil {
			t.Fatalf("%s: %v", tt.scope, err)
		}
		var codes []string
		for _, p := range c.Posts {
			codes = append(codes, p.Code)
		}
		if strings.Join(codes, ",") != strings.Join(tt.posts, ",") {
			t.Errorf("%s sees posts %v, want %v", tt.scope, codes, tt.posts)
		}
	}
	// A county cannot change the city's campaign, nor create one for the city.
	c.Title = "改名"
	if err := w.db.UpdateCampaign(ctx, w.yc, c); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("county updates the city's campaign: %v", err)
	}
	bad := &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignWorker, Title: "x", WrittenWeight: 50, MedicalRatio: 10}
	if err := w.db.CreateCampaign(ctx, w.yc, bad); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("county creates a city campaign: %v", err)
	}
	if err := w.db.CreateCampaign(ctx, w.view, &shuangbai.Campaign{}); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("viewer creates a campaign: %v", err)
	}
	// A post's code is unique in the campaign; a station must be in the post's town.
	dup := shuangbai.Post{CampaignID: w.c.ID, Code: "YC-01", Region: "445302102", Title: "腰古镇", Places: 1}
	if err := w.db.SavePost(ctx, w.city, &dup); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("duplicate post code: %v", err)
	}
	wrong := shuangbai.Post{CampaignID: w.c.ID, Code: "YG-01", Region: "445302102", StationID: w.ycStation.ID, Title: "腰古镇", Places: 1}
	if err := w.db.SavePost(ctx, w.city, &wrong); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("station of another town: %v", err)
	}
	// Ticking a task done needs its day.
	task := c.Tasks[0]
	task.Done = true
	if err := w.db.SaveTask(ctx, w.city, &task); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("done without a day: %v", err)
	}
	task.DoneOn = shuangbai.NewDate(2021, 7, 28)
	if err := w.db.SaveTask(ctx, w.city, &task); err != nil {
		t.Fatal(err)
	}
}

func TestApplicantsSealedAndOncePerCampaign(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	as := w.apply(t, w.city, w.ycPost, 1, 2)
	raw, err := w.db.RawForTest(ctx, "SELECT id_number_enc || '|' || phone_enc || '|' || id_number_hash FROM applicants WHERE id = ?", as[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, as[0].IDNumber) || strings.Contains(raw, as[0].Phone) || !strings.HasPrefix(raw, "v1a:") {
		t.Fatalf("stored in clear: %q", raw)
	}
	got, err := w.db.Applicant(ctx, shuangbai.Scope{Code: "445302"}, w.c.ID, as[0].ID)
	if err != nil || got.IDNumber != as[0].IDNumber || got.Phone != as[0].Phone || got.Number != "2021000001" || got.Birth != shuangbai.NewDate(1995, 1, 1) {
		t.Fatalf("Applicant = %+v, %v", got, err)
	}
	n, err := w.db.PersonalRecords(ctx)
	if err != nil || n != 2 {
		t.Errorf("PersonalRecords = %d, %v; applicants are sealed records too", n, err)
	}

	wrongCheck := newApplicant(w.ycPost, 9)
	wrongCheck.IDNumber = wrongCheck.IDNumber[:17] + map[bool]string{true: "0", false: "1"}[wrongCheck.IDNumber[17] != '0']
	again := newApplicant(w.ldPost, 1) // the same person as as[0], for another post
	twice := newApplicant(w.ldPost, 7)
	twice2 := newApplicant(w.ycPost, 7)
	outside := newApplicant(w.ldPost, 8) // a 罗定市 post for the 云城区 admin
	fine := newApplicant(w.ycPost, 6)
	for _, tt := range []struct {
		name  string
		u     *shuangbai.User
		batch []*shuangbai.Applicant
		rows  map[string]string // field key → part of the message
	}{
		{"wrong check digit", w.city, []*shuangbai.Applicant{fine, wrongCheck}, map[string]string{"第2条 身份证号": "校验位"}},
		{"second application, on file", w.city, []*shuangbai.Applicant{fine, again}, map[string]string{"第2条 身份证号": "每人只能报名一次"}},
		{"second application, in the batch", w.city, []*shuangbai.Applicant{twice, fine, twice2}, map[string]string{"第3条 身份证号": "与第1条"}},
		{"post outside scope", w.yc, []*shuangbai.Applicant{fine, outside}, map[string]string{"第2条 报考岗位": "不在您的管辖范围内"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := w.db.CreateApplicants(ctx, tt.u, w.c.ID, tt.batch)
			var e *shuangbai.Error
			if !errors.As(err, &e) || e.Code != shuangbai.EINVALID {
				t.Fatalf("err = %v", err)
			}
			for k, want := range tt.rows {
				if !strings.Contains(e.Fields[k], want) {
					t.Errorf("fields %v lack %s: %s", e.Fields, k, want)
				}
			}
			_, total, _ := w.db.Applicants(ctx, shuangbai.Scope{All: true}, w.c.ID, store.ApplicantFilter{})
			if total != 2 {
				t.Errorf("%d applications on file after a refused batch, want 2", total)
			}
		})
	}
	// One application at a time answers with the field's own message.
	one := newApplicant(w.ycPost, 1)
	one.CampaignID = w.c.ID
	if err := w.db.CreateApplicant(ctx, w.city, one); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("second application of one person: %v", err)
	}
	// Scores come later.
	scored := newApplicant(w.ycPost, 5)
	scored.Written, scored.CampaignID = shuangbai.ScoreOf(9000), w.c.ID
	if err := w.db.CreateApplicant(ctx, w.city, scored); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("an application with its scores: %v", err)
	}
}

func TestReviewApplicant(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	a := w.apply(t, w.city, w.ycPost, 1, 1)[0]
	if err := w.db.ReviewApplicant(ctx, w.yc, w.c.ID, a.ID, shuangbai.ReviewRejected, " "); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("rejection without a reason: %v", err)
	}
	if err := w.db.ReviewApplicant(ctx, w.yc, w.c.ID, a.ID, shuangbai.ReviewRejected, "专业不符"); err != nil {
		t.Fatal(err)
	}
	got, _ := w.db.Applicant(ctx, shuangbai.Scope{All: true}, w.c.ID, a.ID)
	if got.Review != shuangbai.ReviewRejected || got.RejectReason != "专业不符" {
		t.Errorf("review %s %q", got.Review, got.RejectReason)
	}
	if err := w.db.SetScores(ctx, w.yc, w.c.ID, a.ID, shuangbai.ScoreOf(8000), shuangbai.Score{}); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("a score for a rejected applicant: %v", err)
	}
	if err := w.db.ReviewApplicant(ctx, w.ld, w.c.ID, a.ID, shuangbai.ReviewEligible, ""); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county reviews: %v", err)
	}
}
