package scenario

import (
	"fmt"
	"strings"
	"testing"
)

// manySKUs is a valid scenario with n [[sku]] tables, one of them stocked.
func manySKUs(n int) []byte {
	var b strings.Builder
	b.WriteString("[scenario]\nname = \"many\"\nhorizon = \"30d\"\n\n")
	for i := range n {
		fmt.Fprintf(&b, "[[sku]]\nid = \"k%d\"\nunit_cost = 1\n\n", i)
	}
	b.WriteString(`[[supplier]]
id = "w"
[[warehouse]]
id = "shop"
[[lane]]
from = "w"
to = "shop"
[[stock]]
at = "shop"
sku = "k0"
source = "w"
policy = { type = "base_stock", S = 12 }
[[demand]]
at = "shop"
sku = "k0"
rate = 2
`)
	return []byte(b.String())
}

// manyStocks is a valid network of n SKUs, each stocked at one of n/100
// warehouses with its own demand stream, and an expectation per stock point.
func manyStocks(n int) []byte {
	var b strings.Builder
	b.WriteString("[scenario]\nname = \"network\"\nhorizon = \"30d\"\n\n[[supplier]]\nid = \"w\"\n\n")
	sites := max(1, n/100)
	for w := range sites {
		fmt.Fprintf(&b, "[[warehouse]]\nid = \"s%d\"\n[[lane]]\nfrom = \"w\"\nto = \"s%d\"\n\n", w, w)
	}
	for i := range n {
		fmt.Fprintf(&b, "[[sku]]\nid = \"k%d\"\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "[[stock]]\nat = \"s%d\"\nsku = \"k%d\"\nsource = \"w\"\npolicy = { type = \"base_stock\", S = 12 }\n", i%sites, i)
		fmt.Fprintf(&b, "[[demand]]\nat = \"s%d\"\nsku = \"k%d\"\nrate = 0.5\n", i%sites, i)
		fmt.Fprintf(&b, "[[expect]]\nat = \"s%d\"\nsku = \"k%d\"\nmetric = \"fill_rate\"\nmin = 0\n", i%sites, i)
	}
	return []byte(b.String())
}

// BenchmarkLoad times loading and validating large files. Loading is linear
// in the size of the file: 100,000 [[sku]] tables once took 56 s, with
// checks that compared every id with every other.
func BenchmarkLoad(b *testing.B) {
	for _, tc := range []struct {
		name string
		gen  func(int) []byte
		n    int
	}{
		{"skus=20000", manySKUs, 20_000},
		{"skus=40000", manySKUs, 40_000},
		{"skus=100000", manySKUs, 100_000},
		{"stocks=10000", manyStocks, 10_000},
		{"stocks=40000", manyStocks, 40_000},
	} {
		data := tc.gen(tc.n)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Load("bench.toml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// badReferences is manyStocks with every stock point naming an SKU that
// does not exist: n errors, each with a did-you-mean over n SKU ids.
func badReferences(n int) []byte {
	return []byte(strings.ReplaceAll(string(manyStocks(n)), "[[stock]]\nat = \"s0\"\nsku = \"k", "[[stock]]\nat = \"s0\"\nsku = \"x"))
}

// BenchmarkLoadErrors times a file with an error in every element: the
// hints stay within a fixed amount of work per file, so reporting is
// linear too (it was quadratic in the number of ids).
func BenchmarkLoadErrors(b *testing.B) {
	for _, n := range []int{10_000, 40_000} {
		data := badReferences(n)
		b.Run(fmt.Sprintf("stocks=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Load("bench.toml", data); err == nil {
					b.Fatal("no error")
				}
			}
		})
	}
}
