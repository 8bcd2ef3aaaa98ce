package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// bodyActors are the accounts FuzzBodies sends as, by the input's who
// byte: every role whose forms differ, and "" for no session (the login
// forms).
var bodyActors = []string{webtest.CityAdmin, webtest.YcAdmin, webtest.YcLead, webtest.YcWorker,
	webtest.CitySys, webtest.CitySec, webtest.CityAudit, ""}

// bodyVictim is the account the user and security forms act on, so that
// disabling one or changing its role leaves the actors as they were.
const bodyVictim = "fuzz.victim"

// bodyFixture is webtest.NewCase with one record of every kind a body
// route names, in 河口街道 (云城区), and a server of its own whose error log
// the target reads. It is built once per fuzzing process and shared by
// every input; it puts back only what would stop the next inputs from
// reaching the handlers (an actor's session, the security settings).
type bodyFixture struct {
	*webtest.Case
	srv    *web.Server
	routes []string // bodyRoutes
	h      http.Handler
	gets   *http.ServeMux // the GET routes, to tell which paths can be read
	logs   *lockedBuffer  // the server's errors, read after each request
	// ids are the values of the placeholders ({station}, {file} …) in
	// paths and bodies; see fillPath and fill.
	ids      map[string]string
	replacer *strings.Replacer
	web, api map[string]*webtest.Client // by actor
	users    map[string]*shuangbai.User
	photo    []byte
	chains   *store.ChainReport // the last walk of the logs; see consistent
}

// lockedBuffer is a log destination several goroutines may write: a
// background import logs while the next request runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// take returns what was logged since the last take.
func (l *lockedBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}

