package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

const checkData = "../../testdata/check/"

func TestCheckCommandLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"listed in help", []string{"help"}, exitOK, []string{"check      FILE...    run scenarios and judge their expectations; exit 3 on failure"}, nil},
		{"flags", []string{"check", "-h"}, exitOK, nil, []string{"usage: supplysim check [flags] FILE...", "-allow-inconclusive", "-tolerance metric=value"}},
		{"no file", []string{"check"}, exitUsage, nil, []string{"check needs at least one scenario file"}},
		{"update without baseline", []string{"check", "--update-baseline", checkData + "pass.toml"}, exitUsage, nil,
			[]string{"--update-baseline writes the --baseline: give --baseline PATH too"}},
		{"tolerance without baseline", []string{"check", "--tolerance", "fill_rate=0.01", checkData + "pass.toml"}, exitUsage, nil,
			[]string{"--tolerance applies to baseline comparisons"}},
		{"bad tolerance", []string{"check", "--tolerance", "fill=0.01", checkData + "pass.toml"}, exitUsage, nil,
			[]string{`invalid value "fill=0.01" for flag -tolerance: unknown metric "fill"`}},
		{"no reps", []string{"check", "--reps", "0", checkData + "pass.toml"}, exitUsage, nil, []string{"--reps must be at least 1"}},
		{"negative workers", []string{"check", "--workers", "-1", checkData + "pass.toml"}, exitUsage, nil, []string{"--workers must not be negative"}},
		// The numbers of testdata/check depend on the engine's random draws,
		// so only the verdicts, which theory settles with a wide margin, are
		// checked here (fill rate 0.6968, on hand 2.53: see pass.toml).
		{"pass", []string{"check", checkData + "pass.toml"}, exitOK,
			[]string{`pass.toml: "check: passing expectations", 8 replications, seed 1`,
				`PASS  shop/kettle  fill_rate in [0.5, 0.9]  0.`, ` ± 0.0`, `  "fill rate near theory"` + "\n",
				"PASS  shop/kettle  lost_rate <= 0           0 ± 0\n",
				"PASS  shop/kettle  avg_on_hand >= 1 (mean)  2.",
				"check: 3 passed, 0 failed, 0 inconclusive in 1 scenario file\n"}, nil},
		{"fail", []string{"check", checkData + "fail.toml"}, exitExpected,
			[]string{`FAIL  shop/kettle  fill_rate >= 0.95  0.`, `"fill rate of a well-stocked shop": the whole 95% CI [0.`, `] is below the minimum 0.95`,
				"check: 1 passed, 1 failed, 0 inconclusive"}, nil},
		{"inconclusive", []string{"check", checkData + "inconclusive.toml"}, exitExpected,
			[]string{"INCONCLUSIVE  shop/kettle        fill_rate >= 0.7 ",
				"] straddles the minimum 0.7: about ", " replications would settle it (now 8), if the mean and spread hold",
				"fill_rate is undefined in all 8 replications: no demand arrived after the warm-up",
				"check: 0 passed, 0 failed, 2 inconclusive in 1 scenario file"}, nil},
		{"inconclusive allowed", []string{"check", "--allow-inconclusive", checkData + "inconclusive.toml"}, exitOK,
			[]string{"2 inconclusive (allowed)"}, nil},
		{"no expectations", []string{"check", checkData + "noexpect.toml"}, exitOK,
			[]string{"check: 0 passed, 0 failed, 0 inconclusive in 1 scenario file"},
			[]string{"supplysim: warning: " + checkData + "noexpect.toml: no [[expect]] tables and no --baseline: nothing to check"}},
		{"missing file", []string{"check", "nope.toml", checkData + "pass.toml"}, exitError,
			[]string{"nope.toml: ERROR: cannot read scenario nope.toml", "check: 3 passed, 0 failed, 0 inconclusive, 1 scenario error in 2 scenario files"},
			[]string{"supplysim: cannot read scenario nope.toml: no such file or directory"}},
		{"invalid scenario", []string{"check", "../../testdata/invalid/empty.toml", checkData + "fail.toml"}, exitError,
			[]string{"empty.toml: ERROR: ../../testdata/invalid/empty.toml has problems (listed above): file is empty", "1 failed"},
			[]string{"empty.toml"}},
		{"seed and reps", []string{"check", "--seed", "5", "--reps", "3", checkData + "pass.toml"}, exitOK,
			[]string{"3 replications, seed 5"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := supplysim(t, tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, stdout, s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, stderr, s)
			}
			assert.NotContains(t, stderr, "goroutine", "no stack traces")
			assert.NotContains(t, stdout+stderr, "reported", "no internal sentinel in messages")
		})
	}
}

