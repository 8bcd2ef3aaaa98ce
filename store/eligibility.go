package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"shuangbai"
)

// EligibilityRules returns the rules in force on day on for the people of
// region: for each benefit, the version set for the nearest region at or
// above it, else the shipped rule.
func (db *DB) EligibilityRules(ctx context.Context, region string, on shuangbai.Date) ([]shuangbai.EligibilityRule, error) {
	var ups []any
	for c := region; c != ""; c = shuangbai.ParentCode(c) {
		ups = append(ups, c)
	}
	byBenefit := map[shuangbai.AppKind]shuangbai.EligibilityRule{}
	if len(ups) > 0 {
		rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT `+ruleColumns+` FROM eligibility_rules
			WHERE region IN (`+placeholders(len(ups))+`) AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`), append(ups, on, on)...)
		if err != nil {
			return nil, fmt.Errorf("store: eligibility rules: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRule(rows)
			if err != nil {
				return nil, err
			}
			if cur, ok := byBenefit[r.Benefit]; !ok || len(r.Region) > len(cur.Region) {
				byBenefit[r.Benefit] = r
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var out []shuangbai.EligibilityRule
	for _, s := range shuangbai.ShippedRules {
		if r, ok := byBenefit[s.Benefit]; ok {
			out = append(out, r)
			delete(byBenefit, s.Benefit)
		} else if !on.Before(shuangbai.ShippedFrom) {
			s.ValidFrom = shuangbai.ShippedFrom
			out = append(out, s)
		}
	}
	var extra []shuangbai.EligibilityRule
	for _, r := range byBenefit {
		extra = append(extra, r)
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Benefit < extra[j].Benefit })
	return append(out, extra...), nil
}

const ruleColumns = "id, region, benefit, name, source, conditions, valid_from, valid_to, recorded_by"

func scanRule(sc interface{ Scan(...any) error }) (shuangbai.EligibilityRule, error) {
	var r shuangbai.EligibilityRule
	var cond string
	var to shuangbai.Date
	if err := sc.Scan(&r.ID, &r.Region, (*string)(&r.Benefit), &r.Name, &r.Source, &cond, &r.ValidFrom, &to, &r.RecordedBy); err != nil {
		return r, err
	}
	r.ValidTo = to
	if err := json.Unmarshal([]byte(cond), &r.Condition); err != nil {
		return r, fmt.Errorf("store: rule %d: %w", r.ID, err)
	}
	return r, nil
}

// EligibilityHistory returns every version of the rules set inside scope,
// newest first.
func (db *DB) EligibilityHistory(ctx context.Context, scope shuangbai.Scope) ([]shuangbai.EligibilityRule, error) {
	var w where
	w.scope("region", scope)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT `+ruleColumns+` FROM eligibility_rules WHERE `+w.String()+` ORDER BY valid_from DESC, id DESC LIMIT 500`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: eligibility history: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.EligibilityRule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveEligibilityRule records a new version of a benefit's rule for the
// user's own region (a city or county admin's), in force from r.ValidFrom:
// the version it replaces ends that day. A version cannot start before the
// one it replaces, so history is never rewritten. It is audited.
func (db *DB) SaveEligibilityRule(ctx context.Context, u *shuangbai.User, r *shuangbai.EligibilityRule) error {
	if !u.IsBureauAdmin() || u.Role == shuangbai.RoleSystem && u.Region == "" {
		return forbidden()
	}
	r.Region, r.RecordedBy = u.Region, u.Username
	if err := r.Validate(); err != nil {
		return err
	}
	cond, err := json.Marshal(r.Condition)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var prevID int64
		var prevFrom shuangbai.Date
		err := tx.QueryRowContext(ctx, db.q(`SELECT id, valid_from FROM eligibility_rules WHERE region = ? AND benefit = ? AND valid_to IS NULL`),
			r.Region, string(r.Benefit)).Scan(&prevID, &prevFrom)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return fmt.Errorf("store: eligibility rule: %w", err)
		case !prevFrom.Before(r.ValidFrom):
			msg := fmt.Sprintf("生效日期应晚于现行规则的生效日期（%s）", prevFrom.Chinese())
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: msg, Fields: map[string]string{"valid_from": msg}}
		default:
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE eligibility_rules SET valid_to = ? WHERE id = ?`), r.ValidFrom, prevID); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, db.q(`INSERT INTO eligibility_rules (region, benefit, name, source, conditions, valid_from, valid_to, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?) RETURNING id`), r.Region, string(r.Benefit), strings.TrimSpace(r.Name), strings.TrimSpace(r.Source),
			string(cond), r.ValidFrom, r.RecordedBy, db.now()).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store: save eligibility rule: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "eligibility_rule", r.ID, r.Region, nil, r)
	})
}

// EligibleCase is one person who appears to qualify for a benefit and has
// no application of its kind: a line of the 政策找人 worklist.
type EligibleCase struct {
	BeneficiaryID int64
	Name          string
	Region        string
	WorkerID      int64
	Benefit       shuangbai.AppKind
	Rule          string // the rule's name
	Source        string
	Reason        string // why, in words to check against the file
}

// Eligible returns, for the rules in force on day on for region (inside
// scope), the open cases that appear to qualify and have no application of
// the benefit's kind — at most limit per benefit, by region and name — and
// how many there are per benefit. benefit, when set, keeps one benefit.
func (db *DB) Eligible(ctx context.Context, scope shuangbai.Scope, region string, on shuangbai.Date, benefit shuangbai.AppKind, limit int) ([]EligibleCase, map[shuangbai.AppKind]int, error) {
	narrow, ok := scope.Narrow(region)
	if !ok {
		return nil, nil, notFound("区划")
	}
	if region == "" {
		region = scope.Code
	}
	rules, err := db.EligibilityRules(ctx, region, on)
	if err != nil {
		return nil, nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	counts := map[shuangbai.AppKind]int{}
	var use []*shuangbai.EligibilityRule
	for i := range rules {
		if benefit == "" || rules[i].Benefit == benefit {
			use = append(use, &rules[i])
			counts[rules[i].Benefit] = 0
		}
	}
	if len(use) == 0 {
		return nil, counts, nil
	}
	files, applied, err := db.eligibleFiles(ctx, narrow, on)
	if err != nil {
		return nil, nil, err
	}
	var out []EligibleCase
	for _, r := range use {
		bit := kindBit(r.Benefit)
		for i, b := range files {
			if applied[i]&bit != 0 {
				continue
			}
			ok, why := r.Match(b, on)
			if !ok {
				continue
			}
			if counts[r.Benefit]++; counts[r.Benefit] <= limit {
				out = append(out, EligibleCase{BeneficiaryID: b.ID, Name: b.Name, Region: b.Region, WorkerID: b.WorkerID,
					Benefit: r.Benefit, Rule: r.Name, Source: r.Source, Reason: why})
			}
		}
	}
	return out, counts, nil
}

// kindBit is an application kind's bit in a set of kinds, by its place in
// shuangbai.AppKinds: what a rule may be for (Validate keeps rules to those).
func kindBit(k shuangbai.AppKind) uint64 {
	for i, x := range shuangbai.AppKinds {
		if x.Kind == k {
			return 1 << i
		}
	}
	return 0
}

// eligibleFiles reads what the rules judge — birth, disability and groups
// — of every open case in scope filed by day on, by region and name, and
// the kinds each has applied for. It is one pass over the scope's files
// whatever the number of rules: asking the database rule by rule read
// every file of a county five times over, too slow for a county of the
// generated province (about 9,500 files), while one pass and the rules'
// own Match judge it in a fraction of the time, with the reasons worded as
// on a file's hint. The kinds come as a set of kindBit per file, applied[i]
// for files[i]: looking up a (file, kind) map for every rule and file was a
// quarter of the Go side's time.
func (db *DB) eligibleFiles(ctx context.Context, scope shuangbai.Scope, on shuangbai.Date) (files []*shuangbai.Beneficiary, applied []uint64, err error) {
	var w where
	w.scope("b.region", scope)
	w.add("b.open = TRUE")
	w.add("(b.found_on IS NULL OR b.found_on <= ?)", on)
	// A person's groups come as one number, a bit per group, from a
	// subquery on the groups' primary key: a join let PostgreSQL read the
	// whole groups table (a million rows) to hash it for one county.
	var bits strings.Builder
	var args []any
	for i, g := range shuangbai.Groups {
		fmt.Fprintf(&bits, " WHEN ? THEN %d", 1<<i)
		args = append(args, string(g.Group))
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT b.id, b.name, b.region, b.birth, b.disability, COALESCE(b.worker_id, 0),
		COALESCE((SELECT SUM(CASE g.grp`+bits.String()+` END) FROM beneficiary_groups g WHERE g.beneficiary_id = b.id), 0)
		FROM beneficiaries b WHERE `+w.String()), append(args, w.args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: eligible: %w", err)
	}
	for rows.Next() {
		b := &shuangbai.Beneficiary{}
		var mask int64
		if err := rows.Scan(&b.ID, &b.Name, &b.Region, &b.Birth, &b.Disability, &b.WorkerID, &mask); err != nil {
			rows.Close()
			return nil, nil, err
		}
		for i, g := range shuangbai.Groups {
			if mask&(1<<i) != 0 {
				b.Groups = append(b.Groups, g.Group)
			}
		}
		files = append(files, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// slices.SortFunc rather than sort.Slice: its swaps through reflection
	// were half the sort's time over a county's 10,000 files.
	slices.SortFunc(files, func(a, b *shuangbai.Beneficiary) int {
		if c := strings.Compare(a.Region, b.Region); c != 0 {
			return c
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	// An application moves with its person (moveCaseRows), so its own
	// region finds it, by the applications' index.
	var wa where
	wa.scope("region", scope)
	byID := map[int64]uint64{}
	rows, err = db.reader(ctx).QueryContext(ctx, db.q(`SELECT beneficiary_id, kind FROM applications WHERE `+wa.String()), wa.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: eligible applications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind shuangbai.AppKind
		if err := rows.Scan(&id, (*string)(&kind)); err != nil {
			return nil, nil, err
		}
		byID[id] |= kindBit(kind)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	applied = make([]uint64, len(files))
	for i, b := range files {
		applied[i] = byID[b.ID]
	}
	return files, applied, nil
}

// EligibleFile returns the benefits one person appears to qualify for and
// has not applied for: the hint on their file.
func (db *DB) EligibleFile(ctx context.Context, scope shuangbai.Scope, b *shuangbai.Beneficiary, on shuangbai.Date) ([]EligibleCase, error) {
	if !b.Open {
		return nil, nil
	}
	rules, err := db.EligibilityRules(ctx, b.Region, on)
	if err != nil {
		return nil, err
	}
	apps, err := db.Applications(ctx, scope, b.ID)
	if err != nil {
		return nil, err
	}
	applied := map[shuangbai.AppKind]bool{}
	for _, a := range apps {
		applied[a.Kind] = true
	}
	var out []EligibleCase
	for i := range rules {
		r := &rules[i]
		if applied[r.Benefit] {
			continue
		}
		if ok, why := r.Match(b, on); ok {
			out = append(out, EligibleCase{BeneficiaryID: b.ID, Name: b.Name, Region: b.Region, WorkerID: b.WorkerID,
				Benefit: r.Benefit, Rule: r.Name, Source: r.Source, Reason: why})
		}
	}
	return out, nil
}
