package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// A derivation that overflows is an error at the policy, never an infinite
// level that the run would print and JSON could not hold.
func TestDeriveRefusesInfiniteLevels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		m     *Model
		field string
	}{
		{"lead time 1e308, S given", singleStore(1e308, baseStock(12), Demand{Rate: 2}), ""},
		{"days of cover 1e308", singleStore(5, Policy{Type: BaseStock,
			SafetyStock: SafetyStock{Method: SafetyDaysOfCover, Value: 1e308}}, Demand{Rate: 2}), "safety_stock"},
		{"huge demand", singleStore(5, Policy{Type: BaseStock,
			SafetyStock: SafetyStock{Method: SafetyServiceLevel, Value: 0.95}}, Demand{Rate: 1e300, Size: dist.Const(1e300)}), "safety_stock"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, errs := Derive(tc.m)
			require.Len(t, errs, 1)
			assert.Equal(t, tc.field, errs[0].Field)
			assert.Contains(t, errs[0].Error(), "not finite")
		})
	}
}
