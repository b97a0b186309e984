package check

import (
	"fmt"

	"github.com/supplysim/supplysim/sim"
)

// judgeNetwork judges an expectation on a network-wide KPI (at = "network").
func judgeNetwork(res *sim.Results, i int, e sim.Expectation) (Outcome, error) {
	m := sim.NetworkMetricIndex(e.Metric)
	if m < 0 || m >= len(res.Network) {
		return Outcome{}, fmt.Errorf("expectation %d (%s): unknown network metric %q", i+1, Label(e), e.Metric)
	}
	s := res.Network[m]
	v, why, n := Judge(e, s)
	return Outcome{Expect: e, Index: i, At: sim.NetworkAt, SKU: "totals", Value: s, Verdict: v, Reason: why, Needed: n}, nil
}
