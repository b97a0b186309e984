package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// supplysimEnv runs the command line in-process with the given environment.
func supplysimEnv(t *testing.T, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return environ[k] }}
	code = run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

// runOutputFiles are the files a run or a merge writes into dir.
var runOutputFiles = []string{"run.json", "csv/replications.csv", "csv/series.csv", "report.html"}

func outputArgs(dir string) []string {
	return []string{"--json", filepath.Join(dir, "run.json"), "--csv", filepath.Join(dir, "csv"), "-o", filepath.Join(dir, "report.html")}
}

// assertSameFiles compares the outputs of a run and of a merge, byte for byte.
func assertSameFiles(t *testing.T, want, got string) {
	t.Helper()
	for _, name := range runOutputFiles {
		a, errA := os.ReadFile(filepath.Join(want, name))
		b, errB := os.ReadFile(filepath.Join(got, name))
		require.Equal(t, errA == nil, errB == nil, name)
		assert.True(t, bytes.Equal(a, b), "%s differs between the run and the merge", name)
	}
}

// Merging the shards of a run gives its JSON, CSV and HTML report byte for
// byte: with disruptions and their impact twins, with --set changes, with a
// history file, with --no-impact, whatever the shards' workers.
func TestMergeIsTheRun(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		shards int
	}{
		{"disruptions", []string{"../../scenarios/port-closure.toml", "--reps", "5", "--seed", "11"}, 3},
		{"no impact", []string{"../../scenarios/supplier-delay.toml", "--reps", "4", "--no-impact"}, 2},
		{"set", []string{"../../scenarios/two-echelon.toml", "--reps", "6", "--set", "stock[store-*].policy.Q=36", "--set", "scenario.warmup=40d"}, 4},
		{"history", []string{"../../scenarios/sales-history.toml", "--reps", "3"}, 5},
		{"one shard", []string{"../../scenarios/single-store.toml", "--reps", "3"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			one, merged := filepath.Join(dir, "one"), filepath.Join(dir, "merged")
			require.NoError(t, os.MkdirAll(one, 0o755))
			require.NoError(t, os.MkdirAll(merged, 0o755))
			code, stdout, stderr := supplysim(t, append(append([]string{"run"}, c.args...), outputArgs(one)...)...)
			require.Equal(t, exitOK, code, stderr)
			var parts []string
			for i := range c.shards {
				part := filepath.Join(dir, fmt.Sprintf("part-%d.json", i))
				if i%2 == 1 {
					part += ".gz"
				}
				args := append([]string{"run"}, c.args...)
				args = append(args, "--shard", fmt.Sprintf("%d/%d", i, c.shards), "--json", part, "--workers", fmt.Sprint(1+i%2))
				code, out, errOut := supplysim(t, args...)
				require.Equal(t, exitOK, code, errOut)
				assert.Contains(t, out, fmt.Sprintf("shard %d/%d: ", i, c.shards))
				parts = append(parts, part)
			}
			code, mergedOut, stderr := supplysim(t, append(append([]string{"merge"}, parts...), outputArgs(merged)...)...)
			require.Equal(t, exitOK, code, stderr)
			assertSameFiles(t, one, merged)
			assert.Equal(t, stdout, strings.ReplaceAll(mergedOut, merged, one), "the table")
		})
	}
}

