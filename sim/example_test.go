package sim_test

import (
	"fmt"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

// Embedding the simulator: decode a scenario from bytes, run its
// replications, read a KPI with its 95% confidence interval. Inventory
// theory gives this shop's fill rate as P(Poisson(10) <= 11) = 0.6968.
func ExampleRun() {
	src := []byte(`
[scenario]
name = "kettle shop"
horizon = "2y"
warmup = "30d"
replications = 20
seed = 1
[[sku]]
id = "kettle"
[[supplier]]
id = "wholesaler"
lead_time = "5d"
[[warehouse]]
id = "shop"
[[lane]]
from = "wholesaler"
to = "shop"
[[stock]]
at = "shop"
sku = "kettle"
source = "wholesaler"
policy = { type = "base_stock", S = 12 }
[[demand]]
at = "shop"
sku = "kettle"
rate = 2
`)
	model, _, err := scenario.Parse("shop.toml", src)
	if err != nil {
		fmt.Println(err) // every problem, with line and column
		return
	}
	res, err := sim.Run(model, sim.Options{NoSeries: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fill := res.Stocks[0].Metric("fill_rate")
	fmt.Printf("%s/%s fill rate %.2f ± %.2f over %d replications\n", res.Stocks[0].At, res.Stocks[0].SKU, fill.Mean, fill.CI95, fill.N)
	// Output:
	// shop/kettle fill rate 0.69 ± 0.01 over 20 replications
}

// A run's budget: the estimate, worked out before anything runs, and the
// error of a run over it. The kettle shop at a million customers a day for
// two years is 1.46 billion orders and as many receipts per replication.
func ExampleEstimateRun() {
	src := []byte(`
[scenario]
name = "busy shop"
horizon = "2y"
replications = 20
[[sku]]
id = "kettle"
[[supplier]]
id = "wholesaler"
lead_time = "5d"
[[warehouse]]
id = "shop"
[[lane]]
from = "wholesaler"
to = "shop"
[[stock]]
at = "shop"
sku = "kettle"
source = "wholesaler"
policy = { type = "base_stock", S = 12 }
[[demand]]
at = "shop"
sku = "kettle"
rate = 1e6
`)
	model, _, err := scenario.Parse("shop.toml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := sim.Options{Workers: 4, NoSeries: true, Budget: sim.DefaultBudget()}
	est := sim.EstimateRun(model, opt)
	fmt.Printf("%.3g events per replication\n", float64(est.EventsPerRep))
	_, err = sim.Run(model, opt)
	fmt.Println(err)
	// Output:
	// 1.46e+09 events per replication
	// the run would take about 2.92e+10 events (20 replications of 1.46e+09), over the budget of 2e+09
}
