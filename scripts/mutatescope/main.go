// Command mutatescope checks that the store's tests notice when any one of
// its scope conditions is taken away. It is not part of the normal test
// suite (nothing runs it but you); run it from anywhere in the module:
//
//	scripts/mutate-scope              # or: go run ./scripts/mutatescope
//	scripts/mutate-scope -list        # only list the conditions it finds
//	scripts/mutate-scope -run TestScope  # only the scope tests, to see they suffice
//	scripts/mutate-scope -v           # print the test output of survivors
//	scripts/mutate-scope -tests matrix   # the access matrix (web's TestAccessMatrix) instead
//	scripts/mutate-scope -tests both     # the store tests and the matrix, each on its own
//	scripts/mutate-scope -only 'Create'  # only the conditions whose line matches
//
// With the store tests it takes under a minute on two cores: one compile,
// then one run of the store tests (SQLite, -count=1, 2 minutes' timeout)
// per condition, two at a time (-j). The matrix (-tests matrix) is one test
// of package web, ./web -run '^TestAccessMatrix$', run with
// SHUANGBAI_MATRIX_FAILFAST=1 so that it stops at its first failure: a
// caught mutant costs the fixture and the checks up to the one that fails,
// a survivor the whole matrix (half a minute on an idle machine).
//
// A scope condition is any place in the store's non-test code that keeps a
// read or write to the part of the region tree a shuangbai.Scope allows.
// The tool finds them by pattern in the type-checked package, in whatever
// file they live (no file names or line numbers are written down here):
//
//   - w.scope(col, S) on a where;
//   - inScope(col, S), outside the helpers that only pass it on (where.scope,
//     inScopeCond, scopeArgs);
//   - inScopeCond(col, S), together with the scopeArgs(S) of the same
//     statement, which carries its arguments;
//   - S.Contains(code) and S.Within(t) on a shuangbai.Scope;
//   - calls of the store's own func(…, shuangbai.Scope, …) bool helpers,
//     such as visible.
//
// The mutation takes one condition away, mechanically and without changing
// anything else: the scope S a condition is built from becomes S with All
// set, so that inScope answers "1 = 1" with no arguments (the SQL and its
// arguments stay in step, the query still runs); a boolean check answers
// true. A surviving mutant is then a scope condition no test depends on.
//
// It works on a copy of the module in a temporary folder, never on your
// files, and removes the copy when it ends or is interrupted (-keep keeps
// it). In the copy it wraps every condition at once in a switch on
// SHUANGBAI_MUTANT (mutant schemata: zzMutScope(n, S), zzMutBool(n, check)),
// so one compile of each test binary of ./store/... serves every mutant. It
// runs the tests once with no mutant (they must pass), then once with each
// condition taken away, and prints one line per condition: file:line, the
// function, and CAUGHT (by the first test that failed, and for the matrix
// its first message) or SURVIVED, for each suite of tests. It exits 1 when
// a condition survived a suite and is not listed in equivalent below (or,
// for the matrix, in routeEquivalent: no request tells it, the store's
// tests catch it), 2 when it could not run.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const mutantEnv = "SHUANGBAI_MUTANT"

var (
	listOnly = flag.Bool("list", false, "only list the scope conditions")
	verbose  = flag.Bool("v", false, "print the test output of each survivor")
	jobs     = flag.Int("j", 2, "mutants to test at once")
	timeout  = flag.Duration("timeout", 0, "timeout of one test run (default 2m for the store tests, 10m for the matrix)")
	runFlag  = flag.String("run", "", "run only the store tests matching this pattern (go test -run)")
	testsFlg = flag.String("tests", "store", "the tests a mutant must fail: store (./store/...), matrix (./web's TestAccessMatrix) or both")
	onlyFlag = flag.String("only", "", "test only the conditions whose listed line (file:line function code) matches this regexp")
	keep     = flag.Bool("keep", false, "keep the temporary copy of the module")
	pkgDir   = flag.String("pkg", "store", "the package, relative to the module root, whose conditions to mutate")
	progress = flag.Bool("progress", false, "print each mutant's result to stderr as it ends")
)

