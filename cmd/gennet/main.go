// Command gennet writes a large, regular scenario for trying reports and
// benchmarks at scale: suppliers, DCs each served by one supplier, and
// stores spread over the DCs, one SKU, Poisson demand at every store.
//
//	go run ./cmd/gennet -stores 2000 > big.toml
//	supplysim run big.toml --reps 8
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	suppliers := flag.Int("suppliers", 4, "suppliers")
	dcs := flag.Int("dcs", 20, "distribution centres")
	stores := flag.Int("stores", 2000, "stores")
	days := flag.Int("days", 500, "horizon in days")
	reps := flag.Int("reps", 8, "replications")
	flag.Parse()
	if *suppliers < 1 || *dcs < 1 || *stores < 0 || *days < 2 || *reps < 1 {
		fmt.Fprintln(os.Stderr, "gennet: every count must be at least 1 (stores 0), days at least 2")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	write(w, *suppliers, *dcs, *stores, *days, *reps)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gennet:", err)
		os.Exit(1)
	}
}

// write writes the scenario; everything in it follows from the counts.
func write(w io.Writer, suppliers, dcs, stores, days, reps int) {
	fmt.Fprintf(w, "[scenario]\nname = \"Generated network: %d suppliers, %d DCs, %d stores\"\nhorizon = \"%dd\"\nwarmup = \"60d\"\nreplications = %d\nseed = 1\n\n",
		suppliers, dcs, stores, days, reps)
	fmt.Fprint(w, "[[sku]]\nid = \"item\"\nunit_cost = 10.0\nholding_rate = 0.25\nbackorder_cost = 1.0\nlost_sale_cost = 8.0\norder_cost = 20.0\n\n")
	for s := range suppliers {
		fmt.Fprintf(w, "[[supplier]]\nid = \"supplier-%d\"\nlead_time = { dist = \"gamma\", mean = \"%dd\", cv = 0.3 }\n\n", s, 10+5*s)
	}
	perDC := (stores + dcs - 1) / dcs
	for d := range dcs {
		fmt.Fprintf(w, "[[warehouse]]\nid = \"dc-%02d\"\n\n", d)
	}
	for i := range stores {
		fmt.Fprintf(w, "[[warehouse]]\nid = \"store-%04d\"\n\n", i)
	}
	for d := range dcs {
		fmt.Fprintf(w, "[[lane]]\nfrom = \"supplier-%d\"\nto = \"dc-%02d\"\ntransit = \"5d\"\ncost_per_unit = 0.5\n\n", d%suppliers, d)
	}
	for i := range stores {
		fmt.Fprintf(w, "[[lane]]\nfrom = \"dc-%02d\"\nto = \"store-%04d\"\ntransit = { dist = \"uniform\", min = \"1d\", max = \"3d\" }\ncost_per_unit = 0.2\n\n", i/perDC, i)
	}
	for d := range dcs {
		fmt.Fprintf(w, "[[stock]]\nat = \"dc-%02d\"\nsku = \"item\"\nsource = \"supplier-%d\"\npolicy = { type = \"RS\", review = \"7d\", safety_stock = { service_level = 0.95 } }\n\n", d, d%suppliers)
	}
	for i := range stores {
		fmt.Fprintf(w, "[[stock]]\nat = \"store-%04d\"\nsku = \"item\"\nsource = \"dc-%02d\"\npolicy = { type = \"rQ\", Q = 20, safety_stock = { service_level = %.2f } }\n\n", i, i/perDC, 0.85+0.01*float64(i%14))
		fmt.Fprintf(w, "[[demand]]\nat = \"store-%04d\"\nsku = \"item\"\nrate = %.1f\nsize = 1\n\n", i, 2+float64(i%7))
	}
}