// merge refuses parts that do not make one run, naming the files.
func TestMergeRefusesPartsThatDoNotBelongTogether(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	part := func(name string, args ...string) string {
		path := filepath.Join(dir, name)
		args = append([]string{"run", "../../scenarios/single-store.toml", "--reps", "4", "--json", path}, args...)
		code, _, stderr := supplysim(t, args...)
		require.Equal(t, exitOK, code, stderr)
		return path
	}
	p0, p1 := part("p0.json", "--shard", "0/2"), part("p1.json", "--shard", "1/2")
	seed := part("seed.json", "--shard", "1/2", "--seed", "9")
	three := part("three.json", "--shard", "2/3")
	data, err := os.ReadFile(p1)
	require.NoError(t, err)
	old := filepath.Join(dir, "old.json")
	require.NoError(t, os.WriteFile(old, bytes.Replace(data, []byte(`"version":"`+Version+`"`), []byte(`"version":"0.0.1"`), 1), 0o644))
	tampered := filepath.Join(dir, "tampered.json")
	require.NoError(t, os.WriteFile(tampered, bytes.Replace(data, []byte("kettle"), []byte("kettel"), 1), 0o644))
	runJSON := filepath.Join(dir, "run.json")
	code, _, stderr := supplysim(t, "run", "../../scenarios/single-store.toml", "--reps", "2", "--no-report", "--json", runJSON)
	require.Equal(t, exitOK, code, stderr)

	cases := []struct {
		name  string
		parts []string
		code  int
		want  []string
	}{
		{"missing", []string{p0}, exitError, []string{"shard 1/2 is missing (replications 1, 3)"}},
		{"repeated", []string{p0, p1, p1}, exitError, []string{p1 + " and " + p1 + " are both shard 1/2"}},
		{"other seed", []string{p0, seed}, exitError, []string{p0 + " and " + seed + " are not shards of one run: seed 1 and 9"}},
		{"other count", []string{p0, p1, three}, exitError, []string{"shard count 2 and 3"}},
		{"other version", []string{p0, old}, exitError, []string{old + " was written by supplysim 0.0.1, this is " + Version}},
		{"tampered", []string{tampered, p0}, exitError, []string{tampered + ": the scenario it carries does not match its sha256"}},
		{"not a part", []string{p0, runJSON}, exitError, []string{runJSON + ": not a partial result"}},
		{"no parts", nil, exitUsage, []string{"merge takes the partial results"}},
	}
	for _, c := range cases {
		out := filepath.Join(dir, c.name+"-merged.json")
		code, _, stderr := supplysim(t, append([]string{"merge", "--no-report", "--json", out}, c.parts...)...)
		assert.Equal(t, c.code, code, c.name)
		for _, w := range c.want {
			assert.Contains(t, stderr, w, c.name)
		}
		assert.NoFileExists(t, out, c.name)
	}
}

// --shard takes its index from a Kubernetes Indexed Job or a Slurm array,
// and refuses what it cannot do.
func TestShardFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := "../../scenarios/single-store.toml"
	k8s := map[string]string{"JOB_COMPLETION_INDEX": "2"}
	slurm := map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_COUNT": "4"}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"kubernetes", k8s, []string{"--shard", "auto/3"}, exitOK, "shard 2/3: 1 of 5 replications (2)"},
		{"slurm", slurm, []string{"--shard", "auto"}, exitOK, "shard 1/4: 1 of 5 replications (1)"},
		{"slurm count", slurm, []string{"--shard", "auto/4"}, exitOK, "shard 1/4"},
		{"slurm wrong count", slurm, []string{"--shard", "auto/3"}, exitUsage, "the Slurm array has 4 tasks"},
		{"kubernetes without count", k8s, []string{"--shard", "auto"}, exitUsage, "give --shard auto/N with N the Job's completions"},
		{"kubernetes index too high", k8s, []string{"--shard", "auto/2"}, exitUsage, "shard 2 of 2 does not exist"},
		{"no batch system", nil, []string{"--shard", "auto"}, exitUsage, "neither JOB_COMPLETION_INDEX"},
		{"both", map[string]string{"JOB_COMPLETION_INDEX": "0", "SLURM_ARRAY_TASK_ID": "0"}, []string{"--shard", "auto/2"}, exitUsage, "both JOB_COMPLETION_INDEX"},
		{"index out of range", nil, []string{"--shard", "3/3"}, exitUsage, "want I/N with 0 <= I < N"},
		{"bad", nil, []string{"--shard", "a/b"}, exitUsage, "want I/N"},
		{"no json", nil, []string{"--shard", "0/2", "--json", ""}, exitUsage, "--shard needs --json PATH"},
		{"report", nil, []string{"--shard", "0/2", "-o", filepath.Join(dir, "r.html")}, exitUsage, "not -o"},
		{"csv", nil, []string{"--shard", "0/2", "--csv", dir}, exitUsage, "not -csv"},
	}
	for _, c := range cases {
		args := append([]string{"run", file, "--reps", "5", "--json", filepath.Join(dir, c.name+".json")}, c.args...)
		code, stdout, stderr := supplysimEnv(t, c.env, args...)
		assert.Equal(t, c.code, code, "%s: %s", c.name, stderr)
		assert.Contains(t, stdout+stderr, c.want, c.name)
	}
}

