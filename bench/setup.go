package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/gen"
	"shuangbai/secret"
	"shuangbai/store"
	"shuangbai/web"
)

// target is one generated database the reads run on, with the server in
// this process, accounts with API tokens, and the raw connection the
// hand-written SQL goes through.
type target struct {
	engine, size, dsn string
	st                *store.DB
	raw               *sql.DB
	pg                bool
	box               *secret.Box
	base              string // http://127.0.0.1:port
	client            *http.Client
	srv               *http.Server
	tokens            map[string]string // role key → token
	fx                fixture
	rows              map[string]int // table → rows, for the report
	graces            shuangbai.Graces
	scored            int // scores entered by enterScore
}

// fixture is what the reads ask about, found in the data.
type fixture struct {
	city, county, town string
	worker             int64 // person id of the worker with most cases in the county
	name, idNumber     string
	idHash             string
	after100           int64   // the last id of page 99 of the county's open files
	campaign           int64   // the city's latest recruitment campaign; 0 in a database generated before gen made them
	scorable           []int64 // applications of the campaign, one a post
	benID              int64   // a file of the worker's, for recording visits
	benRegion          string
}

// rowTables are the tables whose rows the report counts.
var rowTables = []string{"regions", "stations", "points", "people", "beneficiaries", "visits", "applications", "activities",
	"applicants", "briefings", "search_items"}

// The writes' own corner of the province: a city no read looks at, so
// that the files a run imports (100,000 of them, both sides) do not change
// what the next run reads.
var benchRegions = []shuangbai.Region{
	{Code: "4499", Name: "基准测试市", Parent: gen.ProvinceCode},
	{Code: "449901", Name: "基准测试区", Parent: "4499"},
	{Code: "449901001", Name: "基准测试街道", Parent: "449901"},
	{Code: "449901001001", Name: "基准测试社区", Parent: "449901001"},
}

// importVillage is where the roster imports file their people.
const importVillage = "449901001001"

// roles of the accounts the bench makes, one each.
var benchUsers = []struct {
	key  string
	role shuangbai.Role
}{{"worker", shuangbai.RoleWorker}, {"lead", shuangbai.RoleStationLead}, {"county", shuangbai.RoleCountyAdmin},
	{"city", shuangbai.RoleCityAdmin}, {"province", shuangbai.RoleCityAdmin},
	{"import", shuangbai.RoleCountyAdmin}}

// benchClock is the server's clock: the day after the generated history,
// moving on as the run goes, so that worklists and late visits are as
// generated.
func benchClock() func() time.Time {
	start := time.Now()
	base := gen.AsOf.Time().Add(10 * time.Hour)
	return func() time.Time { return base.Add(time.Since(start)) }
}

// open opens the database, generating size into it when it is empty.
func open(ctx context.Context, engine, size, dsn string, box *secret.Box, log io.Writer) (*target, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	st.UseBox(box)
	st.Now = benchClock()
	t := &target{engine: engine, size: size, dsn: dsn, st: st, box: box, pg: st.Engine() == "postgres", tokens: map[string]string{}}
	if _, err := st.Region(ctx, shuangbai.Scope{All: true}, gen.ProvinceCode, shuangbai.Date{}); err != nil {
		s, ok := gen.Sizes[size]
		if !ok {
			return nil, fmt.Errorf("no size %q", size)
		}
		fmt.Fprintf(log, "generating %s into %s …\n", size, engine)
		start := time.Now()
		if err := gen.Generate(ctx, st, s, nil, func(p gen.Step) {
			fmt.Fprintf(log, "  %s: %d rows in %s\n", p.Name, p.Rows, p.Took.Round(time.Millisecond))
		}); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "  generated in %s\n", time.Since(start).Round(time.Second))
	}
	if t.pg {
		t.raw, err = sql.Open("pgx", dsn)
	} else {
		t.raw, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_pragma=synchronous(FULL)")
	}
	if err != nil {
		return nil, err
	}
	t.raw.SetMaxOpenConns(8)
	// A database another process is still generating (shuangbai gen) is
	// waited for: search items are its last step (counted apart from the
	// entries of the briefings and news it published before them).
	for s, ok := gen.Sizes[size]; ok; time.Sleep(15 * time.Second) {
		var n int
		err := t.raw.QueryRowContext(ctx, t.q(`SELECT (SELECT COUNT(*) FROM search_items) - (SELECT COUNT(*) FROM briefings WHERE status = 'published')
			- (SELECT COUNT(*) FROM news_items WHERE published = ?)`), true).Scan(&n)
		if err != nil || n >= s.SearchItems {
			break
		}
		fmt.Fprintf(log, "waiting for %s %s to be generated (%d of %d search items)\n", engine, size, n, s.SearchItems)
	}
	if err := t.findFixture(ctx); err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	if _, err := st.ImportRegions(ctx, shuangbai.SystemUser, benchRegions, shuangbai.Date{}); err != nil {
		return nil, fmt.Errorf("bench regions: %w", err)
	}
	if t.graces, err = st.Graces(ctx); err != nil {
		return nil, err
	}
	if err := t.accounts(ctx); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	return t, t.serve()
}

func (t *target) close() {
	if t.srv != nil {
		t.srv.Close()
	}
	if t.raw != nil {
		t.raw.Close()
	}
	t.st.Close()
}

