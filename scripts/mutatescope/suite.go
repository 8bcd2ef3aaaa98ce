package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The test binaries a mutant must fail, built once, and one run of them.

type testBin struct{ path, dir string }

// A suite is the tests a mutant must fail: test binaries, the flags and
// environment to run them with, and how to name a failure.
type suite struct {
	name    string
	bins    []testBin
	args    []string
	env     []string
	timeout time.Duration
	// detail, when set, finds the first message of a failure, which the
	// report shows after the failed test: the matrix is one test, and
	// what it found is in the message.
	detail *regexp.Regexp
}

// matrixMessage is the first message of a failed matrix check.
var matrixMessage = regexp.MustCompile(`(?m)^\s+(matrix_\w+\.go:\d+: .*)$`)

// buildSuites compiles the tests -tests asks for.
func buildSuites(ctx context.Context, mod, tmp string) ([]suite, error) {
	var out []suite
	if *testsFlg == "store" || *testsFlg == "both" {
		bins, err := buildTests(ctx, mod, tmp, "./"+*pkgDir+"/...")
		if err != nil {
			return nil, err
		}
		s := suite{name: "store", bins: bins, timeout: cmpOr(*timeout, 2*time.Minute)}
		if *runFlag != "" {
			s.args = append(s.args, "-test.run="+*runFlag)
		}
		out = append(out, s)
	}
	if *testsFlg == "matrix" || *testsFlg == "both" {
		bins, err := buildTests(ctx, mod, tmp, "./web")
		if err != nil {
			return nil, err
		}
		out = append(out, suite{name: "matrix", bins: bins, args: []string{"-test.run=^TestAccessMatrix$"},
			env: []string{"SHUANGBAI_MATRIX_FAILFAST=1"}, timeout: cmpOr(*timeout, 10*time.Minute), detail: matrixMessage})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-tests %q: want store, matrix or both", *testsFlg)
	}
	return out, nil
}

func cmpOr(a, b time.Duration) time.Duration {
	if a != 0 {
		return a
	}
	return b
}

// buildTests compiles the test binary of each package of pattern that has
// tests.
func buildTests(ctx context.Context, mod, tmp, pattern string) ([]testBin, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-f", "{{.ImportPath}} {{.Dir}} {{len .TestGoFiles}} {{len .XTestGoFiles}}", pattern)
	cmd.Dir = mod
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var bins []testBin
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 || f[2] == "0" && f[3] == "0" {
			continue
		}
		bin := filepath.Join(tmp, strings.ReplaceAll(f[0], "/", "_")+".test")
		cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, f[0])
		cmd.Dir = mod
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("go test -c %s: %w", f[0], err)
		}
		bins = append(bins, testBin{bin, f[1]})
	}
	return bins, sc.Err()
}

var failLine = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// runTests runs every test binary of s with mutant id on, on SQLite, and
// returns the output and the first test that failed ("" if all passed).
func (s suite) runTests(ctx context.Context, id int) ([]byte, string, error) {
	var all []byte
	for _, b := range s.bins {
		args := append([]string{"-test.count=1", "-test.timeout=" + s.timeout.String()}, s.args...)
		cmd := exec.CommandContext(ctx, b.path, args...)
		cmd.Dir = b.dir
		env := append(withoutEnv(os.Environ(), "SHUANGBAI_TEST_POSTGRES", mutantEnv), mutantEnv+"="+strconv.Itoa(id))
		cmd.Env = append(env, s.env...)
		out, err := cmd.CombinedOutput()
		all = append(all, out...)
		if err != nil {
			failed := "(exit: " + err.Error() + ")"
			if m := failLine.FindAllSubmatch(out, -1); m != nil {
				failed = string(m[0][1])
				if s.detail != nil {
					failed = string(m[len(m)-1][1]) // the subtest: its parents come first
					if d := s.detail.FindSubmatch(out); d != nil {
						failed += " " + truncate(string(d[1]), 160)
					}
				}
			} else if bytes.Contains(out, []byte("panic: test timed out")) {
				failed = "(timeout)"
			} else if bytes.Contains(out, []byte("panic:")) {
				failed = "(panic)"
			}
			return all, failed, nil
		}
	}
	return all, "", nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func withoutEnv(env []string, names ...string) []string {
	var out []string
next:
	for _, kv := range env {
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}
