package recruit_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangbai"
	"shuangbai/web/recruit"
	"shuangbai/web/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m, recruit.Pages) }

// testNow is the tests' day: after the notice period of the fixture's
// campaign, so it can sign.
var testNow = time.Date(2021, 9, 10, 10, 0, 0, 0, shuangbai.China)

// world is the web fixture with a city campaign: a post at the 河口街道
// station (云城区, 1 place), one at the 双东街道 station (罗定市, 1 place)
// and a county post of 云城区 (2 places); applicants on the first two.
type world struct {
	*webtest.Fixture
	c              *shuangbai.Campaign
	ycPost, ldPost shuangbai.Post
	ycCounty       shuangbai.Post
	yc, ld         []*shuangbai.Applicant // 3 on 河口, 1 on 双东
}

func idNumber(i int) string {
	first := fmt.Sprintf("4453021995%02d%02d%03d", 1+i/28%12, 1+i%28, i)
	return first + string(shuangbai.IDCheckDigit(first))
}

func newWorld(t *testing.T) *world {
	t.Helper()
	f := webtest.New(t)
	f.DB.Now = func() time.Time { return testNow }
	w := &world{Fixture: f}
	w.c = &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignWorker, Title: "2021年云浮市“双百工程”社工公开招聘",
		WrittenWeight: 50, InterviewRatio: 30, MedicalRatio: 10,
		Timeline: shuangbai.Timeline{PrepOn: shuangbai.NewDate(2021, 7, 26), ExamOn: shuangbai.NewDate(2021, 8, 1),
			InterviewOn: shuangbai.NewDate(2021, 8, 21), MedicalOn: shuangbai.NewDate(2021, 8, 28),
			NoticeFrom: shuangbai.NewDate(2021, 9, 1), NoticeTo: shuangbai.NewDate(2021, 9, 7)},
		Posts: []shuangbai.Post{
			{Code: "YC-01", Region: "445302003", StationID: f.YcStation.ID, Title: "河口街道社工站社工", Places: 1},
			{Code: "LD-01", Region: "445381004", StationID: f.LdStation.ID, Title: "双东街道社工站社工", Places: 1},
			{Code: "YC-00", Region: "445302", Title: "云城区社工", Places: 2},
		}}
	ctx, sys := t.Context(), shuangbai.SystemUser
	if err := f.DB.CreateCampaign(ctx, sys, w.c); err != nil {
		t.Fatal(err)
	}
	w.ycPost, w.ldPost, w.ycCounty = w.c.Posts[0], w.c.Posts[1], w.c.Posts[2]
	names := []string{"林小燕", "陈明", "黄丽", "罗芳"}
	var as []*shuangbai.Applicant
	for i, name := range names {
		post := w.ycPost
		if i == 3 {
			post = w.ldPost
		}
		as = append(as, &shuangbai.Applicant{PostID: post.ID, Name: name, IDNumber: idNumber(i + 1), Phone: fmt.Sprintf("1390000000%d", i+1),
			Education: shuangbai.EduBachelor, Major: "社会工作", Qualification: shuangbai.QualAssistant, Review: shuangbai.ReviewEligible})
	}
	if err := f.DB.CreateApplicants(ctx, sys, w.c.ID, as); err != nil {
		t.Fatal(err)
	}
	w.yc, w.ld = as[:3], as[3:]
	return w
}

// base is the address of the fixture's campaign.
func (w *world) base() string { return fmt.Sprintf("/campaigns/%d", w.c.ID) }

// scoreSheet writes a score sheet of rows (cells in the order of header).
func scoreSheet(t *testing.T, header []any, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range append([][]any{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scored gives the 河口 applicants written 90, 85, 80 and interviews 70,
// 90, 85 (composites 80, 87.5, 82.5), and 罗芳 written 88 and interview 86;
// the first of each post's composite ranking passes the medical check.
func (w *world) scored(t *testing.T) {
	t.Helper()
	ctx, sys := t.Context(), shuangbai.SystemUser
	for i, s := range [][2]int{{9000, 7000}, {8500, 9000}, {8000, 8500}} {
		if err := w.DB.SetScores(ctx, sys, w.c.ID, w.yc[i].ID, shuangbai.ScoreOf(s[0]), shuangbai.ScoreOf(s[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.DB.SetScores(ctx, sys, w.c.ID, w.ld[0].ID, shuangbai.ScoreOf(8800), shuangbai.ScoreOf(8600)); err != nil {
		t.Fatal(err)
	}
	for _, a := range []*shuangbai.Applicant{w.yc[1], w.ld[0]} {
		if err := w.DB.SetMedical(ctx, sys, w.c.ID, a.ID, shuangbai.MedicalPass); err != nil {
			t.Fatal(err)
		}
	}
}