// The shards run as separate processes of the built program, their index
// taken from the variables a Kubernetes Indexed Job and a Slurm job array
// set, and their merge is the command on one machine: its files, its text
// and its exit status, for run, compare, sweep and check.
func TestShardsAsSeparateProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "supplysim")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	exe := func(env []string, args ...string) (code int, stdout string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		var outBuf, errBuf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &outBuf, &errBuf
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), outBuf.String()
		}
		require.NoError(t, err, "%s", errBuf.String())
		return 0, outBuf.String()
	}
	systems := map[string]func(i int) ([]string, string){
		"kubernetes": func(i int) ([]string, string) { return []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i)}, "auto/3" },
		"slurm": func(i int) ([]string, string) {
			return []string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i+1), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=3"}, "auto"
		},
	}
	commands := []struct {
		args    []string
		outputs func(dir string) []string
		same    func(t *testing.T, want, got string)
		code    int
	}{
		{[]string{"run", "../../scenarios/port-closure.toml", "--reps", "7", "--seed", "5"}, outputArgs, assertSameFiles, exitOK},
		{[]string{"compare", "../../scenarios/safety-stock-comparison.toml", "--reps", "7"}, outputsOf("compare"), sameOf("compare"), exitOK},
		{[]string{"sweep", "../../scenarios/single-store.toml", "--reps", "5", "--param", "stock[shop].policy.S", "--values", "10:14:2", "--target", "fill_rate>=0.8"},
			outputsOf("sweep"), sameOf("sweep"), exitOK},
		{[]string{"check", "../../testdata/check/pass.toml", "../../testdata/check/fail.toml", "--reps", "7"}, outputsOf("check"), sameOf("check"), exitExpected},
	}
	for _, c := range commands {
		one := filepath.Join(dir, c.args[0]+"-one")
		require.NoError(t, os.MkdirAll(one, 0o755))
		wantCode, wantText := exe(nil, append(slices.Clone(c.args), c.outputs(one)...)...)
		require.Equal(t, c.code, wantCode, c.args[0])
		for name, system := range systems {
			parts := filepath.Join(dir, c.args[0]+"-"+name)
			require.NoError(t, os.MkdirAll(parts, 0o755))
			var files []string
			for i := range 3 {
				env, shard := system(i)
				part := filepath.Join(parts, fmt.Sprintf("part-%d.json", i))
				code, _ := exe(env, append(slices.Clone(c.args), "--shard", shard, "--json", part)...)
				require.Equal(t, exitOK, code, "%s shard %d", c.args[0], i)
				files = append(files, part)
			}
			merged := parts + "-merged"
			require.NoError(t, os.MkdirAll(merged, 0o755))
			code, text := exe(nil, append(append([]string{"merge"}, files...), c.outputs(merged)...)...)
			assert.Equal(t, wantCode, code, "%s %s: the exit status", c.args[0], name)
			assert.Equal(t, wantText, strings.ReplaceAll(text, merged, one), "%s %s: the text", c.args[0], name)
			c.same(t, one, merged)
		}
	}
}

func outputsOf(command string) func(dir string) []string {
	return func(dir string) []string { return commandOutputArgs(command, dir) }
}

func sameOf(command string) func(t *testing.T, want, got string) {
	return func(t *testing.T, want, got string) { assertSameCommandFiles(t, command, want, got) }
}

// commandOutputs are the files each command writes, as NAME=FLAG.
var commandOutputs = map[string][][2]string{
	"compare": {{"out.json", "--json"}, {"report.html", "-o"}},
	"sweep":   {{"out.json", "--json"}, {"report.html", "-o"}},
	"check":   {{"out.json", "--json"}, {"junit.xml", "--junit"}},
}

func commandOutputArgs(command, dir string) []string {
	var args []string
	for _, o := range commandOutputs[command] {
		args = append(args, o[1], filepath.Join(dir, o[0]))
	}
	return args
}

// junitTime is the one thing a JUnit file holds that no two runs share.
var junitTime = regexp.MustCompile(` time="[0-9.]+"`)

