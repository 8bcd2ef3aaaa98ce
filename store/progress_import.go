package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"shuangbai"
)

// reportsOn returns, per county inside scope, the latest figures it reported
// on or before day d.
func (db *DB) reportsOn(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string]countyReport, error) {
	var w where
	w.scope("region", scope)
	w.add("as_of <= ?", d)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT region, stations_required, stations_built, stations_office, stations_equipment, stations_staff,
		points_required, points_built, points_office, points_equipment, points_staff, trainings
		FROM county_reports WHERE `+w.String()+` ORDER BY region, as_of, id`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: county reports: %w", err)
	}
	defer rows.Close()
	out := map[string]countyReport{}
	for rows.Next() {
		var r countyReport
		var se, pe int
		s, p := &r.stations, &r.points
		if err := rows.Scan(&r.region, &s.Required, &s.Built, &s.Office, &se, &s.Staff, &p.Required, &p.Built, &p.Office, &pe, &p.Staff, &r.trainings); err != nil {
			return nil, err
		}
		s.Equipment, p.Equipment = shuangbai.EquipmentClass(se), shuangbai.EquipmentClass(pe)
		out[r.region] = r
	}
	return out, rows.Err()
}

type countyReport struct {
	region           string
	stations, points shuangbai.SiteCounts
	trainings        int
}

// registeredCounties returns the counties inside scope that have any station
// or point in the registry: their figures come from it, never from reports.
func (db *DB) registeredCounties(ctx context.Context, scope shuangbai.Scope) (map[string]bool, error) {
	c, a := inScope("region", scope)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT DISTINCT SUBSTR(region, 1, 6) FROM stations WHERE `+c+
		` UNION SELECT DISTINCT SUBSTR(region, 1, 6) FROM points WHERE `+c), append(a, a...)...)
	if err != nil {
		return nil, fmt.Errorf("store: registered counties: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out[code] = true
	}
	return out, rows.Err()
}

// ProgressChange is one cell an uploaded sheet would change.
type ProgressChange struct {
	Region, Name string
	Column       string // the column's title, e.g. 社工站-已完成社工站数量
	From, To     string
}

// ProgressPlan is what applying an uploaded sheet would do: the changes it
// would make and the typed figures it cannot take, with the reason.
type ProgressPlan struct {
	Region  string
	Date    shuangbai.Date
	Changes []ProgressChange
	Refused []ProgressChange // typed values that will not be taken; To holds the reason
	facts   []shuangbai.CountyFacts
	reports []countyReport
}

// PlanProgressImport compares the rows of a filled-in sheet with the table
// as computed for the same region and day, and returns what applying it
// would change. Plan, funding and mechanism cells that differ become a new
// dated version of the county's facts. Counts become a dated report for a
// county with no site in the registry; for a county whose sites are
// registered, the registry is the truth, so a differing count is refused
// with the reason. A sheet equal to the table changes nothing.
func (db *DB) PlanProgressImport(ctx context.Context, u *shuangbai.User, region string, d shuangbai.Date, rows []shuangbai.ProgressRow) (*ProgressPlan, error) {
	if !u.IsBureauAdmin() {
		return nil, forbidden()
	}
	scope := u.Scope()
	cur, err := db.Progress(ctx, scope, region, d)
	if err != nil {
		return nil, err
	}
	registered, err := db.registeredCounties(ctx, shuangbai.Scope{Code: region})
	if err != nil {
		return nil, err
	}
	facts, err := db.FactsOn(ctx, shuangbai.Scope{Code: region}, d)
	if err != nil {
		return nil, err
	}
	byCode := map[string]shuangbai.ProgressRow{}
	for _, r := range cur.Rows {
		byCode[r.Code] = r
	}
	plan := &ProgressPlan{Region: region, Date: d}
	cols := shuangbai.ProgressColumns
	for _, in := range rows {
		was, ok := byCode[in.Code]
		if !ok || was.CityLevel != in.CityLevel {
			plan.Refused = append(plan.Refused, ProgressChange{Region: in.Code, Name: in.Name, Column: cols[0].Name, To: "不是本表的县（市、区），未导入"})
			continue
		}
		if !scope.Contains(in.Code) {
			plan.Refused = append(plan.Refused, ProgressChange{Region: in.Code, Name: was.Name, Column: cols[0].Name, To: "不在您的管辖范围内，未导入"})
			continue
		}
		// The hidden code column matches rows to regions; a row whose
		// visible name names another county was edited or pasted wrong.
		if n := strings.TrimSpace(in.Name); !in.CityLevel && n != "" && !strings.Contains(was.Name, n) && !strings.Contains(n, was.Name) {
			plan.Refused = append(plan.Refused, ProgressChange{Region: in.Code, Name: was.Name, Column: cols[0].Name,
				To: "该行填写的名称“" + n + "”与区划代码 " + in.Code + "（" + was.Name + "）不符，整行未导入；请使用系统导出的模板，不要移动或复制行"})
			continue
		}
		change := func(col int, from, to string) {
			plan.Changes = append(plan.Changes, ProgressChange{Region: in.Code, Name: was.Name, Column: cols[col].Title(), From: from, To: to})
		}
		// Facts: plan, mechanisms, funding.
		f := facts[in.Code]
		nf := f
		if f.ID == 0 {
			// Nothing reported yet: the funding status stays unknown (blank
			// on the form) rather than 未申请, which would be a claim.
			nf = shuangbai.CountyFacts{Region: in.Code}
		}
		if in.PlanIssued != was.PlanIssued {
			change(1, issued(was.PlanIssued), issued(in.PlanIssued))
			nf.PlanIssued = in.PlanIssued
			if in.PlanIssued && nf.PlanDate.IsZero() {
				nf.PlanDate = d
			}
		}
		if in.Coordination != was.Coordination {
			change(12, yesNo(was.Coordination), yesNo(in.Coordination))
			nf.Coordination = in.Coordination
		}
		if in.Management != was.Management {
			change(13, yesNo(was.Management), yesNo(in.Management))
			nf.Management = in.Management
		}
		if in.Funding != was.Funding {
			change(14, was.Funding, in.Funding)
			nf.FundingNote = in.Funding
		}
		if nf != f {
			nf.ID, nf.Effective = 0, d
			plan.facts = append(plan.facts, nf)
		}
		if in.CityLevel {
			if in.Trainings != was.Trainings {
				plan.Refused = append(plan.Refused, ProgressChange{Region: in.Code, Name: was.Name, Column: cols[15].Name,
					From: strconv.Itoa(was.Trainings), To: "培训次数由培训登记计算得出，请在“培训登记”中录入"})
			}
			continue
		}
		// Counts.
		type cell struct {
			col      int
			was, now string
		}
		var diffs []cell
		for i, pair := range [][2]shuangbai.SiteCounts{{was.Stations, in.Stations}, {was.Points, in.Points}} {
			base := 2 + 5*i
			a, b := pair[0], pair[1]
			for j, v := range [][2]int{{a.Required, b.Required}, {a.Built, b.Built}, {a.Office, b.Office}} {
				if v[0] != v[1] {
					diffs = append(diffs, cell{base + j, strconv.Itoa(v[0]), strconv.Itoa(v[1])})
				}
			}
			if a.Equipment != b.Equipment {
				diffs = append(diffs, cell{base + 3, a.Equipment.String(), b.Equipment.String()})
			}
			if a.Staff != b.Staff {
				diffs = append(diffs, cell{base + 4, strconv.Itoa(a.Staff), strconv.Itoa(b.Staff)})
			}
		}
		if was.Trainings != in.Trainings {
			diffs = append(diffs, cell{15, strconv.Itoa(was.Trainings), strconv.Itoa(in.Trainings)})
		}
		if len(diffs) == 0 {
			continue
		}
		if registered[in.Code] {
			for _, c := range diffs {
				plan.Refused = append(plan.Refused, ProgressChange{Region: in.Code, Name: was.Name, Column: cols[c.col].Title(), From: c.was,
					To: "填写 " + c.now + "：该县的数字由系统登记的站点和人员计算得出，请在系统中登记，表格中的修改不予采用"})
			}
			continue
		}
		for _, c := range diffs {
			change(c.col, c.was, c.now)
		}
		plan.reports = append(plan.reports, countyReport{region: in.Code, stations: in.Stations, points: in.Points, trainings: in.Trainings})
	}
	return plan, nil
}

