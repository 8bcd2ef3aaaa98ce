package web_test

import (
	"bytes"
	"image"
	"image/png"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web/webtest"
)

// The places of the matrix: three towns, each with its station, and the
// two counties above them. 河口 and 腰古 are both in 云城区, so a 河口
// station lead has an "other station" in her own county; 双东 is in 罗定市.
const (
	pHK   = "hk"   // 河口街道 (云城区): the station of yc.lead and yc.sw
	pYG   = "yg"   // 腰古镇 (云城区): another station of the same county
	pSD   = "sd"   // 双东街道 (罗定市): another county
	pYC   = "yc"   // 云城区, for what a county bureau owns
	pLD   = "ld"   // 罗定市
	pCity = "city" // 云浮市, for what the city sets for all (plan templates)
	pProv = "prov" // 广东省, above every account: read, never written
	// The city's campaign, in which each county works on its own posts:
	// read by all, written by the city, and by each county for its own
	// part (matrixRoute.ownPart).
	pShared = "shared"
	// Another city (广州市), outside every account: what it sets for
	// itself (an indicator set, a plan template) no account may see.
	pOther = "other"
)

// villageNames are the names of the towns' points' villages, as a roster
// gives them.
var villageNames = map[string]string{pHK: "双上村民委员会", pYG: "腰古村民委员会", pSD: "双东社区居委会"}

// placeRegion is each place's region code.
var placeRegion = map[string]string{pHK: "445302003", pYG: "445302102", pSD: "445381004", pYC: "445302", pLD: "445381", pCity: "4453", pProv: "44", pShared: "4453", pOther: "4401"}

// matrixFixture is webtest.NewCase with one record of every kind the
// routes name at each place, the strings that identify each place's
// records, and every table's checksum at hand.
type matrixFixture struct {
	*webtest.Case
	sums  *checksummer
	photo []byte // a PNG, for the uploads
	// ids[kind][place] fills a route's path parameters, by name.
	ids map[string]map[string]map[string]string
	// secrets[place]: the names, numbers and titles of its records that no
	// page or API answer may hold for a user the place is outside of.
	secrets map[string][]string
	fresh   int          // the last ID number or key {new.…} handed out
	keys    atomic.Int64 // the last Idempotency-Key sent
}

func (m *matrixFixture) set(kind, place string, params ...string) {
	if m.ids[kind] == nil {
		m.ids[kind] = map[string]map[string]string{}
	}
	p := map[string]string{}
	for i := 0; i+1 < len(params); i += 2 {
		p[params[i]] = params[i+1]
	}
	m.ids[kind][place] = p
}

func (m *matrixFixture) secret(place string, s ...string) {
	for _, x := range s {
		if x != "" {
			m.secrets[place] = append(m.secrets[place], x)
		}
	}
}

var id = webtest.ID