// assertSameCommandFiles compares the outputs of a command on one machine
// and of the merge of its shards, byte for byte but for JUnit's times.
func assertSameCommandFiles(t *testing.T, command, want, got string) {
	t.Helper()
	for _, o := range commandOutputs[command] {
		a, errA := os.ReadFile(filepath.Join(want, o[0]))
		b, errB := os.ReadFile(filepath.Join(got, o[0]))
		require.Equal(t, errA == nil, errB == nil, o[0])
		if strings.HasSuffix(o[0], ".xml") {
			a, b = junitTime.ReplaceAll(a, []byte(` time=""`)), junitTime.ReplaceAll(b, []byte(` time=""`))
		}
		assert.True(t, bytes.Equal(a, b), "%s %s differs between one machine and the merge", command, o[0])
	}
}

// Merging the shards of compare, sweep and check gives the command's
// outputs on one machine, byte for byte, its text and its exit status:
// variants from the file and from flags, --set, a grid sweep with a
// target, checks that pass, fail, miss a baseline or do not load.
func TestMergeIsTheCommand(t *testing.T) {
	t.Parallel()
	pass, fail := "../../testdata/check/pass.toml", "../../testdata/check/fail.toml"
	baselines := t.TempDir()
	code, _, stderr := supplysim(t, "run", pass, "--reps", "5", "--no-report", "--json", filepath.Join(baselines, "pass.json"))
	require.Equal(t, exitOK, code, stderr)
	cases := []struct {
		name   string
		args   []string
		merge  []string // outputs, when not all of the command's
		shards int
		code   int
	}{
		{"compare variants", []string{"compare", "../../scenarios/safety-stock-comparison.toml", "--reps", "6", "--target", "fill_rate>=0.9"}, nil, 3, exitOK},
		{"compare flags", []string{"compare", "../../scenarios/two-echelon.toml", "--reps", "5", "--seed", "3", "--set", "scenario.warmup=40d",
			"--variant", "more:stock[store-*].policy.Q=60", "--metrics", "all"}, nil, 2, exitOK},
		{"compare no report", []string{"compare", "../../scenarios/port-closure.toml", "--reps", "4", "--variant", "high:stock[dc-rotterdam].policy.safety_stock.service_level=0.99"},
			[]string{"--no-report"}, 4, exitOK},
		{"sweep grid", []string{"sweep", "../../scenarios/single-store.toml", "--reps", "4", "--param", "stock[shop].policy.S", "--values", "8:12:2",
			"--param", "demand[shop/kettle].rate", "--values", "2,3", "--target", "fill_rate>=0.9", "--minimize", "cost_total"}, nil, 3, exitOK},
		{"sweep cost", []string{"sweep", "../../scenarios/safety-stock-comparison.toml", "--reps", "5", "--cost", "--at", "store-*",
			"--param", "stock[store-*].policy.safety_stock.service_level", "--values", "0.85,0.95"}, nil, 2, exitOK},
		{"check pass", []string{"check", pass, "--reps", "5", "--baseline", filepath.Join(baselines, "pass.json")}, nil, 3, exitOK},
		{"check fail", []string{"check", pass, fail, "--reps", "6", "--seed", "4"}, nil, 2, exitExpected},
		{"check errors", []string{"check", pass, "../../testdata/invalid/cycle.toml", "no-such.toml", "--baseline", baselines + "/"}, nil, 3, exitError},
		{"check history", []string{"check", "../../scenarios/sales-history.toml", "--reps", "3", "--allow-inconclusive"}, nil, 2, exitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			command := c.args[0]
			dir := t.TempDir()
			one, merged := filepath.Join(dir, "one"), filepath.Join(dir, "merged")
			require.NoError(t, os.MkdirAll(one, 0o755))
			require.NoError(t, os.MkdirAll(merged, 0o755))
			outs := func(dir string) []string {
				if c.merge != nil {
					return c.merge
				}
				return commandOutputArgs(command, dir)
			}
			code, stdout, stderr := supplysim(t, append(slices.Clone(c.args), outs(one)...)...)
			require.Equal(t, c.code, code, stderr)
			var parts []string
			for i := range c.shards {
				part := filepath.Join(dir, fmt.Sprintf("part-%d.json", i))
				if i%2 == 1 {
					part += ".gz"
				}
				args := append(slices.Clone(c.args), "--shard", fmt.Sprintf("%d/%d", i, c.shards), "--json", part, "--workers", fmt.Sprint(1+i%2))
				code, out, errOut := supplysim(t, args...)
				require.Equal(t, exitOK, code, errOut)
				assert.Contains(t, out, fmt.Sprintf("shard %d/%d of %s: ", i, c.shards, command))
				parts = append(parts, part)
			}
			slices.Reverse(parts) // merge takes them in any order
			code, mergedOut, mergedErr := supplysim(t, append(append([]string{"merge"}, parts...), outs(merged)...)...)
			assert.Equal(t, c.code, code, mergedErr)
			assertSameCommandFiles(t, command, one, merged)
			assert.Equal(t, stdout, strings.ReplaceAll(mergedOut, merged, one), "the text")
			assert.Equal(t, stderr, mergedErr, "the messages")
		})
	}
}

