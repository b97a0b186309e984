package html

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

func TestJSONNum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {1, "1"}, {-2.5, "-2.5"}, {123.456, "123.5"}, {0.0012345, "0.001235"},
		{12345678, "12350000"}, {1234.5, "1235"}, {99.99, "99.99"}, {0.3, "0.3"},
		{math.NaN(), "null"}, {math.Inf(1), "null"}, {5e-324, "0"}, {-1e-300, "0"}, {1e-280, "0"},
	}
	for _, tt := range tests {
		b, err := json.Marshal(jsonNum(tt.in))
		assert.NoError(t, err)
		assert.Equal(t, tt.want, string(b), "%g", tt.in)
	}
}

func TestProseNumbers(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "23", num(23))
	assert.Equal(t, "6.52", num(6.5213))
	assert.Equal(t, "1432", num(1431.6))
	assert.Equal(t, "0", num(-0.0001))
	assert.Equal(t, dash, num(math.NaN()))
	assert.Equal(t, "95%", pct(0.95))
	assert.Equal(t, "8.1%", pct(0.0812))
	assert.Equal(t, "1 day", days(1))
	assert.Equal(t, "0.5 days", days(0.5))
}

func TestCells(t *testing.T) {
	t.Parallel()
	s := stats.Summarize([]float64{0.90, 0.92, 0.94})
	assert.Equal(t, cell{Text: "92.0%", Sub: "± 5.0", Class: "num"}, pctCell(s))
	s = stats.Summarize([]float64{480, 500})
	assert.Equal(t, "490", unitCell(s).Text)
	assert.Equal(t, cell{Text: "7.00", Class: "num"}, unitCell(stats.Summarize([]float64{7})), "one replication: no CI")
	assert.Equal(t, dash, unitCell(stats.Summarize([]float64{math.NaN()})).Text)
}

func TestSeriesRowsBuckets(t *testing.T) {
	t.Parallel()
	band := func(vals ...float64) sim.Band {
		p10, p90 := make([]float64, len(vals)), make([]float64, len(vals))
		for i, v := range vals {
			p10[i], p90[i] = v-1, v+1
		}
		return sim.NewBand(vals, p10, p90)
	}
	sr := &sim.StockResult{OnHand: band(1, 2, 3, 10, 5), Position: band(0, 0, 0, 0, 0), Backorders: band(0, 0, 0, 0, 0)}
	rows, k := seriesRows(sr, 5, 10)
	assert.Equal(t, 1, k)
	assert.Len(t, rows, 5)
	assert.Equal(t, [3]jsonNum{10, 9, 2}, [3]jsonNum{rows[3][colOnHand], rows[3][colOnHandLo], rows[3][colOnHandSpan]})

	rows, k = seriesRows(sr, 5, 2) // buckets of 3 days: [0,3) and [3,5)
	assert.Equal(t, 3, k)
	assert.Len(t, rows, 2)
	assert.Equal(t, jsonNum(1), rows[0][colDay], "middle day of 0..2")
	assert.Equal(t, jsonNum(2), rows[0][colOnHand])
	assert.Equal(t, jsonNum(0), rows[0][colOnHandLo])
	assert.Equal(t, jsonNum(4), rows[0][colOnHandSpan], "envelope 0..4")
	assert.Equal(t, jsonNum(3.5), rows[1][colDay])
	assert.Equal(t, jsonNum(7.5), rows[1][colOnHand])
	assert.Equal(t, jsonNum(11-4), rows[1][colOnHandSpan])
}

func TestWaitBins(t *testing.T) {
	t.Parallel()
	h := stats.NewHistogram(1.0 / 24)
	for d := range 10 { // 1 unit waiting d days, d = 0..9
		h.Add(float64(d)+0.5/24, 1)
	}
	width, n, hours := displayBins([]*stats.Histogram{&h})
	assert.Equal(t, 1.0, width)
	assert.Equal(t, 10, n)
	assert.False(t, hours)
	shares := mergeBins(&h, width, n)
	for _, s := range shares {
		assert.InDelta(t, 10, s, 1e-9)
	}
	assert.Equal(t, []string{"0–1", "1–2", "≥ 2"}, binLabels(1, 3, false))

	short := stats.NewHistogram(1.0 / 24)
	short.Add(0.1, 3)
	short.Add(0.6, 1)
	width, n, hours = displayBins([]*stats.Histogram{&short})
	assert.True(t, hours, "waits under two days read in hours")
	assert.InDelta(t, 1.0/24, width, 1e-12)
	assert.Equal(t, 15, n, "0.6 days in hourly bins")
	assert.Equal(t, []string{"0–1", "≥ 1"}, binLabels(width, 2, true))
	// Everything past the last bin lands in it.
	got := mergeBins(&short, 1.0/24, 3)
	assert.Equal(t, []float64{0, 0, 100}, got)
}

func TestNiceMax(t *testing.T) {
	t.Parallel()
	for in, want := range map[float64]float64{0: 1, 7.3: 10, 10: 10, 11: 20, 0.21: 0.25, 3.1: 5, 45: 50} {
		assert.InDelta(t, want, niceMax(in), 1e-12, "%g", in)
	}
}