type condition struct {
	id    int
	file  string // relative to the module root
	line  int
	fn    string
	code  string
	edits []edit
}

type edit struct {
	pos  int // byte offset in the file
	text string
}

func main() {
	flag.Parse()
	start := time.Now()
	root, err := moduleRoot()
	if err != nil {
		fatal(err)
	}
	tmp, err := os.MkdirTemp("", "mutate-scope-")
	if err != nil {
		fatal(err)
	}
	cleanup := func() {
		if *keep {
			fmt.Fprintln(os.Stderr, "kept", tmp)
			return
		}
		os.RemoveAll(tmp)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, root, tmp)
	cleanup()
	if ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "interrupted")
		os.Exit(130)
	}
	fmt.Printf("took %s\n", time.Since(start).Round(time.Second))
	os.Exit(code)
}

func run(ctx context.Context, root, tmp string) int {
	mod := filepath.Join(tmp, "mod")
	if err := copyModule(root, mod); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	conds, modPath, err := findConditions(ctx, mod, *pkgDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if *onlyFlag != "" {
		re, err := regexp.Compile(*onlyFlag)
		if err != nil {
			fmt.Fprintln(os.Stderr, "-only:", err)
			return 2
		}
		conds = slices.DeleteFunc(conds, func(c condition) bool { return !re.MatchString(c.label()) })
	}
	if *listOnly {
		for _, c := range conds {
			fmt.Println(c.label())
		}
		fmt.Printf("%d scope conditions\n", len(conds))
		return 0
	}
	if err := writeSchemata(mod, *pkgDir, modPath, conds); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	suites, err := buildSuites(ctx, mod, tmp)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for _, s := range suites {
		if out, failed, err := s.runTests(ctx, 0); err != nil || failed != "" {
			fmt.Fprintf(os.Stderr, "the %s tests fail with no mutant (%s, %v):\n%s\n", s.name, failed, err, out)
			return 2
		}
	}

	type result struct {
		caught string
		out    []byte
	}
	results := make([][]result, len(conds)) // per condition, per suite
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, *jobs))
	for i, c := range conds {
		results[i] = make([]result, len(suites))
		for k, s := range suites {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				if ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				out, failed, err := s.runTests(ctx, c.id)
				if err != nil && failed == "" {
					failed = "(" + err.Error() + ")"
				}
				results[i][k] = result{failed, out}
				if *progress {
					status := "SURVIVED"
					if failed != "" {
						status = "CAUGHT by " + failed
					}
					fmt.Fprintf(os.Stderr, "%s: %s %s in %s\n", s.name, c.label(), status, time.Since(t0).Round(time.Second))
				}
			}()
		}
	}
	wg.Wait()
	if ctx.Err() != nil {
		return 130
	}
	survived := make([]int, len(suites))
	equiv := make([]int, len(suites))
	for i, c := range conds {
		where := fmt.Sprintf("%s:%d", c.file, c.line)
		for k, s := range suites {
			r := results[i][k]
			why := equivalentWhy(c)
			if s.name == "matrix" && why == "" {
				if why = listedWhy(routeEquivalent, c); why != "" {
					why = "through the routes: " + why
				}
			}
			switch {
			case r.caught != "":
				fmt.Printf("%-32s %-22s %-6s CAUGHT    by %-40s %s\n", where, c.fn, s.name, r.caught, c.code)
			case why != "":
				equiv[k]++
				fmt.Printf("%-32s %-22s %-6s SURVIVED  (equivalent: %s) %s\n", where, c.fn, s.name, why, c.code)
			default:
				survived[k]++
				fmt.Printf("%-32s %-22s %-6s SURVIVED  %s\n", where, c.fn, s.name, c.code)
				if *verbose {
					os.Stdout.Write(r.out)
				}
			}
		}
	}
	code := 0
	for k, s := range suites {
		fmt.Printf("%s: %d scope conditions: %d caught, %d survived, %d equivalent (or, for the matrix, route-equivalent) survived\n", s.name, len(conds), len(conds)-survived[k]-equiv[k], survived[k], equiv[k])
		if survived[k] > 0 {
			code = 1
		}
	}
	if *onlyFlag == "" {
		for _, e := range staleEquivalents(conds) {
			fmt.Printf("warning: listed as equivalent but not found: %s\n", e)
		}
	}
	return code
}