func issued(b bool) string {
	if b {
		return "已出台"
	}
	return "未出台"
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ApplyProgressImport applies a plan in one transaction, every change
// recorded in the audit log.
func (db *DB) ApplyProgressImport(ctx context.Context, u *shuangbai.User, plan *ProgressPlan) error {
	if !u.IsBureauAdmin() {
		return forbidden()
	}
	// A plan is made for one user; applied by another it must still stay
	// inside the applier's scope.
	for _, f := range plan.facts {
		if !u.Scope().Contains(f.Region) {
			return shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不在您的管辖范围内", f.Region)
		}
	}
	for _, r := range plan.reports {
		if !u.Scope().Contains(r.region) {
			return shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不在您的管辖范围内", r.region)
		}
	}
	now := db.now()
	return db.inTxAlone(ctx, func(tx *sql.Tx) error {
		for _, f := range plan.facts {
			f.RecordedAt, f.RecordedBy = now, u.Username
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO county_facts (region, effective, plan_issued, plan_date, plan_doc, coordination,
				coordination_date, management, management_date, funding_status, funding_requested, funding_approved, funding_note, recorded_at, recorded_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
				f.Region, f.Effective, f.PlanIssued, f.PlanDate, f.PlanDoc, f.Coordination, f.CoordinationDate, f.Management, f.ManagementDate,
				string(f.FundingStatus), f.FundingRequested, f.FundingApproved, f.FundingNote, f.RecordedAt, f.RecordedBy).Scan(&f.ID)
			if err != nil {
				return fmt.Errorf("store: import facts: %w", err)
			}
			if err := db.audit(ctx, tx, u, "import", "county_facts", f.ID, f.Region, nil, f); err != nil {
				return err
			}
		}
		for _, r := range plan.reports {
			s, p := r.stations, r.points
			var id int64
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO county_reports (region, as_of, stations_required, stations_built, stations_office,
				stations_equipment, stations_staff, points_required, points_built, points_office, points_equipment, points_staff, trainings, recorded_at, recorded_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
				r.region, plan.Date, s.Required, s.Built, s.Office, int(s.Equipment), s.Staff, p.Required, p.Built, p.Office, int(p.Equipment), p.Staff,
				r.trainings, now, u.Username).Scan(&id)
			if err != nil {
				return fmt.Errorf("store: import report: %w", err)
			}
			after := map[string]any{"as_of": plan.Date, "stations": s, "points": p, "trainings": r.trainings}
			if err := db.audit(ctx, tx, u, "import", "county_report", id, r.region, nil, after); err != nil {
				return err
			}
		}
		return nil
	})
}
