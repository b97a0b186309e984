package reports

import (
	"bytes"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

// Every float a part carries reads back bit for bit: negative zero,
// infinities, Go's NaN and other NaNs, extremes, float32 series.
func TestPartFloatsRoundTrip(t *testing.T) {
	t.Parallel()
	odd := math.Float64frombits(0xfff8000000000000) // the NaN of 0/0 on amd64
	xs := floats{0, math.Copysign(0, -1), 1.0 / 3, -2.5e-310, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), odd, 1e21, 123456789012345678}
	b, err := xs.MarshalJSON()
	require.NoError(t, err)
	var back floats
	require.NoError(t, back.UnmarshalJSON(b))
	require.Len(t, back, len(xs))
	for i := range xs {
		assert.Equal(t, math.Float64bits(xs[i]), math.Float64bits(back[i]), "%d: %s", i, b)
	}
	ys := floats32{0, float32(math.Copysign(0, -1)), 1.0 / 3, math.MaxFloat32, math.SmallestNonzeroFloat32,
		float32(math.Inf(1)), float32(math.NaN()), math.Float32frombits(0xffc00000), 16777217}
	b, err = ys.MarshalJSON()
	require.NoError(t, err)
	var back32 floats32
	require.NoError(t, back32.UnmarshalJSON(b))
	require.Len(t, back32, len(ys))
	for i := range ys {
		assert.Equal(t, math.Float32bits(ys[i]), math.Float32bits(back32[i]), "%d: %s", i, b)
	}
	var null floats32
	require.NoError(t, null.UnmarshalJSON([]byte("null")))
	assert.Nil(t, null)
	for _, bad := range []string{`[1,"x"]`, `{}`, `[1,,2]`, `["NaN:zz"]`} {
		assert.Error(t, back.UnmarshalJSON([]byte(bad)), bad)
	}
}

// A run split into shards, each written and read back as a part, merges
// into the JSON of the run on one machine, byte for byte: with impact
// twins and without, with series and without.
func TestPartsMergeToTheRun(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"../scenarios/port-closure.toml", "../scenarios/dual-sourcing-split.toml", "../scenarios/sewing-plant.toml"} {
		for _, opt := range []sim.Options{{}, {NoImpact: true, NoSeries: true}} {
			m := loadModel(t, file)
			m.Replications = 5
			want := runJSON(t, m, opt)
			var parts []*sim.Part
			for i := range 3 {
				part, err := sim.RunPart(m, opt, sim.ShardReplications(m.Replications, i, 3))
				require.NoError(t, err)
				var buf bytes.Buffer
				require.NoError(t, WritePart(&buf, PartHeader{Version: "test", Command: "run", Shard: i, Shards: 3}, part, i == 1))
				h, back, err := ReadPart(&buf)
				require.NoError(t, err)
				assert.Equal(t, i, h.Shard)
				parts = append(parts, back)
			}
			res, err := sim.Merge(m, []*sim.Part{parts[2], parts[0], parts[1]})
			require.NoError(t, err)
			var got bytes.Buffer
			require.NoError(t, WriteJSON(&got, res, sim.Meta{Version: "test"}))
			assert.Equal(t, want, got.String(), "%s %+v", file, opt)
		}
	}
}

func loadModel(t *testing.T, file string) *sim.Model {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	b, err := scenario.Load(file, data)
	require.NoError(t, err)
	m, _ := b.Model()
	return m
}

func runJSON(t *testing.T, m *sim.Model, opt sim.Options) string {
	t.Helper()
	res, err := sim.Run(m, opt)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, res, sim.Meta{Version: "test"}))
	return b.String()
}

// A part recorded with the daily series, stripped of them, merges into
// the run without series, impact twins included, but for the count of
// events: the daily samples ran.
func TestPartWithoutSeries(t *testing.T) {
	t.Parallel()
	m := loadModel(t, "../scenarios/port-closure.toml")
	m.Replications = 4
	run, err := sim.Run(m, sim.Options{NoSeries: true})
	require.NoError(t, err)
	run.KernelEvents = 0
	var want bytes.Buffer
	require.NoError(t, WriteJSON(&want, run, sim.Meta{Version: "test"}))
	var parts []*sim.Part
	for i := range 2 {
		part, err := sim.RunPart(m, sim.Options{}, sim.ShardReplications(m.Replications, i, 2))
		require.NoError(t, err)
		parts = append(parts, part.WithoutSeries())
	}
	res, err := sim.Merge(m, parts)
	require.NoError(t, err)
	res.KernelEvents = 0
	var got bytes.Buffer
	require.NoError(t, WriteJSON(&got, res, sim.Meta{Version: "test"}))
	assert.Equal(t, want.String(), got.String())
}

// A shard of compare, sweep or check reads back as written: its command
// line, what it read (bytes, directories, errors) and each run's results.
func TestCommandPartRoundTrip(t *testing.T) {
	t.Parallel()
	m := loadModel(t, "../scenarios/single-store.toml")
	m.Replications = 5
	part, err := sim.RunPart(m, sim.Options{NoImpact: true}, sim.ShardReplications(5, 1, 2))
	require.NoError(t, err)
	cp := &CommandPart{Version: "test", Command: "check", Args: []string{"a.toml", "--reps", "5"}, Shard: 1, Shards: 2,
		Inputs: []PartInput{
			{Op: "read", Path: "a.toml", Data: []byte("[scenario]\n"), Files: []PartFile{{Name: "h.csv", Data: []byte{0xff, 0}}, {Name: "gone.csv", Err: "no such file"}}},
			{Op: "stat", Path: "baselines", Dir: true},
			{Op: "read", Path: "baselines/a.json", Err: "no such file or directory", Missing: true},
		},
		Runs: []PartRun{{Name: "a.toml", Seed: 1, Replications: 5, Elapsed: 1500 * time.Millisecond, Part: part}}}
	for _, compress := range []bool{false, true} {
		var buf bytes.Buffer
		require.NoError(t, WriteCommandPart(&buf, cp, compress))
		_, _, back, err := ReadAnyPart(&buf)
		require.NoError(t, err)
		require.NotNil(t, back)
		require.Len(t, back.Runs, 1)
		// Results read back as for a run's part (TestPartsMergeToTheRun);
		// here the rest of the part.
		assert.Equal(t, part.Reps, back.Runs[0].Part.Reps)
		want, got := *cp, *back
		want.Runs, got.Runs = nil, nil
		assert.Equal(t, want, got)
		run := back.Runs[0]
		run.Part = part
		assert.Equal(t, cp.Runs[0], run)
	}
	var buf bytes.Buffer
	require.NoError(t, WriteCommandPart(&buf, cp, false))
	_, _, err = ReadPart(&buf)
	assert.ErrorContains(t, err, "a shard of `supplysim check`, not of `supplysim run`")
}
