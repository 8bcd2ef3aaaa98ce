package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// shared is the demo loaded once for the tests that only read it.
var shared *store.DB

func TestMain(m *testing.M) {
	db, cleanup, err := storetest.OpenShared()
	if err == nil {
		err = demo.Load(context.Background(), db)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	shared = db
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// loaded returns the shared demo database.
func loaded(t *testing.T) *store.DB {
	t.Helper()
	return shared
}

// TestLoad checks the demo against the seed's table for 2021-08-09, county
// by county: stations, points, offices, equipment classes and staff.
func TestLoad(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	want := []struct {
		code                     string
		stations, points         int
		stationStaff, pointStaff int
		stationClass, pointClass shuangbai.EquipmentClass
	}{
		{"445302", 8, 19, 16, 47, shuangbai.EquipBasic, shuangbai.EquipBasic},
		{"445303", 7, 17, 14, 42, shuangbai.EquipBasic, shuangbai.EquipBasic},
		{"445381", 21, 50, 28, 131, shuangbai.EquipBasic, shuangbai.EquipIncomplete},
		{"445321", 12, 30, 24, 82, shuangbai.EquipBasic, shuangbai.EquipBasic},
		{"445322", 15, 30, 30, 62, shuangbai.EquipBasic, shuangbai.EquipBasic},
	}
	all := 0
	for _, w := range want {
		scope := shuangbai.Scope{Code: w.code}
		ss, n, err := db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		ps, m, err := db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		if n != w.stations || m != w.points {
			t.Errorf("%s: %d stations, %d points; want %d, %d", w.code, n, m, w.stations, w.points)
		}
		all += m
		sClass, pClass := shuangbai.EquipNone, shuangbai.EquipNone
		sStaff, pStaff := 0, 0
		for _, s := range ss {
			if !s.BuiltBy(demo.AsOf) || !s.OfficeBy(demo.AsOf) {
				t.Errorf("station %s not built with an office by %v", s.Name, demo.AsOf)
			}
			sClass = max(sClass, s.Equipment.Class())
			staff, err := db.Staffed(ctx, scope, s.ID, 0, demo.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			sStaff += len(staff)
		}
		for _, p := range ps {
			if !p.BuiltBy(demo.AsOf) || !p.OfficeBy(demo.AsOf) {
				t.Errorf("point %s not built with an office by %v", p.Name, demo.AsOf)
			}
			pClass = max(pClass, p.Equipment.Class())
			staff, err := db.Staffed(ctx, scope, 0, p.ID, demo.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			pStaff += len(staff)
		}
		if sStaff != w.stationStaff || pStaff != w.pointStaff {
			t.Errorf("%s: staff %d at stations, %d at points; want %d, %d", w.code, sStaff, pStaff, w.stationStaff, w.pointStaff)
		}
		if sClass != w.stationClass || pClass != w.pointClass {
			t.Errorf("%s: classes %v / %v; want %v / %v", w.code, sClass, pClass, w.stationClass, w.pointClass)
		}
	}
	if all != 146 {
		t.Errorf("%d points in all, want 146", all)
	}
	// The seed's named places.
	hk, err := db.StationByRegion(ctx, shuangbai.Scope{Code: "4453"}, "445302003")
	if err != nil {
		t.Fatal(err)
	}
	if ps, _, _ := db.Points(ctx, shuangbai.Scope{Code: "445302003208"}, store.PointFilter{}); len(ps) != 1 || ps[0].StationID != hk.ID {
		t.Errorf("双上村 point: %+v", ps)
	}
	if ps, _, _ := db.Points(ctx, shuangbai.Scope{Code: "445322100209"}, store.PointFilter{}); len(ps) != 1 || ps[0].Name != "都城镇夏袭服务点" {
		t.Errorf("夏袭 point: %+v", ps)
	}
	for _, a := range demo.Accounts {
		if _, _, err := db.UserByName(ctx, a.Username); err != nil {
			t.Errorf("account %s: %v", a.Username, err)
		}
	}
}

// TestProgressSeed computes the table of 云浮市 on 2021-08-09 and compares it
// with the seed's, cell by cell. One printed figure is wrong: the 合计 of
// staff at points is printed 350, but the rows add up to 364.
func TestProgressSeed(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	tab, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", demo.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	// name, plan, 5 station cells, 5 point cells, coordination, management, funding, trainings
	want := [][]string{
		{"云城区", "已出台", "8", "8", "8", "基本配备", "16", "19", "19", "19", "基本配备", "47", "是", "否", "正在测算费用，拟报区政府。", "1次"},
		{"云安区", "已出台", "7", "7", "7", "基本配备", "14", "17", "17", "17", "基本配备", "42", "是", "否", "已落实，165.7万元。", "1次"},
		{"罗定市", "已出台", "21", "21", "21", "基本配备", "28", "50", "50", "50", "未配备齐全", "131", "是", "否", "正在测算费用，拟报市政府。", "3次"},
		{"新兴县", "已出台", "12", "12", "12", "基本配备", "24", "30", "30", "30", "基本配备", "82", "是", "否", "测算县本级经费约232.92万元,已报请县政府审定。目前进入签批环节。", "1次"},
		{"郁南县", "已出台", "15", "15", "15", "基本配备", "30", "30", "30", "30", "基本配备", "62", "是", "否", "已落实。", "2次"},
		{"市本级", "已出台", "", "", "", "", "", "", "", "", "", "", "是", "是", "已落实。2021年已下拨市级经费161万元，其他相关费用按财政意见据实申报。", "2次"},
		{"合计", "", "63", "63", "63", "", "112", "146", "146", "146", "", "364", "", "", "", "10次"},
	}
	rows := append(tab.Rows, tab.Total)
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		got := cells(r)
		for j := range want[i] {
			if got[j] != want[i][j] {
				t.Errorf("row %s column %d (%s) = %q, want %q", want[i][0], j+1, shuangbai.ProgressColumns[j].Title(), got[j], want[i][j])
			}
		}
	}

	// An earlier day sees the earlier facts and fewer trainings; a future day
	// and a day before any station are refused with a reason.
	early, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", shuangbai.NewDate(2021, 3, 15))
	if err != nil {
		t.Fatal(err)
	}
	if early.Rows[0].PlanIssued || early.Total.Trainings != 0 {
		t.Errorf("2021-03-15: plan issued %v, trainings %d; want false, 0", early.Rows[0].PlanIssued, early.Total.Trainings)
	}
	for _, d := range []shuangbai.Date{shuangbai.NewDate(2999, 1, 1), shuangbai.NewDate(2016, 1, 1)} {
		if _, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", d); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
			t.Errorf("Progress on %v: err = %v, want invalid", d, err)
		}
	}
	if _, err := db.Progress(ctx, shuangbai.Scope{Code: "445302"}, "4453", demo.AsOf); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("county user reads city table: %v", err)
	}
}

// cells renders a row as the seed prints it.
func cells(r shuangbai.ProgressRow) []string {
	n := func(v int) string {
		if r.CityLevel {
			return ""
		}
		return strconv.Itoa(v)
	}
	yn := func(b bool) string {
		if r.Name == "合计" {
			return ""
		}
		return map[bool]string{true: "是", false: "否"}[b]
	}
	plan := ""
	if r.Name != "合计" {
		plan = map[bool]string{true: "已出台", false: "未出台"}[r.PlanIssued]
	}
	site := func(c shuangbai.SiteCounts) []string {
		return []string{n(c.Required), n(c.Built), n(c.Office), c.Equipment.String(), n(c.Staff)}
	}
	out := []string{r.Name, plan}
	out = append(out, site(r.Stations)...)
	out = append(out, site(r.Points)...)
	return append(out, yn(r.Coordination), yn(r.Management), r.Funding, strconv.Itoa(r.Trainings)+"次")
}

// TestProgressDrillDown checks that the lists behind the table's numbers
// add up to the numbers.
func TestProgressDrillDown(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	city := shuangbai.Scope{Code: "4453"}
	sites, err := db.SitesOn(ctx, city, "445381", true, demo.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	built, staff, worst := 0, 0, shuangbai.EquipNone
	for _, s := range sites {
		if s.Built {
			built++
			worst = max(worst, s.Equipment.Class())
		}
		staff += s.Staff
	}
	if built != 50 || staff != 131 || worst != shuangbai.EquipIncomplete {
		t.Errorf("罗定市 points: built %d, staff %d, worst %v; want 50, 131, 未配备齐全", built, staff, worst)
	}
	people, err := db.StaffListOn(ctx, city, "445302", false, demo.AsOf)
	if err != nil || len(people) != 16 {
		t.Errorf("云城区 station staff = %d, %v; want 16", len(people), err)
	}
	if _, err := db.SitesOn(ctx, shuangbai.Scope{Code: "445302"}, "445381", true, demo.AsOf); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("county user drills into another county: %v", err)
	}
	series, err := db.BuiltByMonth(ctx, city, "4453", demo.AsOf)
	if err != nil || len(series) != 5 {
		t.Fatalf("BuiltByMonth: %d series, %v", len(series), err)
	}
	last := len(series[0].Months) - 1
	if series[0].Name != "云城区" || series[0].Months[last] != "2021-08" || series[0].Stations[last] != 8 || series[0].Points[last] != 19 {
		t.Errorf("云城区 series ends %s with %d stations, %d points", series[0].Months[last], series[0].Stations[last], series[0].Points[last])
	}
	if series[0].Months[0] != "2017-07" || series[0].Stations[0] == 0 {
		t.Errorf("series starts %s with %d stations; want 2017-07, the first station", series[0].Months[0], series[0].Stations[0])
	}
}

// TestProgressImport exports the table as the bureau's sheet, reads it back
// and plans its import: the same sheet changes nothing; an edited one
// changes the facts it may and refuses registry-backed counts with a reason.
func TestProgressImport(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	admin, _, err := db.UserByName(ctx, "yunfu-admin")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := db.Progress(ctx, admin.Scope(), "4453", demo.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.ProgressXLSX(&buf, tab); err != nil {
		t.Fatal(err)
	}
	sheet, err := report.ParseProgressXLSX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(sheet.Problems) > 0 {
		t.Fatalf("parse: %v %v", err, sheet.Problems)
	}
	plan, err := db.PlanProgressImport(ctx, admin, sheet.RegionCode, sheet.Date, sheet.Rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 0 || len(plan.Refused) != 0 {
		t.Fatalf("re-import of the exported sheet plans %v, refuses %v", plan.Changes, plan.Refused)
	}

	rows := slices.Clone(sheet.Rows)
	rows[0].Management = true  // 云城区 establishes its management mechanism
	rows[0].Stations.Built = 9 // a registry-backed count
	rows[5].Funding = "已落实。"   // 市本级
	plan, err = db.PlanProgressImport(ctx, admin, sheet.RegionCode, sheet.Date, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 2 || len(plan.Refused) != 1 || !strings.Contains(plan.Refused[0].To, "系统登记") {
		t.Fatalf("plan: changes %+v, refused %+v", plan.Changes, plan.Refused)
	}
	if err := db.ApplyProgressImport(ctx, admin, plan); err != nil {
		t.Fatal(err)
	}
	after, err := db.Progress(ctx, admin.Scope(), "4453", demo.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if !after.Rows[0].Management || after.Rows[5].Funding != "已落实。" || after.Rows[0].Stations.Built != 8 {
		t.Errorf("after import: 云城区 management %v built %d, 市本级 funding %q", after.Rows[0].Management, after.Rows[0].Stations.Built, after.Rows[5].Funding)
	}
	// The day before, the table is as it was.
	before, _ := db.Progress(ctx, admin.Scope(), "4453", demo.AsOf.AddDays(-1))
	if before.Rows[0].Management {
		t.Error("imported facts changed an earlier day")
	}
	// A row whose name names another county than its hidden code is refused.
	swapped := slices.Clone(sheet.Rows)
	swapped[0].Name = "罗定市"
	swapped[0].Management = true
	plan, err = db.PlanProgressImport(ctx, admin, sheet.RegionCode, sheet.Date, swapped)
	ycChange := slices.IndexFunc(plan.Changes, func(c store.ProgressChange) bool { return c.Region == "445302" })
	if err != nil || ycChange >= 0 || len(plan.Refused) != 1 || !strings.Contains(plan.Refused[0].To, "不符") {
		t.Errorf("row named 罗定市 with 云城区's code: changes %+v refused %+v %v", plan.Changes, plan.Refused, err)
	}
	// A county admin cannot import the city's sheet.
	yc, _, _ := db.UserByName(ctx, "yuncheng-admin")
	if _, err := db.PlanProgressImport(ctx, yc, "4453", demo.AsOf, rows); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("county admin plans city import: %v", err)
	}
}

// TestProgressReportedCounty: a county with no site in the registry takes
// the figures it reported on the sheet.
func TestProgressReportedCounty(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	storetest.Yunfu(t, db)
	storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2021, 1, 1))
	d := shuangbai.NewDate(2021, 8, 9)
	tab, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", d)
	if err != nil {
		t.Fatal(err)
	}
	rows := slices.Clone(tab.Rows)
	ld := slices.IndexFunc(rows, func(r shuangbai.ProgressRow) bool { return r.Code == "445381" })
	rows[ld].Stations = shuangbai.SiteCounts{Required: 21, Built: 20, Office: 19, Equipment: shuangbai.EquipBasic, Staff: 28}
	rows[ld].Trainings = 3
	plan, err := db.PlanProgressImport(ctx, shuangbai.SystemUser, "4453", d, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Refused) != 0 || len(plan.Changes) != 6 {
		t.Fatalf("plan: changes %+v refused %+v", plan.Changes, plan.Refused)
	}
	if err := db.ApplyProgressImport(ctx, shuangbai.SystemUser, plan); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", d)
	got := after.Rows[ld]
	if got.Stations.Built != 20 || got.Stations.Staff != 28 || got.Trainings != 3 || after.Total.Stations.Built != 21 {
		t.Errorf("reported county row %+v, total built %d", got, after.Total.Stations.Built)
	}
}

// TestHekouOutcomes checks the 河口街道 story against the seed's paragraph.
func TestHekouOutcomes(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	sw, _, err := db.UserByName(ctx, "hekou-sw")
	if err != nil {
		t.Fatal(err)
	}
	o, err := db.Outcomes(ctx, sw.Scope(), "445302003", shuangbai.Date{}, demo.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"困难边缘人员", o.Identified[shuangbai.GroupMarginal], 12},
		{"高龄独居老人", o.Identified[shuangbai.GroupElderlyAlone], 3},
		{"留守儿童", o.Identified[shuangbai.GroupLeftBehind], 4},
		{"在册民政对象户", o.Households - 12 - 3 - 4, 45},
		{"残疾人补贴", o.Applications[shuangbai.AppDisabilityLiving], 16},
		{"高龄津贴", o.Applications[shuangbai.AppOldAge], 4},
		{"医疗救助", o.Applications[shuangbai.AppMedical], 16},
		{"链接救助金和生活物资的户", o.ReliefHouseholds, 26},
		{"临时救助户", o.TemporaryHouseholds, 17},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
	p := o.Paragraph()
	for _, want := range []string{"困难边缘人员12人", "高龄独居老人3名", "留守儿童4名", "为4名80岁以上老年人申请高龄津贴", "为16名村民申请医疗救助", "为26户家庭链接了救助金和生活物资", "为17户提供临时救助"} {
		if !strings.Contains(p, want) {
			t.Errorf("paragraph lacks %q:\n%s", want, p)
		}
	}
	// 小陈's file, and the worker's worklist with something overdue.
	chen, err := db.Beneficiaries(ctx, sw.Scope(), shuangbai.BeneficiaryFilter{Name: "陈志明"})
	if err != nil || len(chen) != 1 || chen[0].Disability != "肢体二级" {
		t.Fatalf("小陈: %v %v", chen, err)
	}
	today := shuangbai.Today(db.Now())
	due, err := db.Worklist(ctx, sw.Scope(), sw.PersonID, today.AddDays(7), 0)
	if err != nil || len(due) == 0 {
		t.Fatalf("worklist: %v %v", due, err)
	}
	overdue := 0
	for _, d := range due {
		if d.Overdue(today) {
			overdue++
		}
	}
	if overdue == 0 || overdue == len(due) {
		t.Errorf("worklist: %d of %d overdue; want some but not all", overdue, len(due))
	}
}

// TestProgressEquipmentDated: a checklist changed today grades today's
// table, not the table of an earlier day.
func TestProgressEquipmentDated(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	city := shuangbai.Scope{Code: "4453"}
	st, err := db.StationByRegion(ctx, city, "445302003")
	if err != nil {
		t.Fatal(err)
	}
	st.Equipment = shuangbai.EquipDesk | shuangbai.EquipPhone // six items missing: 未配备齐全
	if err := db.UpdateStation(ctx, shuangbai.SystemUser, &st); err != nil {
		t.Fatal(err)
	}
	// Another station gives up its office today: earlier tables keep it.
	other, err := db.StationByRegion(ctx, city, "445302004")
	if err != nil {
		t.Fatal(err)
	}
	other.Office, other.OfficeAddress = false, ""
	if err := db.UpdateStation(ctx, shuangbai.SystemUser, &other); err != nil {
		t.Fatal(err)
	}
	today := shuangbai.Today(db.Now())
	for _, tt := range []struct {
		on   shuangbai.Date
		want shuangbai.EquipmentClass
	}{{demo.AsOf, shuangbai.EquipBasic}, {today, shuangbai.EquipIncomplete}} {
		tab, err := db.Progress(ctx, city, "4453", tt.on)
		if err != nil {
			t.Fatal(err)
		}
		if got := tab.Rows[0].Stations.Equipment; got != tt.want {
			t.Errorf("云城区 stations on %v: %v, want %v", tt.on, got, tt.want)
		}
		wantOffice := 8
		if tt.on == today {
			wantOffice = 7
		}
		if got := tab.Rows[0].Stations.Office; got != wantOffice {
			t.Errorf("云城区 stations with an office on %v: %d, want %d", tt.on, got, wantOffice)
		}
		sites, _ := db.SitesOn(ctx, city, "445302003", false, tt.on)
		if len(sites) != 1 || sites[0].Equipment.Class() != tt.want {
			t.Errorf("drill-down on %v: %+v", tt.on, sites)
		}
	}
}

// TestAuditChainsWhole: the demo's audit and access logs, written by the
// loader through the store, verify as whole chains.
func TestAuditChainsWhole(t *testing.T) {
	rep, err := loaded(t).VerifyChains(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Breaks) > 0 || rep.Entries["audit_log"] == 0 {
		t.Errorf("demo chains: %+v", rep)
	}
}

// TestDemoAntiDrugCampaign: the seed's 2021-07-29 campaign at 双东街道 is
// in the demo with its figures, counted for 罗定市.
func TestDemoAntiDrugCampaign(t *testing.T) {
	db := loaded(t)
	counts, err := db.ActivityCounts(t.Context(), shuangbai.Scope{Code: "445381"}, 0, demo.AntiDrugDay, demo.AntiDrugDay)
	if err != nil || len(counts) != 1 || counts[0].Kind != shuangbai.ActivityAntiDrug || counts[0].Activities != 1 || counts[0].Reached != 300 {
		t.Fatalf("counts = %+v, %v", counts, err)
	}
	as, err := db.Activities(t.Context(), shuangbai.Scope{Code: "445381004"}, store.ActivityFilter{})
	if err != nil || len(as) != 1 || as[0].HandedOut != 300 || as[0].Targets != "中小学生家庭" {
		t.Fatalf("activities = %+v, %v", as, err)
	}
	if ps, err := db.ActivityPhotos(t.Context(), shuangbai.Scope{Code: "445381"}, as[0].ID); err != nil || len(ps) != 1 {
		t.Errorf("photos = %+v, %v", ps, err)
	}
}
