package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// MapSite is a station or point as a map marks it: where, and whether built.
type MapSite struct {
	Kind   string // "station" or "point"
	ID     int64
	Region string
	Name   string
	Status shuangbai.SiteStatus
	Lat    float64
	Lng    float64
}

// MapSites returns the stations and points inside scope that have
// coordinates, stations first, each in code order.
func (db *DB) MapSites(ctx context.Context, scope shuangbai.Scope) ([]MapSite, error) {
	var out []MapSite
	for _, kind := range []string{"station", "point"} {
		var w where
		w.scope("region", scope)
		w.add("(lat <> 0 OR lng <> 0)")
		err := db.eachRow(ctx, db.reader(ctx), "SELECT id, region, name, status, lat, lng FROM "+kind+"s WHERE "+w.String()+" ORDER BY region, id", w.args,
			func(scan func(...any) error) error {
				s := MapSite{Kind: kind}
				if err := scan(&s.ID, &s.Region, &s.Name, (*string)(&s.Status), &s.Lat, &s.Lng); err != nil {
					return err
				}
				out = append(out, s)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("store: map %ss: %w", kind, err)
		}
	}
	return out, nil
}

// MapCount is how many open files a region holds, and how many of them are
// overdue for a visit.
type MapCount struct {
	Open    int
	Overdue int
}

// mapWhere is the condition of the open files inside scope that f selects.
func (db *DB) mapWhere(scope shuangbai.Scope, f shuangbai.MapFilter) where {
	var w where
	w.scope("b.region", scope)
	w.add("b.open = TRUE")
	if f.Group != "" {
		w.add("EXISTS (SELECT 1 FROM beneficiary_groups g WHERE g.beneficiary_id = b.id AND g.grp = ?)", string(f.Group))
	}
	if f.Level != 0 {
		w.add("b.level = ?", int(f.Level))
	}
	if f.Overdue {
		w.add("b.next_due < ?", db.today())
	}
	return w
}

// MapCounts counts the open files inside scope that f selects, per region
// at level (a county's map colours its villages by these): counts, never
// people, so any reader of case work may have them. The three
// administrators (三员) read no case data at all.
func (db *DB) MapCounts(ctx context.Context, u *shuangbai.User, scope shuangbai.Scope, level shuangbai.Level, f shuangbai.MapFilter) (map[string]MapCount, error) {
	if !u.CanReadCases() {
		return nil, forbidden()
	}
	if !scope.Within(u.Scope()) {
		return nil, notFound("区划")
	}
	n := level.CodeLen()
	if n == 0 {
		return nil, fmt.Errorf("store: map counts at level %d", level)
	}
	w := db.mapWhere(scope, f)
	group := fmt.Sprintf("substr(b.region, 1, %d)", n)
	out := map[string]MapCount{}
	err := db.eachRow(ctx, db.reader(ctx), "SELECT "+group+", COUNT(*), SUM(CASE WHEN b.next_due < ? THEN 1 ELSE 0 END) FROM beneficiaries b WHERE "+
		w.String()+" GROUP BY "+group, append([]any{db.today()}, w.args...), func(scan func(...any) error) error {
		var code string
		var c MapCount
		if err := scan(&code, &c.Open, &c.Overdue); err != nil {
			return err
		}
		out[code] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: map counts: %w", err)
	}
	return out, nil
}

// MapPerson is a beneficiary as her own station's map marks her.
type MapPerson struct {
	ID      int64
	Region  string
	Name    string
	Lat     float64
	Lng     float64
	Level   shuangbai.Level4
	NextDue shuangbai.Date
	Overdue bool
}

// maxMapPeople caps the markers of one map: a town has a few hundred open
// files; more than this is no longer a map one can read.
const maxMapPeople = 5000

// MapPeople returns the open files inside scope that f selects and that
// have coordinates recorded, one marker each: only for a user who
// MapsPeople, and only inside her own scope (her station's town).
func (db *DB) MapPeople(ctx context.Context, u *shuangbai.User, scope shuangbai.Scope, f shuangbai.MapFilter) ([]MapPerson, error) {
	if !u.MapsPeople() {
		return nil, forbidden()
	}
	if !scope.Within(u.Scope()) {
		return nil, notFound("区划")
	}
	w := db.mapWhere(scope, f)
	w.add("(b.lat <> 0 OR b.lng <> 0)")
	today := db.today()
	var out []MapPerson
	err := db.eachRow(ctx, db.reader(ctx), fmt.Sprintf("SELECT b.id, b.region, b.name, b.lat, b.lng, b.level, b.next_due FROM beneficiaries b WHERE %s ORDER BY b.region, b.id LIMIT %d",
		w.String(), maxMapPeople), w.args, func(scan func(...any) error) error {
		var p MapPerson
		if err := scan(&p.ID, &p.Region, &p.Name, &p.Lat, &p.Lng, (*int)(&p.Level), &p.NextDue); err != nil {
			return err
		}
		p.Overdue = !p.NextDue.IsZero() && p.NextDue.Before(today)
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: map people: %w", err)
	}
	return out, nil
}

// SetBeneficiaryLocation records where a beneficiary lives, in WGS-84 as a
// phone's GPS gives it: what her station's map marks. Zero for both clears
// it.
func (db *DB) SetBeneficiaryLocation(ctx context.Context, u *shuangbai.User, id int64, lat, lng float64) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	fe := shuangbai.FieldErrors{}
	fe.Coords(lat, lng)
	if err := fe.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.beneficiary(ctx, tx, u.Scope(), id)
		if err != nil {
			return err
		}
		lat, lng = shuangbai.Round6(lat), shuangbai.Round6(lng)
		if _, err := tx.ExecContext(ctx, db.q("UPDATE beneficiaries SET lat = ?, lng = ?, updated_at = ? WHERE id = ?"), lat, lng, db.now(), id); err != nil {
			return fmt.Errorf("store: beneficiary location: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "beneficiary", id, old.Region,
			map[string]any{"lat": old.Lat, "lng": old.Lng}, map[string]any{"lat": lat, "lng": lng})
	})
}
