package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
)

func score(p float64) shuangbai.Score { return shuangbai.ScoreOf(int(p*100 + 0.5)) }

// scored files four eligible applicants to the 河口 post with written
// scores 90, 85, 80, 70 (the interview ratio 1:3 sends the first three)
// and a rejected fifth.
func (w *recruitWorld) scored(t *testing.T) []*shuangbai.Applicant {
	t.Helper()
	as := w.apply(t, w.city, w.ycPost, 1, 5)
	as[4].Review, as[4].RejectReason = shuangbai.ReviewRejected, "学历不符"
	if err := w.db.ReviewApplicant(t.Context(), w.city, w.c.ID, as[4].ID, shuangbai.ReviewRejected, "学历不符"); err != nil {
		t.Fatal(err)
	}
	var rows []store.ScoreRow
	for i, p := range []float64{90, 85, 80, 70} {
		rows = append(rows, store.ScoreRow{Row: i + 2, Number: as[i].Number, Name: as[i].Name, Written: score(p), HasWritten: true})
	}
	if _, err := w.db.ImportScores(t.Context(), w.city, w.c.ID, rows, false); err != nil {
		t.Fatal(err)
	}
	return as
}

func TestImportScoresAllOrNothing(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	as := w.scored(t)
	ld := w.apply(t, w.city, w.ldPost, 50, 1)[0]
	row := func(n int, a *shuangbai.Applicant, interview float64) store.ScoreRow {
		return store.ScoreRow{Row: n, Number: a.Number, Name: a.Name, Interview: score(interview), HasInterview: true}
	}
	for _, tt := range []struct {
		name string
		u    *shuangbai.User
		rows []store.ScoreRow
		want map[string]string
	}{
		{"unknown candidate", w.city, []store.ScoreRow{row(2, as[0], 70), {Row: 3, Number: "2021999999", Interview: score(80), HasInterview: true}},
			map[string]string{"第3行 准考证号": "不在本次招聘的报名名单中"}},
		{"another county's candidate is unknown", w.yc, []store.ScoreRow{row(2, as[0], 70), row(3, ld, 80)},
			map[string]string{"第3行 准考证号": "不在本次招聘的报名名单中"}},
		{"not sent to the interview", w.city, []store.ScoreRow{row(2, as[0], 70), row(3, as[3], 99)},
			map[string]string{"第3行 面试成绩": "未入围面试"}},
		{"rejected at review", w.city, []store.ScoreRow{row(2, as[0], 70), row(5, as[4], 60)},
			map[string]string{"第5行": "未通过资格审核"}},
		{"a name that does not match", w.city, []store.ScoreRow{row(2, as[0], 70), {Row: 4, Number: as[1].Number, Name: "别人", Interview: score(60), HasInterview: true}},
			map[string]string{"第4行 姓名": "与准考证号"}},
		{"an ID number that does not match", w.city, []store.ScoreRow{row(2, as[0], 70), {Row: 4, Number: as[1].Number, IDNumber: as[2].IDNumber, Interview: score(60), HasInterview: true}},
			map[string]string{"第4行 身份证号": "不符"}},
		{"a number twice", w.city, []store.ScoreRow{row(2, as[0], 70), row(3, as[0], 80)},
			map[string]string{"第3行 准考证号": "与第2行重复"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.db.ImportScores(ctx, tt.u, w.c.ID, tt.rows, false)
			var e *shuangbai.Error
			if !errors.As(err, &e) || e.Code != shuangbai.EINVALID {
				t.Fatalf("err = %v", err)
			}
			for k, want := range tt.want {
				if !strings.Contains(e.Fields[k], want) {
					t.Errorf("fields %v lack %s: %s", e.Fields, k, want)
				}
			}
			got, _ := w.db.Applicant(ctx, shuangbai.Scope{All: true}, w.c.ID, as[0].ID)
			if got.Interview.Valid() {
				t.Error("a refused sheet was half applied")
			}
		})
	}
	// A dry run changes nothing; the real import does.
	rows := []store.ScoreRow{row(2, as[0], 70), row(3, as[1], 90), row(4, as[2], 85)}
	res, err := w.db.ImportScores(ctx, w.city, w.c.ID, rows, true)
	if err != nil || res.Changed != 3 {
		t.Fatalf("dry run %+v %v", res, err)
	}
	if got, _ := w.db.Applicant(ctx, shuangbai.Scope{All: true}, w.c.ID, as[0].ID); got.Interview.Valid() {
		t.Fatal("a dry run wrote")
	}
	if res, err = w.db.ImportScores(ctx, w.city, w.c.ID, rows, false); err != nil || res.Changed != 3 {
		t.Fatalf("import %+v %v", res, err)
	}
	if res, err = w.db.ImportScores(ctx, w.city, w.c.ID, rows, false); err != nil || res.Changed != 0 || res.Unchanged != 3 {
		t.Fatalf("the same sheet again %+v %v", res, err)
	}
	audit, err := w.db.AuditLog(ctx, shuangbai.Scope{All: true}, store.AuditFilter{Entity: "campaign"})
	if err != nil || len(audit) == 0 || audit[0].Action != "import" || !strings.Contains(audit[0].After, `"after":[85,90]`) {
		t.Errorf("audit of the import: %+v %v", audit, err)
	}
}

