package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	for _, cmd := range []string{"check", "compare", "sweep"} {
		code, _, stderr := supplysim(t, cmd, file, "--shard", "0/2")
		assert.Equal(t, exitUsage, code, cmd)
		assert.Contains(t, stderr, "is not available yet: only `supplysim run FILE --shard I/N`", cmd)
	}
}

// The shards run as separate processes of the built program, their index
// taken from the variables a Kubernetes Indexed Job and a Slurm job array
// set, and their merge is the single run.
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
	scenario := "../../scenarios/port-closure.toml"
	common := []string{scenario, "--reps", "7", "--seed", "5"}
	exe := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	one := filepath.Join(dir, "one")
	require.NoError(t, os.MkdirAll(one, 0o755))
	exe(nil, append(append([]string{"run"}, common...), outputArgs(one)...)...)

	systems := map[string]func(i int) ([]string, string){
		"kubernetes": func(i int) ([]string, string) { return []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i)}, "auto/3" },
		"slurm": func(i int) ([]string, string) {
			return []string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i+1), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=3"}, "auto"
		},
	}
	for name, system := range systems {
		parts := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(parts, 0o755))
		var files []string
		for i := range 3 {
			env, shard := system(i)
			part := filepath.Join(parts, fmt.Sprintf("part-%d.json", i))
			exe(env, append(append([]string{"run"}, common...), "--shard", shard, "--json", part)...)
			files = append(files, part)
		}
		merged := filepath.Join(dir, name+"-merged")
		require.NoError(t, os.MkdirAll(merged, 0o755))
		exe(nil, append(append([]string{"merge"}, files...), outputArgs(merged)...)...)
		assertSameFiles(t, one, merged)
	}
}