// q rewrites ? placeholders for PostgreSQL, as the store does.
func (t *target) q(s string) string {
	if !t.pg {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (t *target) findFixture(ctx context.Context) error {
	f := &t.fx
	f.city, f.county = gen.CityCode(0), gen.CityCode(0)+"01"
	lo, hi := f.county, f.county+"~"
	err := t.raw.QueryRowContext(ctx, t.q(`SELECT worker_id FROM beneficiaries WHERE region >= ? AND region < ? AND open AND worker_id IS NOT NULL
		GROUP BY worker_id ORDER BY COUNT(*) DESC, worker_id LIMIT 1`), lo, hi).Scan(&f.worker)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	var region string
	if err := t.raw.QueryRowContext(ctx, t.q("SELECT region FROM people WHERE id = ?"), f.worker).Scan(&region); err != nil {
		return err
	}
	f.town = region[:9]
	if err := t.raw.QueryRowContext(ctx, t.q(`SELECT id, region, name FROM beneficiaries WHERE worker_id = ? AND open ORDER BY id LIMIT 1`), f.worker).
		Scan(&f.benID, &f.benRegion, &f.name); err != nil {
		return err
	}
	b, err := t.st.Beneficiary(ctx, shuangbai.Scope{All: true}, f.benID)
	if err != nil {
		return err
	}
	f.idNumber, f.idHash = b.IDNumber, t.box.Hash(b.IDNumber)
	err = t.raw.QueryRowContext(ctx, t.q(`SELECT id FROM beneficiaries WHERE region >= ? AND region < ? AND open ORDER BY id LIMIT 1 OFFSET 4949`), lo, hi).Scan(&f.after100)
	if err == sql.ErrNoRows {
		err = t.raw.QueryRowContext(ctx, t.q(`SELECT MAX(id) FROM beneficiaries WHERE region >= ? AND region < ?`), lo, hi).Scan(&f.after100)
	}
	if err != nil {
		return fmt.Errorf("page 100: %w", err)
	}
	err = t.raw.QueryRowContext(ctx, t.q(`SELECT id FROM campaigns WHERE region = ? ORDER BY year DESC, id DESC LIMIT 1`), f.city).Scan(&f.campaign)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("campaign: %w", err)
	}
	if f.campaign != 0 {
		// An application of each of the campaign's first posts, whose
		// scores the ranking read with a score just entered writes in turn.
		rows, err := t.raw.QueryContext(ctx, t.q(`SELECT MIN(id) FROM applicants WHERE campaign_id = ? GROUP BY post_id ORDER BY post_id LIMIT 64`), f.campaign)
		if err != nil {
			return fmt.Errorf("applications: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			f.scorable = append(f.scorable, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	t.rows = map[string]int{}
	for _, tb := range rowTables {
		var n int
		if err := t.raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tb).Scan(&n); err == nil {
			t.rows[tb] = n
		}
	}
	return nil
}

// accounts makes one account per role (once per database) and a fresh API
// token for each: the bench authenticates as real clients do.
func (t *target) accounts(ctx context.Context) error {
	f := t.fx
	hash, err := auth.HashPassword("bench-password-1")
	if err != nil {
		return err
	}
	for _, b := range benchUsers {
		name := "bench-" + b.key
		u, _, err := t.st.UserByName(ctx, name)
		if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
			u = &shuangbai.User{Username: name, Name: "测试" + b.key, Role: b.role}
			switch b.key {
			case "worker":
				u.Region, u.PersonID = f.town, f.worker
			case "lead":
				u.Region = f.town
			case "county":
				u.Region = f.county
			case "city":
				u.Region = f.city
			case "province":
				u.Region = gen.ProvinceCode
			case "import":
				u.Region = benchRegions[1].Code
			}
			if err = t.st.CreateUser(ctx, shuangbai.SystemUser, u, hash); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		} else if err != nil {
			return err
		}
		tok := auth.NewToken()
		if _, err := t.st.CreateSession(ctx, u.ID, tok, store.SessionAPI, "bench", 24*time.Hour); err != nil {
			return err
		}
		t.tokens[b.key] = tok
	}
	return nil
}

// serve starts the real server on loopback.
func (t *target) serve() error {
	srv, err := web.New(web.Config{DB: t.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	t.srv = &http.Server{Handler: labelKinds(srv.Handler()), ReadHeaderTimeout: 10 * time.Second}
	go t.srv.Serve(ln)
	t.base = "http://" + ln.Addr().String()
	t.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0}, Timeout: 2 * time.Minute}
	return nil
}

// do sends one request as the account key and reads the whole answer.
func (t *target) do(ctx context.Context, key, method, path, ctype string, body []byte) (int, error) {
	return t.doWith(ctx, t.tokens[key], method, path, ctype, body)
}

// doWith sends one request with token; header is more header names and
// values, in pairs.
func (t *target) doWith(ctx context.Context, token, method, path, ctype string, body []byte, header ...string) (int, error) {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, t.base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := t.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if res.StatusCode >= 300 {
		return res.StatusCode, fmt.Errorf("%s %s: %d %.300s", method, path, res.StatusCode, b)
	}
	return res.StatusCode, nil
}
