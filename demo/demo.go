// Package demo loads the Yunfu (云浮市) demonstration data: the real region
// tree of the city, a station at each of its 63 towns and streets and points
// in its villages, laid out so that every figure of the seed briefing's
// progress table holds on 2021-08-09, and demo accounts. The data is
// deterministic (seeded math/rand/v2), so tests and benchmarks can rely on it.
// People's names are invented.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"math/rand/v2"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/division"
	"shuangbai/store"
)

//go:embed data/*.csv
var data embed.FS

// Password is the password of every demo account.
const Password = "shuangbai-demo"

// AsOf is the date of the seed briefing's progress table.
var AsOf = shuangbai.NewDate(2021, 8, 9)

// Account is a demo login.
type Account struct {
	Username string
	Name     string
	Role     shuangbai.Role
	Region   string
}

// Accounts are the demo logins, all with Password.
var Accounts = []Account{
	{"yunfu-admin", "市民政局管理员", shuangbai.RoleCityAdmin, "4453"},
	{"yuncheng-admin", "云城区民政局管理员", shuangbai.RoleCountyAdmin, "445302"},
	{"luoding-admin", "罗定市民政局管理员", shuangbai.RoleCountyAdmin, "445381"},
	{"hekou-sw", "河口街道社工", shuangbai.RoleWorker, "445302003"},
	{"yunfu-leader", "市局领导（只读）", shuangbai.RoleViewer, "4453"},
	// The three separated administrators (三员分立).
	{"yunfu-sysadmin", "系统管理员", shuangbai.RoleSysAdmin, "4453"},
	{"yunfu-secadmin", "安全管理员", shuangbai.RoleSecAdmin, "4453"},
	{"yunfu-auditor", "审计管理员", shuangbai.RoleAuditAdmin, "4453"},
}

// county holds what the seed's table says of one county on 2021-08-09.
type county struct {
	code, name       string
	points           int // 应建 = 已完成 = 落实办公场所 社工点
	stationStaff     int
	pointStaff       int
	pointsIncomplete bool // 设备设施情况 of points: 未配备齐全 (else 基本配备)
	lat, lng         float64
}

// Counties are the five counties of 云浮市 with the seed's figures.
// 罗定市's point staff is 131 as printed; the printed 合计 (350) disagrees
// with the sum of the rows (364): the computed sum stands.
var counties = []county{
	{"445302", "云城区", 19, 16, 47, false, 22.93, 112.04},
	{"445303", "云安区", 17, 14, 42, false, 23.07, 112.00},
	{"445381", "罗定市", 50, 28, 131, true, 22.77, 111.57},
	{"445321", "新兴县", 30, 24, 82, false, 22.70, 112.23},
	{"445322", "郁南县", 30, 30, 62, false, 23.23, 111.53},
}

// fixedPoints are the points the seed names, placed where it puts them.
var fixedPoints = map[string]string{
	"445302003208": "河口街道双上村社工点",
	"445322100209": "都城镇夏袭服务点",
}

// Regions returns the Yunfu region tree shipped with the demo.
func Regions() ([]shuangbai.Region, error) {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		return nil, err
	}
	return division.ReadFS(sub)
}

// Load fills an empty database with the demo data.
func Load(ctx context.Context, db *store.DB) error {
	return LoadCost(ctx, db, auth.DefaultCost)
}

// LoadCost is Load with the accounts' password hashed at cost c: tests
// that log in to the demo many times hash at less than auth.DefaultCost.
func LoadCost(ctx context.Context, db *store.DB, c auth.Cost) error {
	sys := shuangbai.SystemUser
	regions, err := Regions()
	if err != nil {
		return err
	}
	if _, err := db.ImportRegions(ctx, sys, regions, shuangbai.Date{}); err != nil {
		return fmt.Errorf("demo: regions: %w", err)
	}
	g := &gen{db: db, rnd: rand.New(rand.NewPCG(2021, 809))}
	byParent := map[string][]shuangbai.Region{}
	for _, r := range regions {
		byParent[r.Parent] = append(byParent[r.Parent], r)
	}
	for _, c := range counties {
		if err := g.county(ctx, c, byParent); err != nil {
			return fmt.Errorf("demo: %s: %w", c.name, err)
		}
	}
	if err := loadFacts(ctx, db); err != nil {
		return fmt.Errorf("demo: facts: %w", err)
	}
	worker, err := loadCases(ctx, db)
	if err != nil {
		return fmt.Errorf("demo: cases: %w", err)
	}
	if err := loadRecruitment(ctx, db); err != nil {
		return fmt.Errorf("demo: recruitment: %w", err)
	}
	if err := loadPlans(ctx, db); err != nil {
		return fmt.Errorf("demo: plans: %w", err)
	}
	if err := loadStationWork(ctx, db); err != nil {
		return fmt.Errorf("demo: station work: %w", err)
	}
	if err := loadBriefing(ctx, db); err != nil {
		return fmt.Errorf("demo: briefing: %w", err)
	}
	if err := loadActivities(ctx, db); err != nil {
		return fmt.Errorf("demo: activities: %w", err)
	}
	if err := loadMap(ctx, db, regions); err != nil {
		return fmt.Errorf("demo: map: %w", err)
	}
	hash, err := auth.HashPasswordCost(Password, c)
	if err != nil {
		return err
	}
	for _, a := range Accounts {
		u := &shuangbai.User{Username: a.Username, Name: a.Name, Role: a.Role, Region: a.Region}
		if a.Username == "hekou-sw" {
			u.PersonID = worker // her worklist is the cases she is responsible for
		}
		if err := db.CreateUser(ctx, sys, u, hash); err != nil {
			return fmt.Errorf("demo: user %s: %w", a.Username, err)
		}
	}
	// The home page points to the day the seed's figures hold on.
	if err := db.SetDemoDay(ctx, sys, AsOf); err != nil {
		return err
	}
	// A real deployment asks every administrator for a second factor; the
	// demo asks only the security administrator, so its other accounts
	// open with the password alone.
	return db.SetTOTPRoles(ctx, sys, []shuangbai.Role{shuangbai.RoleSecAdmin})
}
