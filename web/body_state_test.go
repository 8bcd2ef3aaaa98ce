package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"

	"shuangbai"
	"shuangbai/web/webtest"
)

// afterTaken puts back, after a route's write was taken, the record it
// used up, so that later inputs reach the same handler past its state
// checks: an action item closed, a participant removed or filed, a file
// closed, a level change confirmed or replaced, a news item submitted or
// reviewed, an upload imported.
var afterTaken = map[string]func(f *bodyFixture, ctx context.Context) error{
	"POST /action-items/{id}/done":                         (*bodyFixture).newItem,
	"POST /api/v1/action-items/{id}/done":                  (*bodyFixture).newItem,
	"POST /activities/{id}/participants/{pid}/remove":      (*bodyFixture).newParticipant,
	"POST /activities/{id}/participants/{pid}/file":        (*bodyFixture).newParticipant,
	"POST /api/v1/activities/{id}/participants/{pid}/file": (*bodyFixture).newParticipant,
	"POST /beneficiaries/{id}/close":                       (*bodyFixture).reopen,
	"POST /beneficiaries/{id}/level":                       (*bodyFixture).pendingChange,
	"POST /api/v1/beneficiaries/{id}/level":                (*bodyFixture).pendingChange,
	"POST /beneficiaries/{id}/level/{change}/confirm":      (*bodyFixture).pendingChange,
	"POST /news/{id}/submit":                               (*bodyFixture).newNews,
	"POST /news/{id}/review":                               (*bodyFixture).newNews,
	"POST /beneficiaries/import/apply":                     (*bodyFixture).uploadRoster,
	"POST /reports/progress/import/{token}":                (*bodyFixture).uploadProgress,
	"POST /campaigns/{id}/scores/import/{token}":           (*bodyFixture).uploadScores,
}

func (f *bodyFixture) setID(name string, id int64) {
	f.ids[name] = webtest.ID(id)
	f.replacer = nil
}

func (f *bodyFixture) newItem(ctx context.Context) error {
	a := &shuangbai.ActionItem{Title: "河口整改事项", Owner: "站长", Due: shuangbai.NewDate(2021, 8, 31)}
	if err := f.DB.AddVisitItem(ctx, shuangbai.SystemUser, mustID(f.ids["visit"]), a); err != nil {
		return err
	}
	f.setID("item", a.ID)
	return nil
}

func (f *bodyFixture) newParticipant(ctx context.Context) error {
	p := &shuangbai.Participant{ActivityID: mustID(f.ids["activity"]), Name: "河口参与者"}
	if err := f.DB.AddParticipant(ctx, shuangbai.SystemUser, p); err != nil {
		return err
	}
	f.setID("participant", p.ID)
	return nil
}

func (f *bodyFixture) reopen(ctx context.Context) error {
	return f.DB.ReopenCase(ctx, shuangbai.SystemUser, mustID(f.ids["file"]), "继续跟进")
}

func (f *bodyFixture) closeAgain(ctx context.Context) error {
	return f.DB.CloseCase(ctx, shuangbai.SystemUser, mustID(f.ids["closed-file"]), "迁出服务区域")
}

// pendingChange leaves 陈志明 with a level change waiting for the lead.
func (f *bodyFixture) pendingChange(ctx context.Context) error {
	file := mustID(f.ids["file"])
	cs, err := f.DB.LevelChanges(ctx, webtest.AdminScope, file, true)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		b, err := f.DB.Beneficiary(ctx, webtest.AdminScope, file)
		if err != nil {
			return err
		}
		to := shuangbai.Level4(4)
		if b.Level == 4 {
			to = 3
		}
		c, err := f.DB.ChangeLevel(ctx, shuangbai.SystemUser, file, to, "情况好转")
		if err != nil {
			return err
		}
		cs = append(cs, *c)
	}
	f.setID("change", cs[0].ID)
	return nil
}

// newNews gives the routes a draft to submit and one waiting for review.
func (f *bodyFixture) newNews(ctx context.Context) error {
	sys := shuangbai.SystemUser
	for _, name := range []string{"news", "pending-news"} {
		n := &shuangbai.NewsItem{Region: f.ids["region"], Title: "河口社工站入户探访", Date: shuangbai.NewDate(2021, 8, 2), Body: "河口新闻正文"}
		if err := f.DB.CreateNews(ctx, sys, n); err != nil {
			return err
		}
		if name == "pending-news" {
			if err := f.DB.SubmitNews(ctx, sys, n.ID); err != nil {
				return err
			}
		}
		f.setID(name, n.ID)
	}
	return nil
}

// The uploads the import steps confirm are held by the server under a
// token for their uploader only: the fixture uploads the seeds' files as
// their actors and keeps the tokens, and again once one is imported.
var (
	rosterToken   = regexp.MustCompile(`\?t=([^&"]+)`)
	progressToken = regexp.MustCompile(`action="/reports/progress/import/([^"]+)"`)
	scoresToken   = regexp.MustCompile(`action="/campaigns/\d+/scores/import/([^"]+)"`)
)

func (f *bodyFixture) uploadRoster(ctx context.Context) error {
	res, err := f.sendSeed("post-beneficiaries-import")
	if err != nil {
		return err
	}
	m := rosterToken.FindStringSubmatch(res.Header().Get("Location"))
	if m == nil && f.ids["roster"] != "" {
		// Over the uploads an account may make in an hour, which on the
		// fixture's stopped clock never ends: no more imports.
		f.ids["roster"], f.replacer = "x", nil
		return nil
	}
	if m == nil {
		return fmt.Errorf("roster upload: %d %s, no token", res.Code, said(res.Body.String()))
	}
	f.ids["roster"], f.replacer = m[1], nil
	if res, err = f.sendSeed("post-beneficiaries-import-preview"); err != nil {
		return err
	} else if res.Code != http.StatusSeeOther {
		return fmt.Errorf("roster preview: %d %s", res.Code, said(res.Body.String()))
	}
	return nil
}

func (f *bodyFixture) uploadProgress(ctx context.Context) error {
	return f.uploadHeld("post-reports-progress-import", "progress-token", progressToken)
}

func (f *bodyFixture) uploadScores(ctx context.Context) error {
	return f.uploadHeld("post-campaigns-id-scores-import", "scores-token", scoresToken)
}

func (f *bodyFixture) uploadHeld(seed, name string, token *regexp.Regexp) error {
	res, err := f.sendSeed(seed)
	if err != nil {
		return err
	}
	m := token.FindStringSubmatch(res.Body.String())
	if m == nil {
		if f.ids[name] != "" {
			// Imported already: the sheet changes nothing now, and the
			// page has nothing to confirm.
			f.ids[name], f.replacer = "x", nil
			return nil
		}
		return fmt.Errorf("%s: %d %s, no token", seed, res.Code, said(res.Body.String()))
	}
	f.ids[name], f.replacer = m[1], nil
	return nil
}

// sendSeed sends the seed in the file name of the corpus.
func (f *bodyFixture) sendSeed(name string) (*httptest.ResponseRecorder, error) {
	s, err := loadBodySeed(filepath.Join(bodySeedDir, name))
	if err != nil {
		return nil, err
	}
	return f.send(s.route, s.who, s.enc, s.body, s.raw).res, nil
}

func mustID(s string) int64 {
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		panic(err)
	}
	return n
}

// resets reports whether a taken write to path may have changed what the
// next inputs need: an actor's password, factor or sessions, or the
// security settings.
func resets(path string) bool {
	for _, p := range []string{"/account", "/security", "/users", "/login", "/api/v1/login"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
