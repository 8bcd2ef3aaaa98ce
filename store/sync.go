package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"shuangbai"
)

// OfflineVisits is how many of a case's visits a phone keeps: the last
// ten are what a visit at the door needs, and a phone does not slow down
// as the years of visits pile up.
const OfflineVisits = 10

// OfflineCase is one case as the phone keeps it: the file and its last
// visits, newest first.
type OfflineCase struct {
	Beneficiary *shuangbai.Beneficiary
	Visits      []shuangbai.Visit
}

// OfflineCases returns the open cases whose responsible worker is u's own
// roster entry, each with its last OfflineVisits visits: all a phone is
// given to work offline, and nothing of any other worker's cases. A user
// with no roster entry gets none.
func (db *DB) OfflineCases(ctx context.Context, u *shuangbai.User) ([]OfflineCase, error) {
	if !u.CanReadCases() {
		return nil, forbidden()
	}
	if u.PersonID == 0 {
		return nil, nil
	}
	open := true
	var out []OfflineCase
	at := map[int64]int{}
	for after := int64(0); ; {
		page, err := db.Beneficiaries(ctx, u.Scope(), shuangbai.BeneficiaryFilter{WorkerID: u.PersonID, Open: &open, After: after, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, b := range page {
			at[b.ID] = len(out)
			out = append(out, OfflineCase{Beneficiary: b})
			after = max(after, b.ID)
		}
		if len(page) < 500 {
			break
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	var w where
	w.add("b.worker_id = ?", u.PersonID)
	w.add("b.open = TRUE")
	w.scope("b.region", u.Scope())
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, beneficiary_id, region, visited_on, kind, findings, services, next_due, recorded_by, created_at FROM (
		SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.beneficiary_id ORDER BY v.visited_on DESC, v.id DESC) AS rn
		FROM visits v JOIN beneficiaries b ON b.id = v.beneficiary_id WHERE `+w.String()+`) x
		WHERE rn <= ? ORDER BY beneficiary_id, visited_on DESC, id DESC`), append(w.args, OfflineVisits)...)
	if err != nil {
		return nil, fmt.Errorf("store: offline visits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v shuangbai.Visit
		var services string
		if err := rows.Scan(&v.ID, &v.BeneficiaryID, &v.Region, &v.On, (*string)(&v.Kind), &v.Findings, &services, &v.NextDue, &v.By, &v.CreatedAt); err != nil {
			return nil, err
		}
		if services != "" {
			v.Services = strings.Split(services, ",")
		}
		if i, ok := at[v.BeneficiaryID]; ok {
			out[i].Visits = append(out[i].Visits, v)
		}
	}
	return out, rows.Err()
}

// OfflineFields are the fields of a file a phone may edit offline: plain
// text a worker learns at the door. Numbers reach the phone masked and
// so cannot be edited there; the level has its own confirmation.
var OfflineFields = []string{"address", "disability"}

// FieldConflict is a field that changed on the server since the phone
// read it: the value the phone's edit was based on, the phone's new value
// and the server's, for the worker (or her lead) to choose between.
type FieldConflict struct {
	Field  string `json:"field"`
	Base   string `json:"base"`
	Mine   string `json:"mine"`
	Theirs string `json:"theirs"`
}

// EditCaseFields applies an edit made offline to one of the worker's own
// cases, field by field. base holds, for each field edited, the value the
// phone had when the edit was made (its version of that field); set the new
// values. A field the server has not changed since is applied; one it has
// changed to something else comes back as a conflict and is not written,
// so neither side's change is silently lost. To resolve, the phone sends
// the chosen value again with the server's value as its base.
func (db *DB) EditCaseFields(ctx context.Context, u *shuangbai.User, id int64, base, set map[string]string) (applied []string, conflicts []FieldConflict, err error) {
	if !u.CanEditCases() {
		return nil, nil, forbidden()
	}
	fe := shuangbai.FieldErrors{}
	for f := range set {
		if !slices.Contains(OfflineFields, f) {
			fe.Add(f, "离线时不能修改此项")
		}
		if _, ok := base[f]; !ok {
			fe.Add(f, "缺少修改前的值")
		}
	}
	if len(set) == 0 {
		return nil, nil, shuangbai.Errorf(shuangbai.EINVALID, "没有要修改的内容")
	}
	if err := fe.Err(); err != nil {
		return nil, nil, err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.beneficiary(ctx, tx, u.Scope(), id)
		if err != nil {
			return err
		}
		if err := ownOpenCase(u, b); err != nil {
			return err
		}
		old := map[string]string{"address": b.Address, "disability": b.Disability}
		cur := map[string]*string{"address": &b.Address, "disability": &b.Disability}
		for _, f := range OfflineFields {
			mine, ok := set[f]
			if !ok {
				continue
			}
			switch theirs := *cur[f]; {
			case theirs == mine: // both made the same change, or none
			case theirs == base[f]:
				*cur[f] = mine
				applied = append(applied, f)
			default:
				conflicts = append(conflicts, FieldConflict{Field: f, Base: base[f], Mine: mine, Theirs: theirs})
			}
		}
		if len(applied) == 0 {
			return nil
		}
		fe := shuangbai.FieldErrors{}
		fe.Text("address", "住址", &b.Address, shuangbai.TextLine, 200)
		fe.Text("disability", "残疾类别等级", &b.Disability, shuangbai.TextLine, 50)
		if err := fe.Err(); err != nil {
			return err
		}
		b.UpdatedAt = db.now()
		if _, err := tx.ExecContext(ctx, db.q("UPDATE beneficiaries SET address = ?, disability = ?, updated_at = ? WHERE id = ?"),
			b.Address, b.Disability, b.UpdatedAt, b.ID); err != nil {
			return fmt.Errorf("store: offline edit: %w", err)
		}
		after := map[string]string{}
		before := map[string]any{}
		for _, f := range applied {
			before[f], after[f] = old[f], *cur[f]
		}
		return db.audit(ctx, tx, u, "update", "beneficiary", b.ID, b.Region, before, after)
	})
	if err != nil {
		return nil, nil, err
	}
	return applied, conflicts, nil
}

// OfflineKey returns the secret a user's phone seals its offline storage
// with (64 hex digits): a keyed hash of the account under the database's
// master key, so it is the same at every login (visits queued before an
// idle timeout can be sent after the next login) and is given only to a
// session of that account. The phone keeps it only as a non-extractable
// WebCrypto key, and forgets it at logout and after the idle timeout.
func (db *DB) OfflineKey(u *shuangbai.User) (string, error) {
	if db.box == nil {
		return "", errNoKey
	}
	return db.box.Hash(fmt.Sprintf("offline-storage-key/v1/%d/%s", u.ID, u.Username)), nil
}
