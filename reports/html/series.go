package html

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// Columns of a time-series dataset row. Each band is stored as its lower
// edge and its width, so that two stacked line series draw it.
const (
	colDay = iota
	colOnHand
	colOnHandLo
	colOnHandSpan
	colPosition
	colPositionLo
	colPositionSpan
	colBackorders
	colBackordersLo
	colBackordersSpan
	nCols
)

// seriesRows returns a stock point's daily series as dataset rows, at most
// maxPoints of them. Longer series are cut into buckets of whole days: a
// bucket's row sits at its middle day and holds the mean of the daily means
// and the envelope of the bands (lowest p10, highest p90), so a short
// spike still shows. It also returns the bucket length in days.
func seriesRows(sr *sim.StockResult, days, maxPoints int) ([][nCols]jsonNum, int) {
	if days == 0 {
		return nil, 1
	}
	k := (days + maxPoints - 1) / maxPoints
	rows := make([][nCols]jsonNum, 0, (days+k-1)/k)
	for a := 0; a < days; a += k {
		b := min(a+k, days)
		var row [nCols]jsonNum
		row[colDay] = jsonNum(float64(a+b-1) / 2)
		for j, band := range []*sim.Band{&sr.OnHand, &sr.Position, &sr.Backorders} {
			mean, lo, hi := bucket(band, a, b)
			row[1+3*j], row[2+3*j], row[3+3*j] = jsonNum(mean), jsonNum(lo), jsonNum(hi-lo)
		}
		rows = append(rows, row)
	}
	return rows, k
}

// bucket summarises days [a, b) of a band.
func bucket(band *sim.Band, a, b int) (mean, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for d := a; d < b; d++ {
		mean += band.Mean(d)
		lo = min(lo, band.P10(d))
		hi = max(hi, band.P90(d))
	}
	return mean / float64(b-a), lo, hi
}