func newMatrixFixture(t *testing.T) *matrixFixture {
	t.Helper()
	f := &matrixFixture{Case: webtest.NewCase(t), ids: map[string]map[string]map[string]string{}, secrets: map[string][]string{}}
	ctx, sys := t.Context(), shuangbai.SystemUser
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	fixDB := f.DB
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	photo := buf.Bytes()
	f.photo = photo

	// Towns without a station and villages without a point, two in each
	// place's county or town: the creates of stations and points name them.
	storetest.Regions(t, fixDB, "445302001", "云城街道", "445302002", "高峰街道", "445302103", "思劳镇", "445302104", "前锋镇",
		"445381001", "罗城街道", "445381002", "素龙街道",
		"445302003201", "河口社区居委会", "445302003202", "六都村民委员会", "445302102202", "大岗村民委员会", "445302102203", "留洞村民委员会",
		"445381004002", "长岗坡社区居委会", "445381004003", "竹围村民委员会")
	free := map[string][]string{pHK: {"445302001", "445302002", "445302003201", "445302003202"},
		pYG: {"445302103", "445302104", "445302102202", "445302102203"}, pSD: {"445381001", "445381002", "445381004002", "445381004003"}}

	// 腰古镇: a station, point, worker and file of its own.
	ygStation := &shuangbai.Station{Region: "445302102", Site: shuangbai.Site{Name: "腰古镇社工站", Status: shuangbai.SiteBuilt, BuiltOn: webtest.Day,
		Office: true, OfficeAddress: "腰古镇办公室", Equipment: shuangbai.EquipAll}}
	must(fixDB.CreateStation(ctx, sys, ygStation))
	ygPoint := &shuangbai.Point{Region: "445302102201", StationID: ygStation.ID, Site: shuangbai.Site{Name: "腰古村社工点", Status: shuangbai.SiteBuilt,
		BuiltOn: webtest.Day, Office: true, OfficeAddress: "腰古村", Equipment: shuangbai.EquipAll}}
	must(fixDB.CreatePoint(ctx, sys, ygPoint))
	ygPerson := f.Person("445302102", "腰古社工员", "13700137000", ygStation.ID)
	ygFile := &shuangbai.Beneficiary{Region: "445302102201", Name: "腰古伯伯", IDNumber: webtest.IDNum("44530219450607103"), Phone: "13700137001",
		Groups: []shuangbai.Group{shuangbai.GroupElderlyAlone}, FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: ygPerson.ID, Level: 2}
	must(fixDB.FileBeneficiary(ctx, sys, ygFile, &shuangbai.Household{HeadName: "腰古伯伯"}))

	type town struct {
		place   string
		station *shuangbai.Station
		point   *shuangbai.Point
		person  *shuangbai.Person
		file    *shuangbai.Beneficiary
		app     *shuangbai.Application
		change  *shuangbai.LevelChange
		word    string // what its records are called by
	}
	towns := []*town{
		{place: pHK, station: f.YcStation, point: f.YcPoint, person: f.YcPerson, file: f.Chen, word: "河口"},
		{place: pYG, station: ygStation, point: ygPoint, person: ygPerson, file: ygFile, word: "腰古"},
		{place: pSD, station: f.LdStation, point: f.LdPoint, person: f.LdPerson, file: f.Li, app: f.LdApp, change: f.LdChange, word: "双东"},
	}
	tpl := &shuangbai.PlanTemplate{Region: "4453", Name: "53111", Lines: []shuangbai.TemplateLine{{Measure: shuangbai.MeasureCases, Label: "个案", Least: 2}}}
	must(fixDB.SavePlanTemplate(ctx, sys, tpl))
	f.set("template", pCity, "id", id(tpl.ID))
	// The province's template, which the city's admin uses and must not change.
	provTpl := &shuangbai.PlanTemplate{Region: "44", Name: "粤社工站计划", Lines: []shuangbai.TemplateLine{{Measure: shuangbai.MeasureVisits, Label: "探访", Least: 1}}}
	must(fixDB.SavePlanTemplate(ctx, sys, provTpl))
	f.set("template", pProv, "id", id(provTpl.ID))
	// And the province's briefing series, which the city reads and must not edit.
	provSeries := &shuangbai.BriefingSeries{Region: "44", Name: "广东社工站工作简报", Masthead: "广东简报", Office: "广东省民政厅"}
	must(fixDB.CreateSeries(ctx, sys, provSeries))
	f.set("series", pProv, "id", id(provSeries.ID))
	set := &shuangbai.IndicatorSet{Region: "4453", Name: "社工站监测评估指标（2021）", Indicators: []shuangbai.Indicator{
		{Name: "服务成效", Category: "服务成效", Weight: 100, Max: shuangbai.ScoreOf(4000)}}}
	must(fixDB.CreateIndicatorSet(ctx, sys, set))
	otherSet := &shuangbai.IndicatorSet{Region: "4401", Name: "广州社工站评估指标", Indicators: []shuangbai.Indicator{
		{Name: "广州服务成效", Category: "服务成效", Weight: 100, Max: shuangbai.ScoreOf(4000)}}}
	must(fixDB.CreateIndicatorSet(ctx, sys, otherSet))
	otherTpl := &shuangbai.PlanTemplate{Region: "4401", Name: "广州社工站计划", Lines: []shuangbai.TemplateLine{{Measure: shuangbai.MeasureCases, Label: "广州个案", Least: 3}}}
	must(fixDB.SavePlanTemplate(ctx, sys, otherTpl))
	f.secret(pOther, otherSet.Name, otherTpl.Name)

	for _, w := range towns {
		st := w.station
		if w.app == nil {
			w.app = &shuangbai.Application{BeneficiaryID: w.file.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
			must(fixDB.SaveApplication(ctx, sys, w.app))
		}
		if w.change == nil {
			var err error
			w.change, err = fixDB.ChangeLevel(ctx, sys, w.file.ID, 4, "情况好转")
			must(err)
		}
		att := &shuangbai.Attachment{BeneficiaryID: w.file.ID, Name: w.word + "证件.png"}
		must(fixDB.AddAttachment(ctx, sys, att, photo, photo))
		plan := &shuangbai.Plan{StationID: st.ID, Year: 2021, Summary: w.word + "站年度计划摘要",
			Goals:  []shuangbai.PlanGoal{{Problem: w.word + "独居老人缺少照顾", Goal: "建立邻里互助网络", Strategy: "结对"}},
			Assets: []shuangbai.PlanAsset{{Kind: shuangbai.AssetPlaces, Name: "村文化室"}}}
		plan.FromTemplate(tpl)
		must(fixDB.SavePlan(ctx, sys, plan))
		act := &shuangbai.Activity{StationID: st.ID, Region: st.Region, HeldOn: shuangbai.NewDate(2021, 7, 29), Kind: shuangbai.ActivityAntiDrug,
			Title: w.word + "禁毒宣传活动", Targets: "中小学生家庭", Reached: 300, Materials: "禁毒宣传资料", HandedOut: 300, Partners: "民政局"}
		must(fixDB.CreateActivity(ctx, sys, act))
		aph := &shuangbai.ActivityPhoto{ActivityID: act.ID, Name: w.word + "现场.png"}
		must(fixDB.AddActivityPhoto(ctx, sys, aph, photo, photo))
		part := &shuangbai.Participant{ActivityID: act.ID, Name: w.word + "参与者"}
		must(fixDB.AddParticipant(ctx, sys, part))
		part2 := &shuangbai.Participant{ActivityID: act.ID, Name: w.word + "参与者乙"}
		must(fixDB.AddParticipant(ctx, sys, part2))
		sup := &shuangbai.Person{Region: st.Region, Name: w.word + "督导员", Gender: "女", Role: shuangbai.StaffSupervisor}
		must(fixDB.CreatePerson(ctx, sys, sup))
		sup2 := &shuangbai.Person{Region: st.Region, Name: w.word + "督导员乙", Gender: "男", Role: shuangbai.StaffSupervisor} // covers nothing yet
		must(fixDB.CreatePerson(ctx, sys, sup2))
		cover := &shuangbai.Coverage{PersonID: sup.ID, StationID: st.ID, From: shuangbai.NewDate(2021, 1, 1)}
		must(fixDB.CoverStation(ctx, sys, cover))
		sv := &shuangbai.SupervisionVisit{StationID: st.ID, SupervisorID: sup.ID, VisitedOn: shuangbai.NewDate(2021, 8, 1),
			Forms: []shuangbai.SupervisionForm{shuangbai.FormField}, Topics: w.word + "督导议题", Advice: "制定计划",
			Items: []shuangbai.ActionItem{{Title: w.word + "整改事项", Owner: "站长", Due: shuangbai.NewDate(2021, 8, 31)}}}
		must(fixDB.CreateSupervisionVisit(ctx, sys, sv))
		news := &shuangbai.NewsItem{Region: st.Region, Title: w.word + "社工站入户探访", Date: shuangbai.NewDate(2021, 8, 2), Body: w.word + "新闻正文"}
		must(fixDB.CreateNews(ctx, sys, news))
		nph := &shuangbai.NewsPhoto{NewsID: news.ID, Name: w.word + "新闻.png"}
		must(fixDB.AddNewsPhoto(ctx, sys, nph, photo, photo))

		p := w.place
		f.set("station", p, "id", id(st.ID))
		f.set("point", p, "id", id(w.point.ID))
		f.set("person", p, "id", id(w.person.ID))
		f.set("region", p, "code", st.Region)
		f.set("file", p, "id", id(w.file.ID), "app", id(w.app.ID), "change", id(w.change.ID))
		f.set("household", p, "id", id(w.file.HouseholdID))
		f.set("application", p, "id", id(w.app.ID))
		f.set("attachment", p, "id", id(att.ID))
		f.set("plan", p, "id", id(plan.ID))
		f.set("activity", p, "id", id(act.ID), "pid", id(part.ID))
		f.set("activity2", p, "id", id(act.ID), "pid", id(part2.ID))
		f.set("activity-photo", p, "id", id(aph.ID))
		f.set("supervision", p, "id", id(sv.ID))
		f.set("action-item", p, "id", id(sv.Items[0].ID))
		f.set("news", p, "id", id(news.ID), "pid", id(nph.ID))
		f.set("supervisor", p, "id", id(sup.ID), "cid", id(cover.ID))
		f.set("supervisor2", p, "id", id(sup2.ID))
		f.set("record", p, "id", id(sup.ID), "cid", "999999")
		// Staff assignments: the person's first.
		as, err := fixDB.Assignments(ctx, webtest.AdminScope, w.person.ID)
		must(err)
		f.set("assignment", p, "id", id(w.person.ID), "aid", id(as[0].ID))
		fr := free[p]
		f.set("place", p, "region", st.Region, "station", id(st.ID), "supervisor", id(sup.ID), "village", w.point.Region,
			"point", id(w.point.ID), "person", id(w.person.ID), "file", id(w.file.ID), "household", id(w.file.HouseholdID),
			"activity", id(act.ID), "news", id(news.ID), "plan", id(plan.ID), "county", st.Region[:6],
			"freetown", fr[0], "freetown2", fr[1], "freevillage", fr[2], "freevillage2", fr[3], "set", id(set.ID), "file2", id(w.file.ID),
			"idnumber", w.file.IDNumber, "villagename", villageNames[p])
		f.secret(p, w.file.Name, w.file.IDNumber, shuangbai.MaskIDNumber(w.file.IDNumber), w.file.Phone, w.person.Name,
			plan.Summary, act.Title, part.Name, part2.Name, sup2.Name, sv.Topics, sv.Items[0].Title, news.Title, sup.Name, att.Name)
	}
	f.ids["place"][pHK]["file2"] = id(f.Huang.ID) // another file of 河口, for a second create naming one
	// 陈志明's household mates are 河口's too.
	// 河口's point (双上村社工点) and its worker's phone (13800138000) are
	// the forms' own examples (a placeholder, the import template), shown
	// to all: only 双东's and 腰古's are secrets.
	f.secret(pSD, f.LdPoint.Name, f.LdPerson.Phone)
	f.secret(pYG, ygPoint.Name, ygPerson.Phone)
	f.secret(pHK, f.Huang.Name, f.Huang.IDNumber, f.Zhang.Name, f.Lin.Name)

	// The county bureaus' own: recruitment with a post at the county's
	// first station, a chief supervisor, a briefing series and a draft, an
	// evaluation round of the county's stations, facts.
	for _, c := range []struct {
		place, county, word string
		station             *shuangbai.Station
		idFirst             string
	}{{pYC, "445302", "云城", f.YcStation, "44530219950101001"}, {pLD, "445381", "罗定", f.LdStation, "44538119950101002"}} {
		camp := &shuangbai.Campaign{Year: 2021, Region: c.county, Kind: shuangbai.CampaignWorker, Title: c.word + "社工招聘", MedicalRatio: 10,
			Posts: []shuangbai.Post{{Code: c.place + "-01", Region: c.station.Region, StationID: c.station.ID, Title: "社工", Places: 1}}}
		must(fixDB.CreateCampaign(ctx, sys, camp))
		ap := &shuangbai.Applicant{PostID: camp.Posts[0].ID, Name: c.word + "应聘者", IDNumber: webtest.IDNum(c.idFirst), Phone: "1390000" + c.idFirst[13:17],
			Education: shuangbai.EduBachelor, Review: shuangbai.ReviewEligible}
		must(fixDB.CreateApplicants(ctx, sys, camp.ID, []*shuangbai.Applicant{ap}))
		chiefP := &shuangbai.Person{Region: c.county, Name: c.word + "总督导", Gender: "男", Role: shuangbai.StaffSupervisor}
		must(fixDB.CreatePerson(ctx, sys, chiefP))
		chief := &shuangbai.ChiefSupervisor{PersonID: chiefP.ID, Region: c.county, Title: "总督导", From: shuangbai.NewDate(2021, 1, 1)}
		must(fixDB.AppointChief(ctx, sys, chief))
		series := &shuangbai.BriefingSeries{Region: c.county, Name: c.word + "工作简报", Masthead: c.word + "简报", Office: c.word + "民政局"}
		must(fixDB.CreateSeries(ctx, sys, series))
		br := &shuangbai.Briefing{SeriesID: series.ID, Date: shuangbai.NewDate(2021, 8, 9), Editor: c.word + "编辑"}
		must(fixDB.CreateBriefing(ctx, sys, br))
		// An item of the county in the search index (published news would
		// be; the fixture publishes none), found by searchTerm.
		must(fixDB.IndexItem(ctx, shuangbai.SearchItem{Kind: "news", ID: series.ID, Region: c.county,
			Title: searchTerm + "：" + c.word + "独有标记", Body: searchTerm, Published: fixDB.Now()}))
		f.secret(c.place, c.word+"独有标记")
		round := &shuangbai.EvaluationRound{Region: c.county, SetID: set.ID, Title: c.word + "监测评估", Evaluators: c.word + "评估组",
			HeldOn: shuangbai.NewDate(2021, 7, 7), Methods: "实地走访", Stations: []shuangbai.RoundStation{{StationID: c.station.ID}}}
		must(fixDB.CreateEvaluationRound(ctx, sys, round))

		p := c.place
		f.set("campaign", p, "id", id(camp.ID), "aid", id(ap.ID), "token", "x")
		f.set("chief", p, "id", id(chief.ID))
		f.set("series", p, "id", id(series.ID))
		f.set("briefing", p, "id", id(br.ID), "s", "0", "e", "0")
		f.set("round", p, "id", id(round.ID), "sid", id(c.station.ID))
		f.set("county", p, "county", c.county, "region", c.county)
		for _, town := range []string{pHK, pYG, pSD} {
			if countyOf[town] == p {
				at := f.ids["place"][town]
				at["series"], at["campaign"], at["applicant"], at["round"] = id(series.ID), id(camp.ID), id(ap.ID), id(round.ID)
			}
		}
		f.secret(p, camp.Title, ap.Name, ap.IDNumber, shuangbai.MaskIDNumber(ap.IDNumber), chiefP.Name, series.Name, br.Editor, round.Title)
	}
	// A city campaign with a post at 河口 and one at 双东, an applicant
	// each: each county sees the campaign and its own post's applicant.
	cityCamp := &shuangbai.Campaign{Year: 2021, Region: "4453", Kind: shuangbai.CampaignWorker, Title: "全市社工招聘", MedicalRatio: 10,
		Posts: []shuangbai.Post{{Code: "hk-01", Region: "445302003", StationID: f.YcStation.ID, Title: "河口社工岗", Places: 1},
			{Code: "sd-01", Region: "445381004", StationID: f.LdStation.ID, Title: "双东社工岗", Places: 1}}}
	must(fixDB.CreateCampaign(ctx, sys, cityCamp))
	f.set("campaign-all", pShared, "id", id(cityCamp.ID), "token", "x")
	for i, c := range []struct{ place, word, idFirst string }{{pHK, "河口", "44530219950101005"}, {pSD, "双东", "44538119950101006"}} {
		ap := &shuangbai.Applicant{PostID: cityCamp.Posts[i].ID, Name: c.word + "应聘者", IDNumber: webtest.IDNum(c.idFirst), Phone: "1390000" + c.idFirst[13:17],
			Education: shuangbai.EduBachelor, Review: shuangbai.ReviewEligible}
		must(fixDB.CreateApplicants(ctx, sys, cityCamp.ID, []*shuangbai.Applicant{ap}))
		f.set("campaign-city", c.place, "id", id(cityCamp.ID), "aid", id(ap.ID), "token", "x")
		f.secret(c.place, ap.Name, ap.IDNumber, shuangbai.MaskIDNumber(ap.IDNumber), cityCamp.Posts[i].Title)
	}

	// A city round of all three stations: the county sees its own station
	// of it; the station in the path is inside or outside.
	cityRound := &shuangbai.EvaluationRound{Region: "4453", SetID: set.ID, Title: "全市监测评估", Evaluators: "省民政厅", HeldOn: shuangbai.NewDate(2021, 7, 7),
		Methods: "实地走访", Stations: []shuangbai.RoundStation{{StationID: f.YcStation.ID}, {StationID: ygStation.ID}, {StationID: f.LdStation.ID}}}
	must(fixDB.CreateEvaluationRound(ctx, sys, cityRound))
	for p, st := range map[string]int64{pHK: f.YcStation.ID, pYG: ygStation.ID, pSD: f.LdStation.ID} {
		f.set("round-station", p, "id", id(cityRound.ID), "sid", id(st))
	}
	// 河口's station of it again, as the city's: a county's account reads
	// it, but only the city writes its scores and items.
	f.set("round-station", pCity, "id", id(cityRound.ID), "sid", id(f.YcStation.ID))
	f.set("county-city", pCity, "county", "4453", "region", "4453") // the city's own facts

	now := fixDB.Now
	// Boundaries of the three towns, as each county's bureau uploaded
	// them: each drawn at its own longitude, which is its secret.
	for _, c := range []struct {
		county, source string
		towns          map[string]string // place: its longitude
	}{{"445381", "罗定市乡镇边界.geojson", map[string]string{pSD: "111.511111"}}, {"445302", "云城区乡镇边界.geojson", map[string]string{pHK: "112.011111", pYG: "112.211111"}}} {
		var feats []string
		for p, lng := range c.towns {
			feats = append(feats, `{"type":"Feature","properties":{"code":"`+placeRegion[p]+`"},"geometry":{"type":"Polygon","coordinates":[[[`+
				lng+`,22.91],[`+lng+`,22.96],[`+lng[:3]+`.3,22.96],[`+lng+`,22.91]]]}}`)
			f.secret(p, lng)
		}
		fs, err := shuangbai.ParseBoundaries([]byte(`{"type":"FeatureCollection","features":[`+strings.Join(feats, ",")+`]}`), shuangbai.CRSWGS84, shuangbai.LevelTown)
		must(err)
		bureau := &shuangbai.User{Username: "bureau", Role: shuangbai.RoleCountyAdmin, Region: c.county}
		_, _, err = fixDB.ReplaceBoundaries(ctx, bureau, store.BoundaryImport{Level: shuangbai.LevelTown, CRS: shuangbai.CRSWGS84, Source: c.source, Features: fs})
		must(err)
		f.secret(countyOf[slices.Collect(maps.Keys(c.towns))[0]], c.source)
		// 云城区's upload is the later, so that 罗定市's page would name
		// its file if it counted 云城区's boundaries.
		fixDB.Now = func() time.Time { return now().Add(time.Hour) }
	}
	fixDB.Now = now

	// Accounts: one worker more in each county, for the account routes.
	ldWorker := &shuangbai.User{Username: "ld.sw", Name: "罗定社工账号", Role: shuangbai.RoleWorker, Region: "445381004", PersonID: f.LdPerson.ID}
	must(fixDB.CreateUser(ctx, sys, ldWorker, webtest.Hash()))
	f.set("user", pHK, "username", webtest.YcWorker)
	f.set("user", pSD, "username", ldWorker.Username)
	f.secret(pSD, ldWorker.Name)

	// Sessions: of a 河口 and a 双东 account, and of one of another city,
	// outside even the city's security administrator.
	storetest.Regions(t, fixDB, "4401", "广州市")
	gz := &shuangbai.User{Username: "gz.admin", Name: "广州管理员账号", Role: shuangbai.RoleCityAdmin, Region: "4401"}
	must(fixDB.CreateUser(ctx, sys, gz, webtest.Hash()))
	// Its name is the secret, not its username: a refusal may repeat the
	// username the path names (账号 gz.admin 不存在或不在您的管辖范围内).
	f.secret(pOther, gz.Name)
	for p, name := range map[string]string{pHK: webtest.YcWorker, pSD: ldWorker.Username, pOther: gz.Username} {
		f.API(t, name)
		u, _, err := fixDB.UserByName(ctx, name)
		must(err)
		ss, err := fixDB.Sessions(ctx, webtest.AdminScope, u.ID, "")
		must(err)
		if len(ss) == 0 {
			t.Fatalf("no session of %s", name)
		}
		f.set("session", p, "id", ss[0].ID)
	}
	// The other city's account is a record of the account routes too, and
	// locked out: the city's security administrator neither lists its lock
	// nor unlocks it, nor resets its second factor (the store's check is the
	// only one those routes make).
	f.set("user", pOther, "username", gz.Username)
	// The lock's address is a secret: /security lists it beside the username.
	f.secret(pOther, "203.0.113.9")
	_, _, locked, err := fixDB.TakeLogin(ctx, store.AccountKey(gz.Username, "203.0.113.9"),
		store.Throttle{Max: 0, Window: time.Hour, Lock: 1000 * time.Hour, MaxLock: 1000 * time.Hour})
	must(err)
	if !locked {
		t.Fatalf("%s is not locked", gz.Username)
	}
	// Alerts: someone of each county typed an ID number filed in the other.
	for _, x := range []struct {
		user    string
		other   *shuangbai.Beneficiary
		place   string
		village string
	}{{"yc.probe", f.Li, pLD, "445302003208"}, {"ld.probe", f.Chen, pYC, "445381004001"}} {
		// Accounts of their own, whose names the other county's alert and
		// access log rightly show.
		u := &shuangbai.User{Username: x.user, Name: x.user, Role: shuangbai.RoleWorker, Region: x.village[:9]}
		must(fixDB.CreateUser(ctx, sys, u, webtest.Hash()))
		b := &shuangbai.Beneficiary{Region: x.village, Name: "重复建档", IDNumber: x.other.IDNumber, Groups: []shuangbai.Group{shuangbai.GroupElderly},
			FoundOn: shuangbai.NewDate(2021, 8, 1), Level: 2}
		if err := fixDB.FileBeneficiary(ctx, u, b, nil); err == nil || !strings.Contains(err.Error(), "核实") {
			t.Fatalf("%s filing %s's number: %v", x.user, x.other.Name, err)
		}
		admin := &shuangbai.User{Username: "x", Role: shuangbai.RoleCountyAdmin, Region: placeRegion[x.place]}
		al, err := fixDB.Alerts(ctx, admin, 0, 10)
		must(err)
		if len(al) == 0 {
			t.Fatalf("no alert in %s", x.place)
		}
		f.set("alert", x.place, "id", id(al[0].ID))
	}

	// A file of 双东 an import left to complete (a disabled person with no
	// grade): the lists of files to complete hold only the scope's.
	res, err := fixDB.ImportRoster(ctx, sys, []store.RosterRow{{Line: 2, Person: shuangbai.Beneficiary{Name: "双东待补充",
		IDNumber: webtest.IDNum("44538119520304005"), Region: "445381004001", Level: 4, Groups: []shuangbai.Group{shuangbai.GroupDisabled}}}},
		store.RosterImport{Mode: store.ImportAll, Source: "双东名册.xlsx"})
	must(err)
	if res.Incomplete != 1 {
		t.Fatalf("the import left %d files to complete, want 1: %+v", res.Incomplete, res)
	}
	f.secret(pSD, "双东待补充", "双东名册.xlsx")

	f.sums = newChecksummer(t, f.DSN)
	return f
}