func newBodyFixture(tb testing.TB) *bodyFixture {
	tb.Helper()
	f := &bodyFixture{Case: webtest.NewCase(tb), logs: &lockedBuffer{}, ids: map[string]string{},
		web: map[string]*webtest.Client{}, api: map[string]*webtest.Client{}, users: map[string]*shuangbai.User{}}
	ctx, sys := tb.Context(), shuangbai.SystemUser
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	f.photo = buf.Bytes()
	db := f.DB
	id := webtest.ID
	// Places left free for the creates: a town and villages without a
	// station or point.
	storetest.Regions(tb, db, "445302103", "安塘街道", "445302103201", "安塘村民委员会", "445302102202", "腰古二村民委员会",
		"445302003209", "双下村民委员会")

	// 河口's records: the file of 陈志明 (the worker's own case) with an
	// application and a pending level change, a plan, an activity with a
	// participant, a supervisor covering the station and her visit with an
	// item, a news item.
	st, chen := f.YcStation, f.Chen
	app := &shuangbai.Application{BeneficiaryID: chen.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	must(db.SaveApplication(ctx, sys, app))
	change, err := db.ChangeLevel(ctx, sys, chen.ID, 4, "情况好转")
	must(err)
	tpl := &shuangbai.PlanTemplate{Region: "4453", Name: "全市计划模板", Lines: []shuangbai.TemplateLine{{Measure: shuangbai.MeasureCases, Label: "个案", Least: 2}}}
	must(db.SavePlanTemplate(ctx, sys, tpl))
	set := &shuangbai.IndicatorSet{Region: "4453", Name: "社工站监测评估指标（2021）", Indicators: []shuangbai.Indicator{
		{Name: "服务成效", Category: "服务成效", Weight: 100, Max: shuangbai.ScoreOf(4000)}}}
	must(db.CreateIndicatorSet(ctx, sys, set))
	plan := &shuangbai.Plan{StationID: st.ID, Year: 2021, Summary: "河口站年度计划摘要",
		Goals:  []shuangbai.PlanGoal{{Problem: "独居老人缺少照顾", Goal: "建立邻里互助网络", Strategy: "结对"}},
		Assets: []shuangbai.PlanAsset{{Kind: shuangbai.AssetPlaces, Name: "村文化室"}}}
	plan.FromTemplate(tpl)
	must(db.SavePlan(ctx, sys, plan))
	act := &shuangbai.Activity{StationID: st.ID, Region: st.Region, HeldOn: shuangbai.NewDate(2021, 7, 29), Kind: shuangbai.ActivityAntiDrug,
		Title: "河口禁毒宣传活动", Targets: "中小学生家庭", Reached: 300, Materials: "禁毒宣传资料", HandedOut: 300, Partners: "民政局"}
	must(db.CreateActivity(ctx, sys, act))
	must(db.AddActivityPhoto(ctx, sys, &shuangbai.ActivityPhoto{ActivityID: act.ID, Name: "现场.png"}, f.photo, f.photo))
	part := &shuangbai.Participant{ActivityID: act.ID, Name: "河口参与者"}
	must(db.AddParticipant(ctx, sys, part))
	sup := &shuangbai.Person{Region: st.Region, Name: "河口督导员", Gender: "女", Role: shuangbai.StaffSupervisor}
	must(db.CreatePerson(ctx, sys, sup))
	cover := &shuangbai.Coverage{PersonID: sup.ID, StationID: st.ID, From: shuangbai.NewDate(2021, 1, 1)}
	must(db.CoverStation(ctx, sys, cover))
	sv := &shuangbai.SupervisionVisit{StationID: st.ID, SupervisorID: sup.ID, VisitedOn: shuangbai.NewDate(2021, 8, 1),
		Forms: []shuangbai.SupervisionForm{shuangbai.FormField}, Topics: "河口督导议题", Advice: "制定计划",
		Items: []shuangbai.ActionItem{{Title: "河口整改事项", Owner: "站长", Due: shuangbai.NewDate(2021, 8, 31)}}}
	must(db.CreateSupervisionVisit(ctx, sys, sv))
	news := &shuangbai.NewsItem{Region: st.Region, Title: "河口社工站入户探访", Date: shuangbai.NewDate(2021, 8, 2), Body: "河口新闻正文"}
	must(db.CreateNews(ctx, sys, news))
	// A spare member of staff whose assignment the end form ends, so the
	// worker keeps hers.
	spare := f.Person("445302003", "河口后备社工", "13600136000", st.ID)
	as, err := db.Assignments(ctx, webtest.AdminScope, f.YcPerson.ID)
	must(err)
	spareAs, err := db.Assignments(ctx, webtest.AdminScope, spare.ID)
	must(err)

	// 云城区's: a campaign with a post at 河口 and an applicant, a chief
	// supervisor, a briefing series with a draft, an evaluation round.
	// Its candidates are the score sheets' of the seeds (报名号 2021000001 …).
	camp := &shuangbai.Campaign{Year: 2021, Region: "445302", Kind: shuangbai.CampaignWorker, Title: "云城社工招聘", MedicalRatio: 10, WrittenWeight: 50,
		Posts: []shuangbai.Post{{Code: "yc-01", Region: st.Region, StationID: st.ID, Title: "社工", Places: 1}}}
	must(db.CreateCampaign(ctx, sys, camp))
	var aps []*shuangbai.Applicant
	for i, name := range []string{"林小燕", "陈明", "黄丽", "赵审核"} {
		aps = append(aps, &shuangbai.Applicant{PostID: camp.Posts[0].ID, Name: name, IDNumber: webtest.IDNum(fmt.Sprintf("4453021995010100%d", i+1)),
			Phone: fmt.Sprintf("1390000010%d", i+1), Education: shuangbai.EduBachelor, Review: shuangbai.ReviewEligible})
	}
	must(db.CreateApplicants(ctx, sys, camp.ID, aps))
	ap := aps[0]
	chiefP := &shuangbai.Person{Region: "445302", Name: "云城总督导", Gender: "男", Role: shuangbai.StaffSupervisor}
	must(db.CreatePerson(ctx, sys, chiefP))
	chief := &shuangbai.ChiefSupervisor{PersonID: chiefP.ID, Region: "445302", Title: "总督导", From: shuangbai.NewDate(2021, 1, 1)}
	must(db.AppointChief(ctx, sys, chief))
	// The city's chief, for the end form (the API ends 云城's), and a
	// supervisor of 罗定 for the appointments.
	cityChiefP := &shuangbai.Person{Region: "4453", Name: "市总督导", Gender: "女", Role: shuangbai.StaffSupervisor}
	must(db.CreatePerson(ctx, sys, cityChiefP))
	cityChief := &shuangbai.ChiefSupervisor{PersonID: cityChiefP.ID, Region: "4453", Title: "市总督导", From: shuangbai.NewDate(2021, 1, 1)}
	must(db.AppointChief(ctx, sys, cityChief))
	ldSup := &shuangbai.Person{Region: "445381", Name: "罗定督导员", Gender: "男", Role: shuangbai.StaffSupervisor}
	must(db.CreatePerson(ctx, sys, ldSup))
	series := &shuangbai.BriefingSeries{Region: "445302", Name: "云城工作简报", Masthead: "云城简报", Office: "云城民政局"}
	must(db.CreateSeries(ctx, sys, series))
	br := &shuangbai.Briefing{SeriesID: series.ID, Date: shuangbai.NewDate(2021, 8, 9), Editor: "云城编辑"}
	must(db.CreateBriefing(ctx, sys, br))
	round := &shuangbai.EvaluationRound{Region: "445302", SetID: set.ID, Title: "云城监测评估", Evaluators: "云城评估组",
		HeldOn: shuangbai.NewDate(2021, 7, 7), Methods: "实地走访", Stations: []shuangbai.RoundStation{{StationID: st.ID}}}
	must(db.CreateEvaluationRound(ctx, sys, round))

	// The account the administrators' forms act on, and an alert: an
	// account of 罗定 typed 陈志明's ID number.
	victim := &shuangbai.User{Username: bodyVictim, Name: "被操作账号", Role: shuangbai.RoleWorker, Region: "445302003"}
	must(db.CreateUser(ctx, sys, victim, webtest.Hash()))
	probe := &shuangbai.User{Username: "ld.probe", Name: "ld.probe", Role: shuangbai.RoleWorker, Region: "445381004"}
	must(db.CreateUser(ctx, sys, probe, webtest.Hash()))
	dup := &shuangbai.Beneficiary{Region: "445381004001", Name: "重复建档", IDNumber: chen.IDNumber, Groups: []shuangbai.Group{shuangbai.GroupElderly},
		FoundOn: shuangbai.NewDate(2021, 8, 1), Level: 2}
	if err := db.FileBeneficiary(ctx, probe, dup, nil); err == nil {
		tb.Fatal("filing 陈志明's number again in 罗定 was accepted")
	}
	alerts, err := db.Alerts(ctx, &shuangbai.User{Username: "x", Role: shuangbai.RoleCountyAdmin, Region: "445302"}, 0, 10)
	must(err)
	if len(alerts) == 0 {
		tb.Fatal("no alert in 云城区")
	}

	for k, v := range map[string]int64{
		"station": st.ID, "point": f.YcPoint.ID, "person": f.YcPerson.ID, "assignment": as[0].ID,
		"file": chen.ID, "household": chen.HouseholdID, "other-file": f.Huang.ID, "app": app.ID, "change": change.ID,
		"template": tpl.ID, "set": set.ID, "plan": plan.ID, "activity": act.ID, "participant": part.ID,
		"supervisor": sup.ID, "coverage": cover.ID, "supervision": sv.ID, "item": sv.Items[0].ID, "news": news.ID,
		"campaign": camp.ID, "post": camp.Posts[0].ID, "applicant": ap.ID, "chief": chief.ID, "chief-person": chiefP.ID,
		"city-chief": cityChief.ID, "ld-supervisor": ldSup.ID, "spare-person": spare.ID, "spare-assignment": spareAs[0].ID,
		"visit": sv.ID, "ld-station": f.LdStation.ID, "closed-file": f.Lin.ID, "reviewee": aps[3].ID,
		"series": series.ID, "briefing": br.ID, "round": round.ID, "alert": alerts[0].ID,
	} {
		f.ids[k] = id(v)
	}
	for k, v := range map[string]string{"region": st.Region, "village": "445302003208", "county": "445302", "city": "4453",
		"victim": bodyVictim, "token": "x", "contract": "999999", "password": webtest.Password, "zero": "0", "one": "1"} {
		f.ids[k] = v
	}

	// The actors log in through the real login page and API login, once;
	// their clients send to this fixture's own server.
	srv, err := web.New(web.Config{DB: db, Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelError}))})
	must(err)
	f.srv, f.routes, f.h, f.gets = srv, bodyRoutes(srv), srv.Handler(), http.NewServeMux()
	for _, p := range srv.Patterns() {
		if strings.HasPrefix(p, "GET ") {
			f.gets.Handle(p, http.NotFoundHandler())
		}
	}
	for _, name := range bodyActors {
		if name == "" {
			f.web[name], f.api[name] = &webtest.Client{H: f.h}, &webtest.Client{H: f.h}
			continue
		}
		c, a := *f.As(tb, name), *f.API(tb, name)
		c.H, a.H = f.h, f.h
		f.web[name], f.api[name] = &c, &a
		u, _, err := db.UserByName(ctx, name)
		must(err)
		f.users[name] = u
	}
	must(db.CloseCase(ctx, sys, f.Lin.ID, "迁出服务区域"))
	must(f.spareSessions(ctx))
	must(f.newNews(ctx))
	must(f.uploadRoster(ctx))
	must(f.uploadProgress(ctx))
	must(f.uploadScores(ctx))
	f.chains, err = db.VerifyChains(ctx)
	must(err)
	return f
}

