package engine

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sKnob = "stock[shop/kettle].policy.S"

func lesson(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("../../../scenarios/" + name)
	require.NoError(t, err)
	return string(data)
}

func run(t *testing.T, req Request) Response {
	t.Helper()
	resp, err := Run(context.Background(), req, Limits{Workers: 2})
	require.NoError(t, err)
	require.Empty(t, resp.Problems)
	require.Empty(t, resp.Error)
	return resp
}

// roundTrip sends a value through JSON, as the page does.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var out T
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}

func kpi(r Response, id string) KPI {
	for _, k := range r.Network {
		if k.ID == id {
			return k
		}
	}
	for _, s := range r.Stocks {
		for _, k := range s.KPIs {
			if k.ID == id {
				return k
			}
		}
	}
	panic("no KPI " + id)
}

// TestKnobRaisesFillRate: S from 12 to 17 raises the fill rate from
// P(D <= 11) = 0.6968 to P(D <= 16) = 0.9730 for D ~ Poisson(10), far
// beyond the paired interval of 10 replications.
func TestKnobRaisesFillRate(t *testing.T) {
	t.Parallel()
	text := lesson(t, "single-store.toml")
	req := Request{File: "single-store.toml", Text: text, Replications: 10}
	first := roundTrip(t, run(t, req))
	assert.False(t, first.Paired)
	req.Knobs = map[string]any{sKnob: 17.0}
	req.Previous = &first.Pairing
	second := roundTrip(t, run(t, req))
	require.True(t, second.Paired, second.Note)
	fill := kpi(second, "shop/kettle.fill_rate")
	require.NotNil(t, fill.Change)
	assert.Equal(t, "better", fill.Change.Verdict)
	assert.InDelta(t, 0.973-0.6968, float64(fill.Change.Diff), 3*float64(fill.Change.CI95)+0.01)
	assert.Equal(t, "Order-up-to level S (kettles) 12 → 17", second.Changed)
	assert.Contains(t, second.Effects[0], "fill rate rose by")
	t.Log(second.Effects, fill.Text, fill.Change.Text)
}

// TestSameRunSameNumbers: the same request twice differs by exactly 0 in
// every replication of every key result.
func TestSameRunSameNumbers(t *testing.T) {
	t.Parallel()
	req := Request{File: "single-store.toml", Text: lesson(t, "single-store.toml"), Replications: 5, Knobs: map[string]any{sKnob: 15.0}}
	first := roundTrip(t, run(t, req))
	req.Previous = &first.Pairing
	second := roundTrip(t, run(t, req))
	require.True(t, second.Paired)
	for id, vals := range first.Pairing.Values {
		assert.Equal(t, jsonOf(t, vals), jsonOf(t, second.Pairing.Values[id]), id)
	}
	for _, k := range second.Network {
		if k.Change != nil {
			assert.Equal(t, "same", k.Change.Verdict, k.ID)
			assert.Zero(t, float64(k.Change.Diff), k.ID)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return string(data)
}

// TestBadKnobValues: whatever the page sends, the answer is a problem
// placed at the knob's table, never a panic.
func TestBadKnobValues(t *testing.T) {
	t.Parallel()
	text := lesson(t, "single-store.toml")
	for _, v := range []any{"twelve", true, nil, []any{1.0}, map[string]any{}, 12.5, -1e300} {
		resp, err := Run(context.Background(), Request{File: "single-store.toml", Text: text, Replications: 2,
			Knobs: map[string]any{sKnob: v}}, Limits{})
		require.NoError(t, err)
		require.Len(t, resp.Problems, 1, "%#v", v)
		assert.Positive(t, resp.Problems[0].Line, "%#v", v)
		assert.Empty(t, resp.Stocks)
	}
	for _, text := range []string{"", "[scenario", "\x00\xff", "[[knob]]\npath = 1\n"} {
		resp, err := Run(context.Background(), Request{File: "x.toml", Text: text}, Limits{})
		require.NoError(t, err)
		assert.NotEmpty(t, resp.Problems, "%q", text)
		assert.NotEmpty(t, Validate("x.toml", text, nil).Problems, "%q", text)
	}
}