func TestRankingMedicalAndSigning(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	as := w.scored(t)
	var rows []store.ScoreRow
	for i, p := range []float64{70, 90, 85} { // composites 80, 87.5, 82.5
		rows = append(rows, store.ScoreRow{Row: i + 2, Number: as[i].Number, Interview: score(p), HasInterview: true})
	}
	if _, err := w.db.ImportScores(ctx, w.city, w.c.ID, rows, false); err != nil {
		t.Fatal(err)
	}
	r, err := w.db.Ranking(ctx, shuangbai.Scope{Code: "445302"}, w.c.ID, w.ycPost.ID)
	if err != nil || len(r.Posts) != 1 {
		t.Fatal(r, err)
	}
	var order []int64
	for _, s := range r.Posts[0].Standings[:3] {
		order = append(order, s.ApplicantID)
	}
	if order[0] != as[1].ID || order[1] != as[2].ID || order[2] != as[0].ID || !r.Standing(as[1].ID).Medical || r.Standing(as[2].ID).Medical {
		t.Fatalf("ranking %v; standings %+v", order, r.Posts[0].Standings)
	}
	// The medical check: only those sent; a failure moves the next up.
	if err := w.db.SetMedical(ctx, w.city, w.c.ID, as[2].ID, shuangbai.MedicalPass); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("medical result of one not sent: %v", err)
	}
	for _, step := range []struct {
		a *shuangbai.Applicant
		m shuangbai.Medical
	}{{as[1], shuangbai.MedicalFail}, {as[2], shuangbai.MedicalPass}} {
		if err := w.db.SetMedical(ctx, w.city, w.c.ID, step.a.ID, step.m); err != nil {
			t.Fatal(err)
		}
	}
	_, notice, err := w.db.NoticeList(ctx, shuangbai.Scope{Code: "4453"}, w.c.ID)
	if err != nil || len(notice) != 1 || notice[0].Applicant.ID != as[2].ID || notice[0].Standing.Rank != 2 {
		t.Fatalf("notice %+v %v", notice, err)
	}
	st, err := w.db.Stats(ctx, shuangbai.Scope{Code: "4453"}, w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (shuangbai.Stages{5, 4, 4, 3, 3, 2, 1, 1, 0}); st.Total.Stages != want || st.Total.Places != 4 || len(st.Counties) != 2 {
		t.Fatalf("stats %+v, want %v", st.Total, want)
	}
	if st.Counties[0].Name != "云城区" || st.Counties[0].Stages[shuangbai.StageApplied] != 5 || st.Counties[0].Places != 3 {
		t.Errorf("county %+v", st.Counties[0])
	}

	// Signing waits for the end of the notice period.
	sign := []store.Signing{{ApplicantID: as[2].ID, From: shuangbai.NewDate(2021, 9, 15), To: shuangbai.NewDate(2024, 9, 14)}}
	if _, err := w.db.Sign(ctx, w.city, w.c.ID, sign); !strings.Contains(shuangbai.ErrorMessage(err), "公示期") {
		t.Fatalf("signing during the notice: %v", err)
	}
	w.db.Now = func() time.Time { return time.Date(2021, 9, 10, 10, 0, 0, 0, time.UTC) }
	two := append(sign, store.Signing{ApplicantID: as[0].ID, From: shuangbai.NewDate(2021, 9, 15)})
	_, err = w.db.Sign(ctx, w.city, w.c.ID, two)
	if !strings.Contains(shuangbai.ErrorMessage(err), "第2条：岗位“河口街道社工站社工”招聘 1 人") {
		t.Fatalf("signing more than the places: %v", err)
	}
	if _, err := w.db.Sign(ctx, w.city, w.c.ID, []store.Signing{{ApplicantID: as[0].ID, From: shuangbai.NewDate(2021, 9, 15)}}); !strings.Contains(shuangbai.ErrorMessage(err), "不在公示名单中") {
		t.Fatalf("signing one not on the notice: %v", err)
	}
	if _, err := w.db.Sign(ctx, w.ld, w.c.ID, sign); !strings.Contains(shuangbai.ErrorMessage(err), "不在您的管辖范围内") {
		t.Fatalf("another county signs: %v", err)
	}
	signed, err := w.db.Sign(ctx, w.city, w.c.ID, sign)
	if err != nil || len(signed) != 1 || signed[0].AssignmentID == 0 {
		t.Fatalf("sign %+v %v", signed, err)
	}
	// The new member of staff counts at the station from the contract's first day.
	for _, tt := range []struct {
		on   shuangbai.Date
		want int
	}{{shuangbai.NewDate(2021, 9, 14), 0}, {shuangbai.NewDate(2021, 9, 15), 1}} {
		staff, err := w.db.Staffed(ctx, shuangbai.Scope{Code: "445302"}, w.ycStation.ID, 0, tt.on)
		if err != nil || len(staff) != tt.want {
			t.Errorf("staffed on %v: %v %v", tt.on, staff, err)
		}
	}
	rec, err := w.db.StaffRecord(ctx, shuangbai.Scope{Code: "445302003"}, signed[0].PersonID)
	if err != nil || rec.Person.Name != as[2].Name || rec.Person.Phone != as[2].Phone || rec.Qualification() != shuangbai.QualAssistant ||
		len(rec.Contracts) != 1 || rec.Contracts[0].To != shuangbai.NewDate(2024, 9, 14) || len(rec.Assignments) != 1 {
		t.Fatalf("record %+v %v", rec, err)
	}
	if _, err := w.db.Sign(ctx, w.city, w.c.ID, sign); !strings.Contains(shuangbai.ErrorMessage(err), "已于") {
		t.Errorf("signing twice: %v", err)
	}
	if err := w.db.SetScores(ctx, w.city, w.c.ID, as[2].ID, score(99), score(99)); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("a signed applicant's scores changed: %v", err)
	}
	// Leaving is dated: the contract ends, so do the assignments.
	if err := w.db.EndContract(ctx, w.yc, signed[0].PersonID, signed[0].ContractID, shuangbai.NewDate(2022, 3, 31), ""); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("ending without a reason: %v", err)
	}
	if err := w.db.EndContract(ctx, w.yc, signed[0].PersonID, signed[0].ContractID, shuangbai.NewDate(2022, 3, 31), "辞职"); err != nil {
		t.Fatal(err)
	}
	staff, _ := w.db.Staffed(ctx, shuangbai.Scope{Code: "445302"}, w.ycStation.ID, 0, shuangbai.NewDate(2022, 4, 1))
	rec, _ = w.db.StaffRecord(ctx, shuangbai.Scope{Code: "445302"}, signed[0].PersonID)
	if len(staff) != 0 || rec.CurrentContract(shuangbai.NewDate(2022, 4, 1)) != nil || rec.Contracts[0].EndReason != "辞职" {
		t.Errorf("after leaving: staff %v, contracts %+v", staff, rec.Contracts)
	}
}