// spareSessions gives the victim a session for the security
// administrator to revoke, and the worker a token of her own to revoke
// (POST /account/tokens/{id}/revoke): again after each revoke.
func (f *bodyFixture) spareSessions(ctx context.Context) error {
	for key, name := range map[string]string{"session": bodyVictim, "own-token": webtest.YcWorker} {
		u, _, err := f.DB.UserByName(ctx, name)
		if err != nil {
			return err
		}
		if _, err := f.DB.CreateSession(ctx, u.ID, auth.NewToken(), store.SessionAPI, "fuzz spare", 24*time.Hour); err != nil {
			return err
		}
		ss, err := f.DB.Sessions(ctx, webtest.AdminScope, u.ID, store.SessionAPI)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ss, func(s store.SessionInfo) bool { return s.Name == "fuzz spare" })
		if i < 0 {
			return fmt.Errorf("no spare session of %s", name)
		}
		f.ids[key] = ss[i].ID
	}
	f.replacer = nil
	return nil
}

// fill puts the fixture's ids into a path or body's placeholders.
func (f *bodyFixture) fill(s []byte) []byte {
	if f.replacer == nil {
		var pairs []string
		for k, v := range f.ids {
			pairs = append(pairs, "{"+k+"}", v)
		}
		f.replacer = strings.NewReplacer(pairs...)
	}
	if !bytes.Contains(s, []byte("{")) {
		return s
	}
	return []byte(f.replacer.Replace(string(s)))
}

