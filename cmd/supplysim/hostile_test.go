package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallBudget keeps the hostile cases that are valid but heavy short: a
// run is refused before it starts, or stopped, far below the default.
var smallBudget = []string{"--max-events", "2e6", "--max-memory", "256MiB"}

// positioned matches an error that names its file, line and column, or
// the line of a history file the scenario reads.
var positioned = regexp.MustCompile(`(?m)^[^:\n]+(\.toml:\d+:\d+|\.csv:\d+): `)

// Every file in testdata/hostile says on its first line what it attacks
// and on its second what must happen:
//
//	# expect: refused   validate and run exit 1 with an error at file:line:col
//	# expect: budget    valid, but run exits 1 refusing it for the budget, with the --max-events hint
//	# expect: runs      valid, and a run within the small budget succeeds
//
// None may panic, print a stack trace or run long.
func TestHostileScenarios(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../testdata/hostile/*.toml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 30)
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".toml"), func(t *testing.T) {
			t.Parallel()
			attack, expect := hostileHeader(t, f)
			require.NotEmpty(t, attack, "the first line says what the file attacks: # attack: ...")
			vcode, _, vstderr := supplysim(t, "validate", f)
			code, stdout, stderr := supplysim(t, append([]string{"run", f, "--no-report"}, smallBudget...)...)
			for _, s := range []string{vstderr, stderr} {
				assert.NotContains(t, s, "goroutine", "no stack traces")
				assert.NotContains(t, s, "panic")
			}
			switch expect {
			case "refused":
				assert.Equal(t, exitError, vcode, vstderr)
				assert.Regexp(t, positioned, vstderr)
				assert.Equal(t, exitError, code, stderr)
				assert.Regexp(t, positioned, stderr)
				assert.Empty(t, stdout)
			case "budget":
				assert.Equal(t, exitOK, vcode, vstderr)
				assert.Equal(t, exitError, code, stderr)
				assert.Contains(t, stderr, "over the budget")
				assert.Contains(t, stderr, "--max-events N (0: no limit)")
			case "runs":
				assert.Equal(t, exitOK, vcode, vstderr)
				assert.Equal(t, exitOK, code, stderr)
				assert.Contains(t, stdout, "fill rate")
			default:
				t.Fatalf("second line: want # expect: refused, budget or runs, got %q", expect)
			}
		})
	}
}

// hostileHeader reads the "# attack:" and "# expect:" lines of a file.
func hostileHeader(t *testing.T, path string) (attack, expect string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.SplitN(string(data), "\n", 3)
	require.GreaterOrEqual(t, len(lines), 2)
	attack, _ = strings.CutPrefix(lines[0], "# attack: ")
	expect, _ = strings.CutPrefix(lines[1], "# expect: ")
	return strings.TrimSpace(attack), strings.TrimSpace(expect)
}

// The bounds hold whatever the spelling, and for --set as for the file:
// --set goes through the same decoder. Errors from --set name the change.
func TestBoundsApplyToSet(t *testing.T) {
	t.Parallel()
	file := "../../scenarios/single-store.toml"
	cases := []struct{ set, want string }{
		{"scenario.horizon=1e18", "horizon: must be at most 36500d (100 years)"},
		{"scenario.horizon=99999999999999999999d", "horizon: must be at most 36500d (100 years)"},
		{`scenario.horizon="1e308d"`, "horizon: expected a duration"},
		{"scenario.horizon=5e-324", "horizon: must be at least 1 day"},
		{"demand[shop/kettle].rate=1e13", "rate: must be at most 1e+12 in size"},
		{"demand[shop/kettle].rate=nan", "rate: expected a finite number"},
		{"supplier[wholesaler].lead_time=1e308", "lead_time: must be at most 36500d"},
		{"stock[shop/kettle].policy.S=1e300", "policy.S: must be at most 1e+12 in size"},
	}
	for _, tc := range cases {
		t.Run(tc.set, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := supplysim(t, "validate", file, "--set", tc.set)
			assert.Equal(t, exitError, code, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Contains(t, stderr, "--set")
			assert.NotContains(t, stderr, "goroutine")
		})
	}
}

// Flags have the bounds of the file: --reps past the file's cap is a
// usage error, in every command that takes it.
func TestFlagBounds(t *testing.T) {
	t.Parallel()
	file := "../../scenarios/single-store.toml"
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", file, "--reps", "10000000"}, exitUsage, "--reps must be at most 100000, got 10000000"},
		{[]string{"check", file, "--reps", "100001"}, exitUsage, "--reps must be at most 100000"},
		{[]string{"compare", file, "--variant", "a:stock[shop].policy.S=15", "--reps", "200000"}, exitUsage, "--reps must be at most 100000"},
		{[]string{"sweep", file, "--param", "stock[shop].policy.S", "--values", "10,12", "--reps", "200000"}, exitUsage, "--reps must be at most 100000"},
		{[]string{"compare", file, "--variant", "a:stock[shop].policy.S=15", "--precision", "0.01", "--max-reps", "1000000"}, exitUsage, "--max-reps must be at most 100000"},
		{[]string{"run", file, "--max-events", "-1"}, exitUsage, "want a whole number of events"},
		{[]string{"run", file, "--max-events", "1.5"}, exitUsage, "want a whole number of events"},
		{[]string{"run", file, "--max-memory", "lots"}, exitUsage, "want a size such as 512MiB"},
		{[]string{"run", file, "--no-report", "--max-events", "1000"}, exitError, "over the budget of 1e+03; hint:"},
		{[]string{"run", file, "--no-report", "--max-memory", "64KiB"}, exitError, "over the budget of 64 KiB; hint:"},
		{[]string{"run", file, "--no-report", "--reps", "2", "--max-events", "0", "--max-memory", "0"}, exitOK, ""},
		{[]string{"check", file, "--max-events", "1000"}, exitError, "over the budget"},
		{[]string{"compare", file, "--variant", "a:stock[shop].policy.S=15", "--no-report", "--max-events", "1e5"}, exitError, "over the budget"},
		{[]string{"sweep", file, "--param", "stock[shop].policy.S", "--values", "10:20:1", "--no-report", "--max-events", "1e5"}, exitError, "over the budget"},
		{[]string{"run", file, "--no-report", "--trace", filepath.Join(os.TempDir(), "never-written.csv"), "--max-events", "2e4"}, exitError, "over the budget"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args[2:], " "), func(t *testing.T) {
			t.Parallel()
			code, _, stderr := supplysim(t, tc.args...)
			assert.Equal(t, tc.code, code, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.NotContains(t, stderr, "goroutine")
		})
	}
}

// A scenario file is read up to 64 MiB: an endless one fails at once.
func TestScenarioSizeCap(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	code, stdout, stderr := supplysim(t, "run", "/dev/zero")
	assert.Equal(t, exitError, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "scenario /dev/zero is larger than 64 MiB")
	code, _, stderr = supplysim(t, "validate", "/dev/zero")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "larger than 64 MiB")
}
