package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/supplysim/supplysim/sim"
)

// showNetwork says whether the table prints the network totals: when the
// network has more than one stock point, or buys at a price.
func showNetwork(res *sim.Results) bool {
	return len(res.Network) > 0 && (len(res.Stocks) > 1 || len(res.Sources) > 0)
}

// writeNetwork prints the network-wide KPIs on one row.
func writeNetwork(w io.Writer, res *sim.Results) error {
	if !showNetwork(res) {
		return nil
	}
	fmt.Fprintln(w, "\nthe network (customer figures over the stock points with customers; money and stock value over every stock point):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head, row []string
	for i, m := range sim.NetworkMetrics {
		head = append(head, m.Label)
		row = append(row, Value(res.Network[i], m.Unit == "share"))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	return tw.Flush()
}

// writeSources prints, per stock point with several sources or purchase
// terms, what each source was asked for, delivered and cost.
func writeSources(w io.Writer, res *sim.Results) error {
	if len(res.Sources) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nsources (after the warm-up; per day):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stock point\tsource\tprice\tshare of units\tordered\treceived\tpurchase cost\t")
	for _, s := range res.Sources {
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.At, s.SKU, s.Source, num(s.Price), Value(s.Share, true),
			Value(s.OrderedPerDay, false), Value(s.ReceivedPerDay, false), Value(s.PurchasePerDay, false))
	}
	return tw.Flush()
}

type jsonNetwork struct {
	Metrics []sim.Metric
	Values  []jsonSummary
}

// MarshalJSON writes the network KPIs as one object, a key per metric.
func (n jsonNetwork) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range n.Metrics {
		if i > 0 {
			b.WriteByte(',')
		}
		v, _ := n.Values[i].MarshalJSON()
		fmt.Fprintf(&b, "%q:%s", m.Name, v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

type jsonSource struct {
	At             string      `json:"at"`
	SKU            string      `json:"sku"`
	Source         string      `json:"source"`
	Price          float64     `json:"price"`
	Share          jsonSummary `json:"share_of_units"`
	OrderedPerDay  jsonSummary `json:"ordered_per_day"`
	ReceivedPerDay jsonSummary `json:"received_per_day"`
	PurchasePerDay jsonSummary `json:"purchase_cost_per_day"`
}

func networkJSON(res *sim.Results) *jsonNetwork {
	if len(res.Network) == 0 {
		return nil
	}
	n := &jsonNetwork{Metrics: sim.NetworkMetrics}
	for _, s := range res.Network {
		n.Values = append(n.Values, jsonSummary(s))
	}
	return n
}

func sourcesJSON(res *sim.Results) []jsonSource {
	var out []jsonSource
	for _, s := range res.Sources {
		out = append(out, jsonSource{At: s.At, SKU: s.SKU, Source: s.Source, Price: s.Price,
			Share: jsonSummary(s.Share), OrderedPerDay: jsonSummary(s.OrderedPerDay),
			ReceivedPerDay: jsonSummary(s.ReceivedPerDay), PurchasePerDay: jsonSummary(s.PurchasePerDay)})
	}
	return out
}