// pathIDs name the placeholder filling each path parameter, by the
// segment before it: /stations/{id} is a station, /assignments/{aid} an
// assignment.
var pathIDs = map[string]string{
	"stations/{id}": "station", "points/{id}": "point", "staff/{id}": "person", "assignments/{aid}": "assignment",
	"requirements/{county}": "county", "users/{username}": "victim", "sessions/{id}": "session", "tokens/{id}": "own-token",
	"alerts/{id}": "alert", "facts/{region}": "county", "import/{token}": "token", "cases/{id}": "file",
	"beneficiaries/{id}": "file", "level/{change}": "change", "applications/{app}": "app", "applications/{id}": "app",
	"campaigns/{id}": "campaign", "applicants/{aid}": "applicant", "applications/{aid}": "applicant",
	"supervisors/{id}": "supervisor", "stations/{cid}": "coverage", "chiefs/{id}": "chief", "records/{id}": "supervisor",
	"contracts/{cid}": "contract", "plans/{id}": "plan", "plan-templates/{id}": "template", "supervision/{id}": "supervision",
	"action-items/{id}": "item", "evaluations/{id}": "round", "stations/{sid}": "station", "news/{id}": "news",
	"briefings/{id}": "briefing", "entries/{s}": "one", "{s}/{e}": "zero", "briefing-series/{id}": "series",
	"activities/{id}": "activity", "participants/{pid}": "participant",
}

