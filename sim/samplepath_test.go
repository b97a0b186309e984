package sim

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A short path is the trace itself: one point per instant with events,
// the state after the last of them, held to the horizon.
func TestSamplePathFollowsTrace(t *testing.T) {
	t.Parallel()
	m := singleStore(5, Policy{Type: RQ, Reorder: 4, HasReorder: true, Quantity: 10}, Demand{Rate: 1})
	m.Horizon = 60
	var want []PathPoint
	orders, receipts := 0, 0
	require.NoError(t, Trace(m, 2, func(r TraceRecord) {
		switch r.Event {
		case "order":
			orders++
		case "receipt":
			receipts++
		}
		p := PathPoint{r.Time, r.OnHand, r.Backorders, r.Position}
		if n := len(want); n > 0 && want[n-1].Time == r.Time {
			want[n-1] = p
			return
		}
		want = append(want, p)
	}))
	paths, err := SamplePath(m, 2, Options{}, []int{0})
	require.NoError(t, err)
	require.Len(t, paths, 1)
	p := paths[0]
	assert.False(t, p.Thinned)
	require.Equal(t, want, p.Points[:len(p.Points)-1])
	assert.Equal(t, m.Horizon, p.Points[len(p.Points)-1].Time)
	assert.Len(t, p.Orders, orders)
	assert.Len(t, p.Receipts, receipts)
	assert.Positive(t, orders)
}

// A long busy path is thinned to the cap, keeps its extremes, and stays
// in time order.
func TestSamplePathThinned(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(60), Demand{Rate: 10})
	m.Horizon = 2000
	// The extremes of the state after each instant (not within one).
	var at []TraceRecord
	require.NoError(t, Trace(m, 0, func(r TraceRecord) {
		if n := len(at); n > 0 && at[n-1].Time == r.Time {
			at[n-1] = r
			return
		}
		at = append(at, r)
	}))
	lo, hi := 1e9, -1e9
	for _, r := range at {
		lo, hi = min(lo, r.OnHand), max(hi, r.OnHand)
	}
	paths, err := SamplePath(m, 0, Options{}, []int{0})
	require.NoError(t, err)
	p := paths[0]
	assert.True(t, p.Thinned)
	assert.LessOrEqual(t, len(p.Points), MaxPathPoints+1)
	assert.LessOrEqual(t, len(p.Orders), MaxPathMarks)
	gotLo, gotHi := 1e9, -1e9
	for i, q := range p.Points {
		gotLo, gotHi = min(gotLo, q.OnHand), max(gotHi, q.OnHand)
		if i > 0 {
			assert.LessOrEqual(t, p.Points[i-1].Time, q.Time)
		}
	}
	assert.Equal(t, lo, gotLo)
	assert.Equal(t, hi, gotHi)
}

func TestSamplePathRespectsContextAndBudget(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(20), Demand{Rate: 5})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := SamplePath(m, 0, Options{Context: ctx}, []int{0})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = SamplePath(m, 0, Options{Budget: Budget{MaxEvents: 10}}, []int{0})
	var be *BudgetError
	assert.ErrorAs(t, err, &be)
	_, err = SamplePath(m, 0, Options{}, []int{3})
	assert.Error(t, err)
}
