package theory_test

import (
	"fmt"

	"github.com/supplysim/supplysim/sim/theory"
)

// A corner shop sells 2 kettles a day (Poisson, one at a time), reorders
// one for each sold, and waits 5 days for it: lead-time demand is
// Poisson(10). With an order-up-to level of 12:
func ExamplePoissonBaseStock() {
	k := theory.PoissonBaseStock(2*5, 12)
	fmt.Printf("fill rate %.4f, backorders %.4f, on hand %.4f\n", k.FillRate, k.Backorders, k.OnHand)
	// Output: fill rate 0.6968, backorders 0.5309, on hand 2.5309
}