// routeIDs are the exceptions to pathIDs, by pattern: records kept apart
// so that one route's write does not have another's refused (the worker
// keeps her assignment), or records in the state the route needs.
var routeIDs = map[string]map[string]string{
	"POST /staff/{id}/assignments":                 {"{id}": "spare-person"},
	"POST /staff/{id}/assignments/{aid}/end":       {"{id}": "spare-person", "{aid}": "spare-assignment"},
	"POST /supervisors/chiefs/{id}/end":            {"{id}": "city-chief"},
	"POST /reports/progress/import/{token}":        {"{token}": "progress-token"},
	"POST /campaigns/{id}/scores/import/{token}":   {"{token}": "scores-token"},
	"POST /news/{id}/review":                       {"{id}": "pending-news"},
	"POST /beneficiaries/{id}/reopen":              {"{id}": "closed-file"},
	"POST /supervisors/{id}/stations":              {"{id}": "ld-supervisor"},
	"POST /campaigns/{id}/applicants/{aid}/review": {"{aid}": "reviewee"},
}

// fillPath turns a pattern's path into a URL of the fixture's records.
func (f *bodyFixture) fillPath(route string) (string, error) {
	_, path, _ := strings.Cut(route, " ")
	segs := strings.Split(path, "/")
	pattern := slices.Clone(segs)
	for i, s := range pattern {
		if !strings.HasPrefix(s, "{") || i == 0 {
			continue
		}
		name, ok := routeIDs[route][s]
		if !ok {
			name, ok = pathIDs[pattern[i-1]+"/"+s]
		}
		if !ok {
			return "", fmt.Errorf("%s: no record for %s in pathIDs", path, s)
		}
		segs[i] = f.ids[name]
	}
	return strings.Join(segs, "/"), nil
}

// restore puts back what a write by an input may have taken from the
// next ones: the security settings of the fixture, the spare sessions,
// and each actor's password, second factor and sessions. It is called
// after an account or security route answered without a refusal.
func (f *bodyFixture) restore(ctx context.Context) error {
	sys := shuangbai.SystemUser
	if p, err := f.DB.PasswordPolicy(ctx); err != nil {
		return err
	} else if p != auth.DefaultPolicy {
		if err := f.DB.SetPasswordPolicy(ctx, sys, auth.DefaultPolicy); err != nil {
			return err
		}
	}
	if roles, err := f.DB.TOTPRoles(ctx); err != nil {
		return err
	} else if !slices.Equal(roles, []shuangbai.Role{shuangbai.RoleSecAdmin}) {
		if err := f.DB.SetTOTPRoles(ctx, sys, nil); err != nil {
			return err
		}
	}
	for _, name := range bodyActors {
		if name == "" {
			continue
		}
		web := f.web[name].Do(newRequest("GET", "/account", nil))
		api := f.api[name].Do(newRequest("GET", "/api/v1/me", nil))
		if web.Code == http.StatusOK && api.Code == http.StatusOK {
			continue
		}
		// The password changed (which ends every session) or a second
		// factor was enrolled: the factor reset (the security
		// administrator's own, enrolled by As, stays: her sessions are
		// given here, not through a login), the old password back as if
		// set by its owner (set by another, it must be changed first).
		if u, _, err := f.DB.UserByName(ctx, name); err != nil {
			return err
		} else if u.TOTPEnabled && name != webtest.CitySec {
			if err := f.DB.ResetTOTP(ctx, sys, name); err != nil {
				return err
			}
		}
		if err := f.DB.SetPassword(ctx, f.users[name], name, webtest.Hash()); err != nil {
			return err
		}
		for _, c := range []struct {
			client *webtest.Client
			kind   string
		}{{f.web[name], store.SessionCookie}, {f.api[name], store.SessionAPI}} {
			token := auth.NewToken()
			if _, err := f.DB.CreateSession(ctx, f.users[name].ID, token, c.kind, "fuzz", 24*time.Hour); err != nil {
				return err
			}
			if c.kind == store.SessionCookie {
				c.client.Cookie = &http.Cookie{Name: ui.CookieName, Value: token}
			} else {
				c.client.Token = token
			}
		}
		web = f.web[name].Do(newRequest("GET", "/account", nil))
		api = f.api[name].Do(newRequest("GET", "/api/v1/me", nil))
		if web.Code != http.StatusOK || api.Code != http.StatusOK {
			return fmt.Errorf("%s cannot be given a session back: /account %d, /api/v1/me %d %s", name, web.Code, api.Code, api.Body)
		}
	}
	// Last: a password set above ends the spare token of its account too.
	return f.spareSessions(ctx)
}
