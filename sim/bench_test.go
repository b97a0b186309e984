package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/supplysim/supplysim/sim/dist"
)

// referenceModel is the benchmark model of the project's reference engine:
// n independent stores, Poisson unit demand 20/day, continuous (r,Q) with
// r = 60, Q = 100, constant lead time 5, initial IP uniform on 61..160,
// horizon 365, warm-up 10. Exact fill rate 0.5999998545: with IP uniform
// on r+1..r+Q, fill = (1/Q) sum_{y=r+1}^{r+Q} P(D_L <= y-1), D_L ~
// Poisson(100) (Axsater 2006, sec. 5.3), summed in log space.
func referenceModel(n int) *Model {
	m := &Model{Name: "reference", Horizon: 365, Warmup: 10, Replications: 1, Seed: 1,
		SKUs: []SKU{{ID: "item"}}, Suppliers: []Supplier{{ID: "vendor", LeadTime: dist.Const(5)}}}
	for i := range n {
		id := fmt.Sprintf("store-%04d", i)
		m.Warehouses = append(m.Warehouses, Warehouse{ID: id})
		m.Lanes = append(m.Lanes, Lane{From: "vendor", To: id})
		m.Stocks = append(m.Stocks, StockPoint{At: id, SKU: "item", Source: "vendor",
			Initial: dist.NewDiscreteUniform(61, 160), HasInitial: true,
			Policy: Policy{Type: RQ, Reorder: 60, HasReorder: true, Quantity: 100}})
		m.Demands = append(m.Demands, Demand{ID: id, At: id, SKU: "item", Rate: 20, Size: dist.Const(1), Backorder: 1, Partial: true})
	}
	return m
}

// The reference model's pooled fill rate (every store's units filled over
// units demanded) lands within 0.001 of the exact value, the benchmark's
// acceptance bound; one run of 1000 stores spreads about ±0.0005 around it.
func TestReferenceModelFillRate(t *testing.T) {
	t.Parallel()
	res, err := Run(referenceModel(1000), Options{Workers: 1, NoSeries: true})
	if err != nil {
		t.Fatal(err)
	}
	var demanded, filled float64
	for _, s := range res.Stocks {
		d := s.Metric("demand_per_day").Mean
		demanded += d
		filled += d * s.Metric("fill_rate").Mean
	}
	t.Logf("fill rate %.6f, exact 0.5999998545", filled/demanded)
	if math.Abs(filled/demanded-0.5999998545) > 0.001 {
		t.Errorf("fill rate %.6f is more than 0.001 from the exact 0.5999998545", filled/demanded)
	}
}

func BenchmarkReferenceModel1000(b *testing.B) {
	m := referenceModel(1000)
	var events int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(m, Options{Workers: 1, NoSeries: true})
		if err != nil {
			b.Fatal(err)
		}
		events += res.KernelEvents
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReferenceModel runs the reference model with from 100 to
// 10,000 stores, over a horizon that keeps about 7 million events a run,
// and reports the cost per event: it should not grow with the network.
// The stores are independent, so each runs as a group of its own, its
// state in cache from its first event to its last (group.go).
func BenchmarkReferenceModel(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("stores=%d", n), func(b *testing.B) {
			m := referenceModel(n)
			m.Horizon = max(40, 365*1000/float64(n))
			var events int64
			for b.Loop() {
				res, err := Run(m, Options{Workers: 1, NoSeries: true})
				if err != nil {
					b.Fatal(err)
				}
				events += res.KernelEvents
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
		})
	}
}

// BenchmarkReplications runs 8 replications of a 500-store reference model
// on one worker and on two: on two idle cores the second should take
// little more than half the time of the first (replications share nothing
// but the compiled plan, which they only read).
func BenchmarkReplications(b *testing.B) {
	m := referenceModel(500)
	m.Replications = 8
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				if _, err := Run(m, Options{Workers: workers, NoSeries: true}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*m.Replications)/b.Elapsed().Seconds(), "reps/s")
		})
	}
}