// The example scenarios pass their own expectations: the project's CI
// runs `supplysim check scenarios/*.toml`.
func TestExampleScenariosPassCheck(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../scenarios/*.toml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	code, stdout, stderr := supplysim(t, append([]string{"check"}, files...)...)
	assert.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.NotContains(t, stdout, "FAIL")
	assert.NotContains(t, stdout, "INCONCLUSIVE")
}

type junitSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Tests int    `xml:"tests,attr"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, path string) junitSuites {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var s junitSuites
	require.NoError(t, xml.Unmarshal(data, &s), string(data))
	return s
}

// checkReport is the part of `check --json` the tests read.
type checkReport struct {
	Passed    bool `json:"passed"`
	Scenarios []struct {
		File     string `json:"file"`
		Baseline *struct {
			Mode string `json:"mode"`
			KPIs []struct {
				Metric  string `json:"metric"`
				Verdict string `json:"verdict"`
				Reason  string `json:"reason"`
			} `json:"kpis"`
		} `json:"baseline"`
	} `json:"scenarios"`
}

func readCheckJSON(t *testing.T, path string) checkReport {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var r checkReport
	require.NoError(t, json.Unmarshal(data, &r))
	return r
}

func TestCheckJUnitAndJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junit, js := filepath.Join(dir, "report.xml"), filepath.Join(dir, "check.json")
	code, stdout, stderr := supplysim(t, "check", checkData+"pass.toml", checkData+"fail.toml", checkData+"inconclusive.toml",
		"--junit", junit, "--json", js)
	require.Equal(t, exitExpected, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)

	s := readJUnit(t, junit)
	assert.Equal(t, 7, s.Tests)
	assert.Equal(t, 3, s.Failures)
	require.Len(t, s.Suites, 3)
	assert.Equal(t, checkData+"fail.toml", s.Suites[1].Name)
	fail := s.Suites[1].Cases[0]
	assert.Equal(t, "fill rate of a well-stocked shop @ shop/kettle", fail.Name)
	require.NotNil(t, fail.Failure)
	assert.Regexp(t, `^the whole 95% CI \[0\.\d+, 0\.\d+\] is below the minimum 0\.95$`, fail.Failure.Message)
	assert.Regexp(t, `value: mean 0\.\d+, 95% CI half-width 0\.\d+, sd 0\.\d+, defined in 8 of 8 replications`, fail.Failure.Text)
	assert.Nil(t, s.Suites[1].Cases[1].Failure, "lost_rate passes")
	inc := s.Suites[2].Cases[0]
	require.NotNil(t, inc.Failure)
	assert.Equal(t, "inconclusive", inc.Failure.Type)
	assert.Regexp(t, `replications needed: about \d+\n`, inc.Failure.Text)

	r := readCheckJSON(t, js)
	assert.False(t, r.Passed)
	require.Len(t, r.Scenarios, 3)

	// A scenario that cannot run is a JUnit <error>, and the exit status is 1.
	code, _, _ = supplysim(t, "check", checkData+"pass.toml", "../../testdata/invalid/empty.toml", "--junit", junit)
	require.Equal(t, exitError, code)
	s = readJUnit(t, junit)
	assert.Equal(t, 1, s.Errors)
	require.NotNil(t, s.Suites[1].Cases[0].Error)
	assert.Contains(t, s.Suites[1].Cases[0].Error.Message, "empty.toml has problems")
}

// A scenario that does not load puts every problem, with its
// file:line:col, into the JUnit <error> and the JSON.
func TestCheckLoadProblemsInOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junit, js := filepath.Join(dir, "report.xml"), filepath.Join(dir, "check.json")
	bad := "../../testdata/invalid/bad_dist.toml"
	code, _, _ := supplysim(t, "check", bad, "--junit", junit, "--json", js)
	require.Equal(t, exitError, code)
	want, err := os.ReadFile("../../testdata/invalid/bad_dist.golden")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(want)), "\n")

	e := readJUnit(t, junit).Suites[0].Cases[0].Error
	require.NotNil(t, e)
	assert.Contains(t, e.Message, "bad_dist.toml has problems (listed above): "+strconv.Itoa(len(lines))+", the first at 7:15: lead_time.dist")
	for _, l := range lines {
		assert.Contains(t, e.Text, "../../testdata/invalid/"+l)
	}

	var r struct {
		Scenarios []struct {
			Problems []struct {
				File      string
				Line, Col int
				Message   string
				Hint      string
			}
		}
	}
	data, err := os.ReadFile(js)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &r))
	ps := r.Scenarios[0].Problems
	require.Len(t, ps, len(lines))
	assert.Equal(t, bad, ps[0].File)
	assert.Equal(t, [2]int{7, 15}, [2]int{ps[0].Line, ps[0].Col})
	assert.Equal(t, `did you mean "lognormal"?`, ps[0].Hint)
}

// The baseline workflow: write it, check against it exactly, then with
// another seed (statistical), a changed scenario (fails), a tampered
// baseline (determinism broken) and a new version (paired).
func TestCheckBaseline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := filepath.Join(dir, "baselines", "shop.json") // the directory does not exist yet
	js := filepath.Join(dir, "check.json")
	pass := checkData + "pass.toml"
	kpis := len(sim.Metrics) // one stock point

	code, stdout, stderr := supplysim(t, "check", pass, "--baseline", base, "--update-baseline")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "baseline "+base+" written")
	written, err := os.ReadFile(base)
	require.NoError(t, err)
	runJSON := filepath.Join(dir, "run.json")
	code, _, stderr = supplysim(t, "run", pass, "--json", runJSON, "--no-report")
	require.Equal(t, exitOK, code, stderr)
	ran, err := os.ReadFile(runJSON)
	require.NoError(t, err)
	assert.Equal(t, string(ran), string(written), "a baseline is the run's JSON")

	t.Run("same seed and version: identical", func(t *testing.T) {
		code, stdout, stderr := supplysim(t, "check", pass, "--baseline", base, "--workers", "3")
		assert.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stdout, fmt.Sprintf("baseline %s: %d KPIs identical bit for bit, 0 differ (same scenario file, seed, replications and version)", base, kpis))
		assert.Contains(t, stdout, fmt.Sprintf("check: %d passed, 0 failed", 3+kpis))
	})
	t.Run("another seed: noise passes", func(t *testing.T) {
		code, stdout, stderr := supplysim(t, "check", pass, "--baseline", base, "--seed", "2")
		assert.Equal(t, exitOK, code, "%s\n%s", stdout, stderr)
		assert.Contains(t, stdout, fmt.Sprintf("%d KPIs pass, 0 failed, 0 inconclusive (Welch t-test: seed 2, baseline 1)", kpis))
	})
	t.Run("another seed and more stock: fails", func(t *testing.T) {
		js := filepath.Join(t.TempDir(), "check.json")
		code, stdout, stderr := supplysim(t, "check", checkData+"more-stock.toml", "--baseline", base, "--seed", "2", "--json", js)
		assert.Equal(t, exitExpected, code, "%s\n%s", stdout, stderr)
		assert.Contains(t, stdout, "(Welch t-test: scenario file changed; seed 2, baseline 1)")
		verdict := kpiVerdicts(t, js)
		assert.Equal(t, "fail", verdict["fill_rate"])
		assert.Equal(t, "fail", verdict["avg_on_hand"])
		assert.Equal(t, "pass", verdict["lost_rate"], "zero in both")
		assert.Equal(t, "pass", verdict["demand_per_day"], "same demand: no significant change")

		// A tolerance wider than the change lets fill_rate pass.
		code, _, _ = supplysim(t, "check", checkData+"more-stock.toml", "--baseline", base, "--seed", "2", "--json", js,
			"--tolerance", "fill_rate=0.5", "--tolerance", "avg_on_hand=200%")
		assert.Equal(t, exitExpected, code)
		verdict = kpiVerdicts(t, js)
		assert.Equal(t, "pass", verdict["fill_rate"])
		assert.Equal(t, "pass", verdict["avg_on_hand"])
		assert.Equal(t, "fail", verdict["backorder_rate"])
	})
	t.Run("tampered baseline: determinism broken", func(t *testing.T) {
		tampered := filepath.Join(t.TempDir(), "shop.json")
		edited := editBaseline(t, written, func(m map[string]any) {
			v := m["stock"].([]any)[0].(map[string]any)["avg_on_hand"].(map[string]any)["values"].([]any)
			v[2] = v[2].(float64) + 1e-9
		})
		require.NoError(t, os.WriteFile(tampered, edited, 0o644))
		code, stdout, _ := supplysim(t, "check", pass, "--baseline", tampered)
		assert.Equal(t, exitExpected, code)
		assert.Contains(t, stdout, fmt.Sprintf("%d KPIs identical bit for bit, 1 differ", kpis-1))
		assert.Contains(t, stdout, "baseline avg_on_hand")
		assert.Contains(t, stdout, "determinism broken: replication 2 is ")
	})
	t.Run("another version: paired", func(t *testing.T) {
		older := filepath.Join(t.TempDir(), "shop.json")
		require.NoError(t, os.WriteFile(older, editBaseline(t, written, func(m map[string]any) { m["version"] = "0.0.1" }), 0o644))
		code, stdout, _ := supplysim(t, "check", pass, "--baseline", older)
		assert.Equal(t, exitOK, code)
		assert.Contains(t, stdout, fmt.Sprintf("%d KPIs pass, 0 failed, 0 inconclusive (paired t-test on common random numbers: version %s, baseline 0.0.1)", kpis, Version))
	})
	t.Run("missing baseline", func(t *testing.T) {
		code, _, stderr := supplysim(t, "check", pass, "--baseline", filepath.Join(dir, "nope.json"), "--json", js)
		assert.Equal(t, exitError, code)
		assert.Contains(t, stderr, "no baseline at "+filepath.Join(dir, "nope.json")+": write one with --update-baseline")
	})
}

func kpiVerdicts(t *testing.T, path string) map[string]string {
	t.Helper()
	r := readCheckJSON(t, path)
	require.Len(t, r.Scenarios, 1)
	require.NotNil(t, r.Scenarios[0].Baseline)
	out := map[string]string{}
	for _, k := range r.Scenarios[0].Baseline.KPIs {
		out[k.Metric] = k.Verdict
	}
	return out
}

func editBaseline(t *testing.T, data []byte, edit func(map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	edit(m)
	out, err := json.MarshalIndent(m, "", "  ")
	require.NoError(t, err)
	return out
}

func TestCheckCorruptBaseline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pass := checkData + "pass.toml"
	base := filepath.Join(dir, "shop.json")
	code, _, stderr := supplysim(t, "check", pass, "--baseline", base, "--update-baseline")
	require.Equal(t, exitOK, code, stderr)
	good, err := os.ReadFile(base)
	require.NoError(t, err)
	for name, tc := range map[string]struct{ data, want string }{
		"cut short":   {string(good[:len(good)/3]), "baseline " + filepath.Join(dir, "cut short.json") + ": not valid JSON: the file is cut short (line"},
		"not json":    {"<html>", "not valid JSON: line 1, column 1: invalid character '<'"},
		"not ours":    {`{"name": "something else"}`, `not a supplysim result: no "schema" key`},
		"schema 3":    {strings.Replace(string(good), `"schema": 2`, `"schema": 3`, 1), "schema 3, but this supplysim reads schemas 1 to 2"},
		"empty file":  {"", "the file is empty"},
		"long values": {strings.Replace(string(good), `"values": [`, `"values": [0.5,`, 1), "has 9 values for 8 replications"},
	} {
		path := filepath.Join(dir, name+".json")
		require.NoError(t, os.WriteFile(path, []byte(tc.data), 0o644))
		junit := filepath.Join(dir, name+".xml")
		code, stdout, stderr := supplysim(t, "check", pass, "--baseline", path, "--junit", junit)
		assert.Equal(t, exitError, code, name)
		assert.Contains(t, stderr, tc.want, name)
		assert.Contains(t, stdout, "1 scenario error", name)
		assert.NotContains(t, stderr, "goroutine")
		s := readJUnit(t, junit)
		assert.Equal(t, 1, s.Errors, "the JUnit file reports the error: %s", name)
	}
}

// With several files, --baseline is a directory with NAME.json per
// scenario NAME.toml.
func TestCheckBaselineDirectory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "baselines")
	files := []string{checkData + "pass.toml", checkData + "noexpect.toml"}
	code, _, stderr := supplysim(t, append([]string{"check", "--baseline", dir, "--update-baseline"}, files...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, stderr, "warning", "a baseline is something to check")
	for _, name := range []string{"pass.json", "noexpect.json"} {
		assert.FileExists(t, filepath.Join(dir, name))
	}
	code, stdout, stderr := supplysim(t, append([]string{"check", "--baseline", dir}, files...)...)
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 2, strings.Count(stdout, "KPIs identical bit for bit"))

	// One file and an existing directory: NAME.json inside it.
	code, stdout, _ = supplysim(t, "check", "--baseline", dir, checkData+"noexpect.toml")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, fmt.Sprintf("baseline %s: %d KPIs identical", filepath.Join(dir, "noexpect.json"), len(sim.Metrics)))

	code, _, stderr = supplysim(t, append([]string{"check", "--baseline", filepath.Join(dir, "pass.json")}, files...)...)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "is a file: with several scenario files it must be a directory")

	code, _, stderr = supplysim(t, "check", "--baseline", dir, checkData+"pass.toml", "../../scenarios/../testdata/check/pass.toml")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "would share the baseline")
}
