package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The map lookups of surgeTargets agree with Hits on every pair.
func TestSurgeTargetsAgreeWithHits(t *testing.T) {
	t.Parallel()
	demands := []Demand{
		{ID: "a/x", At: "a", SKU: "x", Rate: 1},
		{ID: "a/y", At: "a", SKU: "y", Rate: 2},
		{ID: "b/x", At: "b", SKU: "x", Rate: 3},
		{ID: "promo", At: "b", SKU: "x", Rate: 4},
		{ID: "b/z", At: "b", SKU: "z", Every: 1},
	}
	var surges []Disruption
	for _, sku := range []string{"", "x", "y", "q"} {
		for _, site := range []string{"", "a", "b"} {
			for _, id := range []string{"", "a/x", "promo", "nope"} {
				surges = append(surges, Disruption{Type: DemandSurge, SKU: sku, Site: site, Demand: id, Factor: 2})
			}
		}
	}
	m := &Model{Horizon: 10, Demands: demands, Disruptions: surges}
	some := SurgesHitSomething(m)
	bounds := surgeBounds(m)
	for j := range demands {
		want := 1.0
		for i := range surges {
			if surges[i].Hits(&demands[j]) {
				want *= 2
			}
		}
		assert.Equal(t, want, bounds[j], demands[j].ID)
	}
	for i := range surges {
		any := false
		for j := range demands {
			any = any || surges[i].Hits(&demands[j])
		}
		assert.Equal(t, any, some[i], "%+v", surges[i])
	}
	peaks := PeakArrivalRates(m)
	assert.Equal(t, 0.0, peaks[4], "a fixed-interval stream draws no candidates")
	assert.Equal(t, 1*bounds[0], peaks[0])
}