// line is how -list shows a condition and -only matches it.
func (c condition) label() string {
	return fmt.Sprintf("%-32s %-22s %s", fmt.Sprintf("%s:%d", c.file, c.line), c.fn, c.code)
}

// staleEquivalents lists the entries of equivalent that match no
// condition: the code they name has changed, and the entry should go.
func staleEquivalents(conds []condition) []string {
	var out []string
	for _, e := range append(slices.Clone(equivalent), routeEquivalent...) {
		found := false
		for _, c := range conds {
			found = found || e.fn == c.fn && e.code == c.code
		}
		if !found {
			out = append(out, e.fn+": "+e.code)
		}
	}
	return out
}

func equivalentWhy(c condition) string { return listedWhy(equivalent, c) }

func listedWhy(list []struct{ fn, code, why string }, c condition) string {
	for _, e := range list {
		if e.fn == c.fn && e.code == c.code {
			return e.why
		}
	}
	return ""
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mutate-scope:", err)
	os.Exit(2)
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// copyModule copies the module's files as they are in the working tree,
// edits not yet committed included: those git knows of or would add, else
// every file but .git and node_modules.
func copyModule(from, to string) error {
	var files []string
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = from
	if out, err := cmd.Output(); err == nil {
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, filepath.FromSlash(f))
			}
		}
	} else {
		err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() {
				rel, _ := filepath.Rel(from, p)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, rel := range files {
		src, err := os.Open(filepath.Join(from, rel))
		if os.IsNotExist(err) {
			continue // deleted in the working tree, not yet in the index
		}
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755); err != nil {
			src.Close()
			return err
		}
		dst, err := os.Create(filepath.Join(to, rel))
		if err == nil {
			_, err = io.Copy(dst, src)
			if cerr := dst.Close(); err == nil {
				err = cerr
			}
		}
		src.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// writeSchemata rewrites the package's files with every condition wrapped
// in a switch on SHUANGBAI_MUTANT, and adds the switches.
func writeSchemata(mod, dir, modPath string, conds []condition) error {
	byFile := map[string][]edit{}
	for _, c := range conds {
		byFile[c.file] = append(byFile[c.file], c.edits...)
	}
	for file, edits := range byFile {
		path := filepath.Join(mod, file)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Insert from the end, so earlier offsets stay valid. At one offset
		// a closing parenthesis goes before an opening call.
		sort.SliceStable(edits, func(i, j int) bool {
			if edits[i].pos != edits[j].pos {
				return edits[i].pos > edits[j].pos
			}
			return edits[i].text != ")" && edits[j].text == ")"
		})
		for _, e := range edits {
			src = append(src[:e.pos], append([]byte(e.text), src[e.pos:]...)...)
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
	}
	pkgName := "store"
	if files, _ := filepath.Glob(filepath.Join(mod, dir, "*.go")); len(files) > 0 {
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			if af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly); err == nil {
				pkgName = af.Name.Name
				break
			}
		}
	}
	helper := `package ` + pkgName + `

// Written by scripts/mutatescope in its temporary copy of the module.

import (
	"os"
	"strconv"

	scopemut "` + modPath + `"
)

var zzMutant, _ = strconv.Atoi(os.Getenv("` + mutantEnv + `"))

// zzMutScope takes condition id away: its scope allows everything.
func zzMutScope(id int, s scopemut.Scope) scopemut.Scope {
	if id == zzMutant {
		s.All = true
	}
	return s
}

// zzMutBool takes condition id away: its check passes.
func zzMutBool(id int, b bool) bool { return b || id == zzMutant }
`
	return os.WriteFile(filepath.Join(mod, dir, "zz_mutatescope.go"), []byte(helper), 0o644)
}

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