// A sharded check with --update-baseline: the merge writes the baselines
// that check on one machine writes.
func TestMergeUpdatesBaselines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	baselines := filepath.Join(dir, "baselines")
	args := []string{"check", "../../testdata/check/pass.toml", "../../scenarios/single-store.toml", "--reps", "4", "--baseline", baselines, "--update-baseline"}
	wantCode, _, stderr := supplysim(t, args...)
	require.NotEqual(t, exitError, wantCode, stderr)
	want := map[string][]byte{}
	for _, name := range []string{"pass.json", "single-store.json"} {
		data, err := os.ReadFile(filepath.Join(baselines, name))
		require.NoError(t, err)
		want[name] = data
	}
	require.NoError(t, os.RemoveAll(baselines))
	var parts []string
	for i := range 2 {
		part := filepath.Join(dir, fmt.Sprintf("part-%d.json", i))
		code, _, stderr := supplysim(t, append(slices.Clone(args), "--shard", fmt.Sprintf("%d/2", i), "--json", part)...)
		require.Equal(t, exitOK, code, stderr)
		parts = append(parts, part)
	}
	assert.NoDirExists(t, baselines, "the shards write no baseline")
	code, _, stderr := supplysim(t, append([]string{"merge"}, parts...)...)
	require.Equal(t, wantCode, code, stderr)
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(baselines, name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(data, got), name)
	}
}

// A shard refuses what it cannot do, with exit status 2 and a hint.
func TestCommandShardRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	part := filepath.Join(dir, "part.json")
	compare := []string{"compare", "../../scenarios/safety-stock-comparison.toml", "--reps", "6"}
	sweep := []string{"sweep", "../../scenarios/single-store.toml", "--reps", "4", "--param", "stock[shop].policy.S", "--values", "8,10"}
	check := []string{"check", "../../testdata/check/pass.toml"}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"compare precision", nil, append(slices.Clone(compare), "--shard", "0/2", "--json", part, "--precision", "0.01"),
			"--precision does not shard: it adds replications until an interval is narrow enough, which no shard can tell alone; hint: give every shard the same --reps N"},
		{"sweep precision", nil, append(slices.Clone(sweep), "--shard", "0/2", "--json", part, "--precision", "0.01", "--max-reps", "50"), "--precision does not shard"},
		{"compare report", nil, append(slices.Clone(compare), "--shard", "0/2", "--json", part, "-o", filepath.Join(dir, "r.html")), "not -o: `supplysim merge` writes the command's outputs"},
		{"sweep no report", nil, append(slices.Clone(sweep), "--shard", "0/2", "--json", part, "--no-report"), "not -no-report"},
		{"check junit", nil, append(slices.Clone(check), "--shard", "0/2", "--json", part, "--junit", filepath.Join(dir, "j.xml")), "not -junit"},
		{"no json", nil, append(slices.Clone(check), "--shard", "1/2"), "--shard needs --json PATH"},
		{"bad shard", nil, append(slices.Clone(sweep), "--shard", "2/2", "--json", part), "want I/N with 0 <= I < N"},
		{"kubernetes without count", map[string]string{"JOB_COMPLETION_INDEX": "1"}, append(slices.Clone(compare), "--shard", "auto", "--json", part),
			"give --shard auto/N with N the Job's completions"},
		{"slurm wrong count", map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"}, append(slices.Clone(check), "--shard", "auto/3", "--json", part),
			"the Slurm array has 2 tasks"},
		{"part over input", nil, append(slices.Clone(check), "--shard", "0/2", "--json", "../../testdata/check/pass.toml"), "--json ../../testdata/check/pass.toml"},
	}
	for _, c := range cases {
		code, _, stderr := supplysimEnv(t, c.env, c.args...)
		assert.Equal(t, exitUsage, code, "%s: %s", c.name, stderr)
		assert.Contains(t, stderr, c.want, c.name)
		assert.NoFileExists(t, part, c.name)
	}
}

