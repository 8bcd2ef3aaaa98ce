package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGen(t *testing.T) {
	t.Setenv("SHUANGBAI_KEY", strings.Repeat("ab", 32))
	db := filepath.Join(t.TempDir(), "gen.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--points", "-1"}, "--points 不能为负数（-1）"},
		{[]string{"--villages", "10"}, "社工点数（250）多于村（社区）数（10）"},
		{[]string{"--preset", "country"}, `--preset 应为 city、county、province 之一，不是 "country"`},
		{[]string{"--visits", "7"}, "整数倍"},
		{[]string{"--beneficiaries", "100", "--visits", "0"}, "--applications（1000）不能多于 --beneficiaries（100）"},
		{[]string{"--campaigns", "0"}, "没有招聘（--campaigns 0）就不能有岗位（--posts 15）"},
		{[]string{"--briefings", "10", "--news", "2"}, "每期简报至少 3 条动态（--news"},
	} {
		var out, errOut bytes.Buffer
		err := run(t.Context(), append([]string{"gen", "--db", db}, c.args...), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("gen %v: %v, want %q", c.args, err, c.want)
		}
	}
	var out, errOut bytes.Buffer
	args := []string{"gen", "--db", db, "--beneficiaries", "200", "--visits", "400", "--applications", "20", "--activities", "1",
		"--campaigns", "1", "--posts", "2", "--applicants", "3", "--briefings", "2", "--news", "3", "--search-items", "5"}
	if err := run(t.Context(), args, &out, &errOut); err != nil {
		t.Fatalf("gen: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"200 名服务对象，400 条探访记录，20 条协助申请", "服务对象、探访和协助申请", "招聘", "工作简报", "完成"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "100% 200/200") {
		t.Errorf("no finished progress bar: %q", errOut.String())
	}
	// A second run refuses to generate over the first.
	if err := run(t.Context(), args, &out, &errOut); err == nil || !strings.Contains(err.Error(), "已有区划 44") {
		t.Errorf("second gen: %v", err)
	}
}

func TestBarLine(t *testing.T) {
	b := &bar{label: "服务对象", total: 1000, done: 250}
	got := b.line(10 * time.Second)
	for _, want := range []string{"[=======       ", " 25% 250/1000", "25 个/秒", "剩余 30s"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
}
