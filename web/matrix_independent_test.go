package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web/webtest"
)

// independentUsers read every page before and after 罗定市 has a town more
// of everything: 云城区's admin, 河口's lead and worker, and 云城区's
// account manager.
var independentUsers = []string{webtest.YcAdmin, webtest.YcLead, webtest.YcWorker, webtest.YcSys}

// stamp is what differs between two downloads of the same data: the time a
// file was made.
var stamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`)

var (
	sharedString = regexp.MustCompile(`(?s)<si>(.*?)</si>`)
	markup       = regexp.MustCompile(`<[^>]*>`)
	cellStyle    = regexp.MustCompile(` s="\d+"|(?s)<cols>.*?</cols>`)
	sharedCell   = regexp.MustCompile(`<c ([^>]*) t="s"><v>(\d+)</v></c>`)
)

// sheetText is what a download says: for a workbook its sheets' cells with
// the shared strings in place and no styles or column widths, whose
// numbering and order follow the order the writer met them in; else text.
func sheetText(body []byte) string {
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if !bytes.HasPrefix(body, []byte("PK")) || err != nil {
		return text(body)
	}
	read := func(f *zip.File) string {
		r, err := f.Open()
		if err != nil {
			return ""
		}
		defer r.Close()
		b, _ := io.ReadAll(r)
		return string(b)
	}
	var shared []string
	for _, f := range z.File {
		if f.Name == "xl/sharedStrings.xml" {
			for _, m := range sharedString.FindAllStringSubmatch(read(f), -1) {
				shared = append(shared, markup.ReplaceAllString(m[1], ""))
			}
		}
	}
	var b strings.Builder
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && !strings.HasPrefix(f.Name, "word/") {
			continue
		}
		s := cellStyle.ReplaceAllString(read(f), "")
		b.WriteString(sharedCell.ReplaceAllStringFunc(s, func(c string) string {
			m := sharedCell.FindStringSubmatch(c)
			if i, err := strconv.Atoi(m[2]); err == nil && i < len(shared) {
				return "<c " + m[1] + ">" + shared[i] + "</c>"
			}
			return c
		}))
	}
	return b.String()
}

// snapshot reads every GET the matrix makes, with ids of every place, as
// each of independentUsers at once, and returns the answers by user and path.
func (f *matrixFixture) snapshot(t *testing.T, patterns []string) map[string]map[string]string {
	out := map[string]map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, user := range independentUsers {
		got := map[string]string{}
		out[user] = got
		wg.Go(func() {
			for _, p := range patterns {
				e := matrixRoutes[p]
				if e.self {
					continue
				}
				for _, c := range f.calls(t, p, e) {
					if c.method != http.MethodGet {
						continue
					}
					cs := []call{c}
					if e.home { // today, and a day before 云城区's first site; and 河口's village, which the summaries keep no counts for
						for _, q := range []string{homeOf(user), homeOf(user) + "&date=2020-06-01", f.ids["place"][pHK]["village"]} {
							h := c
							h.path += "?region=" + q
							cs = append(cs, h)
						}
					}
					for _, c := range cs {
						res := f.do(t, user, c)
						s := strconv.Itoa(res.Code) + " " + stamp.ReplaceAllString(sheetText(res.Body.Bytes()), "")
						mu.Lock()
						got[c.path] = s
						mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
	return out
}

// independent checks that no answer to an account of 云城区 changes when
// only 罗定市 changes: what leaks as a count or a sum, not a name, shows
// there. Answers that change between two reads with nothing changed in
// between (a log of the reads themselves) are left out, and counted.
func (f *matrixFixture) independent(t *testing.T, patterns []string) {
	first := f.snapshot(t, patterns)
	before := f.snapshot(t, patterns)
	f.moreOutside(t)
	after := f.snapshot(t, patterns)
	var volatile []string
	n := 0
	for _, user := range independentUsers {
		for path, was := range before[user] {
			if first[user][path] != was {
				volatile = append(volatile, user+" "+path)
				continue
			}
			n++
			if now := after[user][path]; now != was {
				t.Errorf("%s GET %s changed when only 罗定市 did:\nbefore %.300s\nafter  %.300s", user, path, diffAt(was, now), diffAt(now, was))
			}
		}
	}
	slices.Sort(volatile)
	t.Logf("%d answers compared; left out as changing by themselves: %v", n, volatile)
}

// diffAt is a from a little before where it first differs from b.
func diffAt(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-100):]
}

// moreOutside gives 罗定市 a town more (附城街道) with a record of every
// kind the matrix's towns have, and more of its county's own, as the
// system would.
func (f *matrixFixture) moreOutside(t *testing.T) {
	t.Helper()
	ctx, sys, db := t.Context(), shuangbai.SystemUser, f.DB
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	town, village, county := "445381003", "445381003001", "445381"
	storetest.Regions(t, db, town, "附城街道", village, "附城村民委员会", "445381005", "华石镇")
	st := storetest.Station(t, db, town, "附城街道社工站", webtest.Day)
	pt := storetest.Point(t, db, st, village, "附城村社工点", webtest.Day)
	// A station with nobody in post (a vacancy), drawn on the map, and
	// built before any of 云城区's (the first month of a chart).
	must(db.CreateStation(ctx, sys, &shuangbai.Station{Region: "445381005", Site: shuangbai.Site{Name: "华石镇社工站", Status: shuangbai.SiteBuilt,
		BuiltOn: shuangbai.NewDate(2019, 6, 1), Office: true, OfficeAddress: "华石镇", Equipment: shuangbai.EquipAll, Lat: 22.93, Lng: 111.55}}))
	worker := f.Person(town, "附城社工员", "13600136000", st.ID)
	must(db.Assign(ctx, sys, &shuangbai.Assignment{PersonID: worker.ID, PointID: pt.ID, From: webtest.Day}))
	sup := &shuangbai.Person{Region: town, Name: "附城督导员", Gender: "女", Role: shuangbai.StaffSupervisor}
	must(db.CreatePerson(ctx, sys, sup))
	must(db.CoverStation(ctx, sys, &shuangbai.Coverage{PersonID: sup.ID, StationID: st.ID, From: shuangbai.NewDate(2021, 1, 1)}))
	b := &shuangbai.Beneficiary{Region: village, Name: "附城阿伯", IDNumber: webtest.IDNum("44538119400101003"), Phone: "13600136001",
		Groups: []shuangbai.Group{shuangbai.GroupElderlyAlone, shuangbai.GroupDibao}, FoundOn: shuangbai.NewDate(2021, 2, 1), WorkerID: worker.ID, Level: 1, Lat: 22.94, Lng: 111.56}
	must(db.FileBeneficiary(ctx, sys, b, &shuangbai.Household{HeadName: "附城阿伯"}))
	must(db.RecordVisit(ctx, sys, &shuangbai.Visit{BeneficiaryID: b.ID, On: shuangbai.NewDate(2021, 8, 2), NextDue: shuangbai.NewDate(2021, 8, 4),
		Kind: shuangbai.VisitHome, Findings: "附城阿伯情况稳定"}))
	must(db.SaveApplication(ctx, sys, &shuangbai.Application{BeneficiaryID: b.ID, Kind: shuangbai.AppDibao, Status: shuangbai.AppPreparing,
		PreparedOn: shuangbai.NewDate(2021, 8, 3)}))
	_, err := db.ChangeLevel(ctx, sys, b.ID, 3, "情况好转")
	must(err)
	must(db.AddAttachment(ctx, sys, &shuangbai.Attachment{BeneficiaryID: b.ID, Name: "附城证件.png"}, f.photo, f.photo))
	tpl, _ := strconv.ParseInt(f.ids["template"][pCity]["id"], 10, 64)
	plan := &shuangbai.Plan{StationID: st.ID, Year: 2021, Summary: "附城站年度计划摘要",
		Goals: []shuangbai.PlanGoal{{Problem: "附城困境儿童", Goal: "建立关爱网络", Strategy: "结对"}}}
	tp, err := db.PlanTemplate(ctx, webtest.AdminScope, tpl)
	must(err)
	plan.FromTemplate(tp)
	must(db.SavePlan(ctx, sys, plan))
	act := &shuangbai.Activity{StationID: st.ID, Region: town, HeldOn: shuangbai.NewDate(2021, 8, 3), Kind: shuangbai.ActivityAntiDrug,
		Title: "附城禁毒宣传活动", Targets: "居民", Reached: 120, Materials: "宣传册", HandedOut: 80, Partners: "派出所"}
	must(db.CreateActivity(ctx, sys, act))
	must(db.AddActivityPhoto(ctx, sys, &shuangbai.ActivityPhoto{ActivityID: act.ID, Name: "附城现场.png"}, f.photo, f.photo))
	must(db.AddParticipant(ctx, sys, &shuangbai.Participant{ActivityID: act.ID, Name: "附城参与者", BeneficiaryID: b.ID}))
	must(db.CreateSupervisionVisit(ctx, sys, &shuangbai.SupervisionVisit{StationID: st.ID, SupervisorID: sup.ID, VisitedOn: shuangbai.NewDate(2021, 8, 4),
		Forms: []shuangbai.SupervisionForm{shuangbai.FormField}, Topics: "附城督导议题", Advice: "建立台账",
		Items: []shuangbai.ActionItem{{Title: "附城整改事项", Owner: "站长", Due: shuangbai.NewDate(2021, 8, 6)}}}))
	news := &shuangbai.NewsItem{Region: town, Title: "附城社工站入户探访", Date: shuangbai.NewDate(2021, 8, 4), Body: "附城新闻正文"}
	must(db.CreateNews(ctx, sys, news))
	must(db.SubmitNews(ctx, sys, news.ID))
	must(db.CreateTraining(ctx, sys, &shuangbai.Training{Region: county, HeldOn: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.TrainingPreService,
		Title: "罗定岗前培训", Hours: 16, Attendees: []int64{worker.ID}}))
	camp, _ := strconv.ParseInt(f.ids["campaign"][pLD]["id"], 10, 64)
	c, err := db.Campaign(ctx, webtest.AdminScope, camp)
	must(err)
	must(db.CreateApplicants(ctx, sys, camp, []*shuangbai.Applicant{{PostID: c.Posts[0].ID, Name: "附城应聘者", IDNumber: webtest.IDNum("44538119960101004"),
		Phone: "13900001004", Education: shuangbai.EduBachelor, Review: shuangbai.ReviewEligible}}))
	// A campaign of 罗定市's own, with a post at 附城: a campaign and places more.
	must(db.CreateCampaign(ctx, sys, &shuangbai.Campaign{Year: 2021, Region: county, Kind: shuangbai.CampaignWorker, Title: "附城社工招聘", MedicalRatio: 10,
		Posts: []shuangbai.Post{{Code: "fc-01", Region: town, StationID: st.ID, Title: "附城社工岗", Places: 3}}}))
	two := 2
	must(db.SetRequirement(ctx, sys, shuangbai.Requirement{County: county, Stations: &two, Reason: "罗定调整"}))
	fs, err := shuangbai.ParseBoundaries([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"445381004"},"geometry":{"type":"Polygon","coordinates":[[[111.511111,22.91],[111.511111,22.96],[111.3,22.96],[111.511111,22.91]]]}},`+
		`{"type":"Feature","properties":{"code":"`+town+`"},"geometry":{"type":"Polygon","coordinates":[[[111.611111,22.91],[111.611111,22.96],[111.3,22.96],[111.611111,22.91]]]}}]}`),
		shuangbai.CRSWGS84, shuangbai.LevelTown)
	must(err)
	_, _, err = db.ReplaceBoundaries(ctx, &shuangbai.User{Username: "bureau", Role: shuangbai.RoleCountyAdmin, Region: county},
		store.BoundaryImport{Level: shuangbai.LevelTown, CRS: shuangbai.CRSWGS84, Source: "罗定市乡镇边界（新）.geojson", Features: fs})
	must(err)
	// 罗定市's own rule for a benefit, from next month: its history.
	must(db.SaveEligibilityRule(ctx, &shuangbai.User{Username: "bureau", Role: shuangbai.RoleCountyAdmin, Region: county}, &shuangbai.EligibilityRule{
		Benefit: shuangbai.AppOldAge, Name: "高龄津贴（罗定）", Source: "罗定市民政局关于高龄津贴的通知", Condition: shuangbai.Condition{MinAge: 75},
		ValidFrom: shuangbai.NewDate(2021, 9, 1)}))
	// Someone of 云城区 types 附城阿伯's number: an alert for 罗定市.
	probe, _, err := db.UserByName(ctx, "yc.probe")
	must(err)
	if err := db.FileBeneficiary(ctx, probe, &shuangbai.Beneficiary{Region: "445302003208", Name: "重复建档", IDNumber: b.IDNumber,
		Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 8, 1), Level: 2}, nil); err == nil {
		t.Fatal("yc.probe filed 附城阿伯's number")
	}
	must(db.CreateUser(ctx, sys, &shuangbai.User{Username: "fc.sw", Name: "附城社工账号", Role: shuangbai.RoleWorker, Region: town, PersonID: worker.ID}, webtest.Hash()))
	f.secret(pSD, "附城阿伯", "附城社工员", "附城督导员", "附城禁毒宣传活动", "附城社工站入户探访", "附城应聘者", "附城社工账号", "111.611111", "罗定岗前培训", "附城社工招聘", "附城社工岗", "华石镇社工站", "高龄津贴（罗定）")
}