// merge refuses shards of compare, sweep and check that do not make one
// command, naming the files, and output flags the command does not take.
func TestMergeRefusesCommandParts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	scenario := filepath.Join(dir, "shop.toml")
	source, err := os.ReadFile("../../testdata/check/pass.toml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(scenario, source, 0o644))
	part := func(name string, args ...string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		code, _, stderr := supplysim(t, append(args, "--json", path)...)
		require.Equal(t, exitOK, code, stderr)
		return path
	}
	sweep := []string{"sweep", scenario, "--reps", "4", "--param", "stock[shop].policy.S", "--values", "8,10"}
	s0, s1 := part("s0.json", append(slices.Clone(sweep), "--shard", "0/2")...), part("s1.json", append(slices.Clone(sweep), "--shard", "1/2", "--workers", "1")...)
	values := part("values.json", "sweep", scenario, "--reps", "4", "--param", "stock[shop].policy.S", "--values", "8,12", "--shard", "1/2")
	three := part("three.json", append(slices.Clone(sweep), "--shard", "2/3")...)
	c0 := part("c0.json", "check", scenario, "--shard", "0/2")
	runPart := part("r1.json", "run", scenario, "--reps", "4", "--shard", "1/2")
	require.NoError(t, os.WriteFile(scenario, bytes.Replace(source, []byte("seed = 1"), []byte("seed = 2"), 1), 0o644))
	edited := part("edited.json", append(slices.Clone(sweep), "--shard", "1/2")...)
	data, err := os.ReadFile(s1)
	require.NoError(t, err)
	old := filepath.Join(dir, "old.json")
	require.NoError(t, os.WriteFile(old, bytes.Replace(data, []byte(`"version":"`+Version+`"`), []byte(`"version":"0.0.1"`), 1), 0o644))

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing", []string{s0}, exitError, "shard 1/2 is missing (replications 1, 3): give its part too, or run it with --shard 1/2"},
		{"repeated", []string{s0, s1, s1}, exitError, s1 + " and " + s1 + " are both shard 1/2"},
		{"other values", []string{s0, values}, exitError, s0 + " and " + values + " are not shards of one `supplysim sweep`: command line"},
		{"other count", []string{s0, s1, three}, exitError, "shard count 2 and 3"},
		{"edited between shards", []string{s0, edited}, exitError, scenario + " differs between them (changed while the shards ran?)"},
		{"other version", []string{s0, old}, exitError, old + " was written by supplysim 0.0.1, this is " + Version},
		{"other command", []string{s0, c0}, exitError, s0 + " is a shard of `supplysim sweep` and " + c0 + " of `supplysim check`"},
		{"run and sweep", []string{runPart, s0}, exitError, "is a shard of `supplysim run` and " + s0 + " of `supplysim sweep`"},
		{"csv of a sweep", []string{s0, s1, "--csv", filepath.Join(dir, "csv")}, exitUsage, "--csv: the parts are shards of `supplysim sweep`, which takes --json, -o, --no-report"},
		{"report of a check", []string{c0, "-o", filepath.Join(dir, "r.html")}, exitUsage, "-o: the parts are shards of `supplysim check`, which takes --json, --junit"},
		{"junit of a run", []string{runPart, "--junit", filepath.Join(dir, "j.xml")}, exitUsage, "--junit: the parts are shards of `supplysim run`"},
	}
	for _, c := range cases {
		out := filepath.Join(dir, c.name+"-merged.json")
		code, _, stderr := supplysim(t, append([]string{"merge", "--json", out}, c.args...)...)
		assert.Equal(t, c.code, code, c.name)
		assert.Contains(t, stderr, c.want, c.name)
		assert.NoFileExists(t, out, c.name)
	}
	// The parts carry what the shards read: the merge needs no scenario file.
	require.NoError(t, os.Remove(scenario))
	out := filepath.Join(dir, "merged.json")
	code, _, stderr := supplysim(t, "merge", s1, s0, "--no-report", "--json", out)
	assert.Equal(t, exitOK, code, stderr)
	assert.FileExists(t, out)
}
