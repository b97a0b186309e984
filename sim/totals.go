package sim

import (
	"math"

	"github.com/supplysim/supplysim/sim/stats"
)

// NetworkAt is the `at` of an expectation on a network-wide KPI.
const NetworkAt = "network"

// NetworkMetrics lists the network-wide KPIs in output order. Customer
// figures add up the stock points with customer demand; money and stock
// value add up every stock point.
var NetworkMetrics = []Metric{
	{"fill_rate", "share", "fill", "units shipped from stock at once / units demanded, over the stock points with customer demand", "higher"},
	{"lost_rate", "share", "lost", "units lost (refused or cancelled) / units demanded, over the stock points with customer demand", "lower"},
	{"units_lost", "units", "units lost", "units lost (refused or cancelled) after the warm-up, over the stock points with customer demand", "lower"},
	{"avg_backorders", "units", "backorders", "time-averaged units backordered, summed over the stock points with customer demand", "lower"},
	{"inventory_value", "money", "stock value", "inventory_value summed over every stock point", "none"},
	{"cost_purchase", "per day", "purchase", "cost_purchase summed over every stock point", "lower"},
	{"cost_total", "per day", "total cost", "cost_total summed over every stock point", "lower"},
}

// NetworkMetricIndex returns the position of a name in NetworkMetrics, or -1.
func NetworkMetricIndex(name string) int {
	for i, m := range NetworkMetrics {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// NetworkMetricNames lists the network metric names in output order.
func NetworkMetricNames() []string {
	names := make([]string, len(NetworkMetrics))
	for i, m := range NetworkMetrics {
		names[i] = m.Name
	}
	return names
}

// SourceResult is what one source of a sourced stock point did, across
// replications, counted after the warm-up.
type SourceResult struct {
	Stock   int    // index in Model.Stocks
	At, SKU string // the stock point
	Source  string // the supplier or warehouse
	Price   float64
	// OrderedPerDay and ReceivedPerDay are units per day; PurchasePerDay
	// is money per day (units received x price).
	OrderedPerDay, ReceivedPerDay, PurchasePerDay stats.Summary
	// Share is the share of the stock point's units ordered that went to
	// this source (undefined in a replication without orders).
	Share stats.Summary
}

// networkKPIs adds one replication's stock points up, in NetworkMetrics order.
func networkKPIs(p *plan, r *replication, kpis [][]float64) []float64 {
	var demanded, fromStock, lost, backorders, value, purchase, total float64
	iValue, iPurchase, iTotal := MetricIndex("inventory_value"), MetricIndex("cost_purchase"), MetricIndex("cost_total")
	iBack := MetricIndex("avg_backorders")
	for i := range r.stocks {
		k := &r.stocks[i].k
		if p.stocks[i].customerFacing {
			demanded += k.demanded
			fromStock += k.fromStock
			lost += k.lostAtOnce + k.cancelled
			backorders += kpis[i][iBack]
		}
		value += kpis[i][iValue]
		purchase += kpis[i][iPurchase]
		total += kpis[i][iTotal]
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
	}
	return []float64{ratio(fromStock, demanded), ratio(lost, demanded), lost, backorders, value, purchase, total}
}

// sourceKPIs returns the counters of every sourced stock point's sources.
func sourceKPIs(r *replication) [][]SourceCounters {
	var out [][]SourceCounters
	for i := range r.stocks {
		if src := r.stocks[i].src; src != nil {
			ks := make([]SourceCounters, len(src))
			for j := range src {
				k := &src[j].k
				ks[j] = SourceCounters{Ordered: k.ordered, Received: k.received, Purchase: k.purchase}
			}
			out = append(out, ks)
		}
	}
	return out
}

func summarizeNetwork(reps []RepResult) []stats.Summary {
	out := make([]stats.Summary, len(NetworkMetrics))
	vals := make([]float64, len(reps))
	for m := range NetworkMetrics {
		for r := range reps {
			vals[r] = reps[r].Network[m]
		}
		out[m] = stats.Summarize(append([]float64(nil), vals...))
	}
	return out
}

func summarizeSources(p *plan, reps []RepResult) []SourceResult {
	var out []SourceResult
	days := p.m.Horizon - p.m.Warmup
	n := 0
	for i := range p.stocks {
		sp := &p.stocks[i]
		if !sp.sourced() {
			continue
		}
		for j := range sp.sources {
			sr := SourceResult{Stock: i, At: p.m.Stocks[i].At, SKU: p.m.Stocks[i].SKU, Source: sp.sources[j].site, Price: sp.sources[j].terms.Price}
			var ord, rec, pur, share []float64
			for _, rr := range reps {
				c := rr.Sources[n][j]
				ord, rec, pur = append(ord, c.Ordered/days), append(rec, c.Received/days), append(pur, c.Purchase/days)
				all := 0.0
				for _, o := range rr.Sources[n] {
					all += o.Ordered
				}
				share = append(share, c.Ordered/all) // NaN without orders
			}
			sr.OrderedPerDay, sr.ReceivedPerDay, sr.PurchasePerDay = stats.Summarize(ord), stats.Summarize(rec), stats.Summarize(pur)
			sr.Share = stats.Summarize(share)
			out = append(out, sr)
		}
		n++
	}
	return out
}
