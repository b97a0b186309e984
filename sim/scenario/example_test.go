package scenario_test

import (
	"errors"
	"fmt"

	"github.com/supplysim/supplysim/sim/scenario"
)

func ExampleParse() {
	data := []byte(`
[scenario]
name = "one store"
horizon = "1y"

[[sku]]
id = "widget"

[[supplier]]
id = "acme"
lead_time = { dist = "gamma", mean = "5d", cv = 0.5 }

[[warehouse]]
id = "store"

[[lane]]
from = "acme"
to = "store"

[[stock]]
at = "store"
sku = "widget"
source = "acme"
policy = { type = "rQ", Q = 50, safety_stock = { service_level = 0.95 } }

[[demand]]
at = "store"
sku = "widget"
rate = 4
`)
	m, derivs, err := scenario.Parse("store.toml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name, m.Horizon, "days,", m.Replications, "replications")
	fmt.Println(m.Suppliers[0].LeadTime)
	fmt.Println("reorder point derived:", derivs[0].Derived)
	// Output:
	// one store 365 days, 10 replications
	// gamma(mean 5, cv 0.5)
	// reorder point derived: true
}

func ExampleErrorList() {
	data := []byte(`[scenario]
name = "typos"
horizon = "30d"
replicatons = 5

[[supplier]]
id = "acme"
lead_time = { dist = "lognormal", mean = "-2d", cv = 0.3 }
`)
	_, _, err := scenario.Parse("typos.toml", data)
	var list scenario.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("line %d, %s: %s\n", e.Line, e.Path, e.Msg)
		}
	}
	fmt.Println(err)
	// Output:
	// line 4, scenario.replicatons: unknown key "replicatons" in [scenario]
	// line 8, supplier[0].lead_time: lead_time: lognormal: need mean > 0 and cv >= 0, got mean -2, cv 0.3
	// typos.toml:4:1: unknown key "replicatons" in [scenario]; hint: did you mean "replications"?
	// typos.toml:8:1: lead_time: lognormal: need mean > 0 and cv >= 0, got mean -2, cv 0.3
}
