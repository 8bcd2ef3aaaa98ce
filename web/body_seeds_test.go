package web_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// bodySeedDir holds FuzzBodies' seed corpus: a good body for each route.
var bodySeedDir = filepath.Join("testdata", "fuzz", "FuzzBodies")

// bodySeed is one input of FuzzBodies, as its file holds it.
type bodySeed struct {
	file      string
	route     string
	who, enc  uint8
	body, raw []byte
}

// readBodySeeds reads the good bodies of the seed corpus (the inputs the
// fuzzer found are named regress-…), in the format of go test's
// testdata/fuzz files: a version line, then one Go literal per argument.
func readBodySeeds(t *testing.T) []bodySeed {
	t.Helper()
	entries, err := os.ReadDir(bodySeedDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []bodySeed
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "regress-") {
			continue // an input the fuzzer found, kept to run as a test
		}
		s, err := loadBodySeed(filepath.Join(bodySeedDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func loadBodySeed(path string) (bodySeed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return bodySeed{}, err
	}
	s, err := parseBodySeed(b)
	if err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	s.file = filepath.Base(path)
	return s, nil
}

func parseBodySeed(b []byte) (bodySeed, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	var lines []string
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) != 6 || lines[0] != "go test fuzz v1" {
		return bodySeed{}, fmt.Errorf("want the version line and 5 values, have %d lines", len(lines))
	}
	lit := func(l, typ string) (string, error) {
		inner, ok := strings.CutPrefix(l, typ+"(")
		if !ok || !strings.HasSuffix(inner, ")") {
			return "", fmt.Errorf("%q is not a %s", l, typ)
		}
		return strconv.Unquote(inner[:len(inner)-1])
	}
	num := func(l string) (uint8, error) {
		s, err := lit(l, "byte")
		r := []rune(s)
		if err != nil || len(r) != 1 || r[0] > 0xff {
			return 0, fmt.Errorf("%q is not a byte", l)
		}
		return byte(r[0]), nil
	}
	var s bodySeed
	var err error
	var body, raw string
	if s.route, err = lit(lines[1], "string"); err != nil {
		return s, err
	}
	if s.who, err = num(lines[2]); err != nil {
		return s, err
	}
	if s.enc, err = num(lines[3]); err != nil {
		return s, err
	}
	if body, err = lit(lines[4], "[]byte"); err != nil {
		return s, err
	}
	if raw, err = lit(lines[5], "[]byte"); err != nil {
		return s, err
	}
	s.body, s.raw = []byte(body), []byte(raw)
	return s, nil
}

// refusedSeeds are the seeds a fresh fixture refuses, for a step before
// theirs that a body alone cannot take (a login's password, a briefing's
// content, a campaign's notice period): they still start the fuzzer past
// the decoding, at the check of that state.
var refusedSeeds = map[string]string{
	"post-login-enrol":                  "a pending login, from the password step",
	"post-login-totp":                   "a pending login, from the password step",
	"post-briefings-id-publish":         "news published in every section of the draft",
	"post-api-v1-briefings-id-publish":  "news published in every section of the draft",
	"post-briefings-id-correct":         "a published briefing",
	"post-campaigns-id-sign":            "candidates on a notice whose period has ended",
	"post-api-v1-campaigns-id-signings": "candidates on a notice whose period has ended",
	"post-records-id-contracts-cid-end": "a contract, which only signing makes",
}

// TestBodySeeds: every route FuzzBodies sends to has a seed, and each
// seed, sent in turn (in the order of their names) to a fresh fixture, is
// taken (2xx or a redirect) but for refusedSeeds, and passes the target's
// checks: the seeds start the fuzzer inside each handler rather than at
// its first refusal.
func TestBodySeeds(t *testing.T) {
	fx := newBodyFixture(t)
	routes := fx.routes
	seeds := readBodySeeds(t)
	covered := map[string]bool{}
	for _, s := range seeds {
		p, _, _ := strings.Cut(s.route, "?")
		if !slices.Contains(routes, p) {
			t.Errorf("%s: %q is not a route that takes a body", s.file, s.route)
		}
		covered[p] = true
	}
	for _, r := range routes {
		if !covered[r] {
			t.Errorf("route %q has no seed in %s", r, bodySeedDir)
		}
	}
	for _, s := range seeds {
		t.Run(s.file, func(t *testing.T) {
			sent := fx.send(s.route, s.who, s.enc, s.body, s.raw)
			if c, why := sent.res.Code, refusedSeeds[s.file]; why != "" {
				if c < 400 {
					t.Errorf("%s was taken (%d): take it out of refusedSeeds", s.file, c)
				}
			} else if c >= 400 {
				t.Errorf("%s as %q: %s %s: status %d, want the body taken: %s", s.route, sent.who, sent.req.Method, sent.req.URL, c, said(sent.res.Body.String()))
			}
			fx.check(t, sent)
		})
	}
}

// shownMessages find what a page says went wrong.
var shownMessages = regexp.MustCompile(`class="(?:message|field-error|alert)"[^>]*>([^<]*)<`)

// said is what an answer says went wrong: a page's messages, or the
// body itself.
func said(body string) string {
	if !strings.HasPrefix(body, "<!DOCTYPE") {
		return fmt.Sprintf("%.500s", body)
	}
	var out []string
	for _, m := range shownMessages.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return strings.Join(out, " / ")
}
