package html

import (
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// networkTable is the network-wide KPIs on one row; empty for a network of
// one stock point without purchase terms.
func networkTable(res *sim.Results) table {
	if len(res.Network) == 0 || len(res.Stocks) < 2 && len(res.Sources) == 0 {
		return table{}
	}
	t := table{Narrow: true}
	r := row{}
	for i, m := range sim.NetworkMetrics {
		t.Head = append(t.Head, m.Label)
		if m.Unit == "share" {
			r.Cells = append(r.Cells, pctCell(res.Network[i]))
		} else {
			r.Cells = append(r.Cells, summaryCell(res.Network[i], 1, "", 2))
		}
	}
	t.Rows = []row{r}
	return t
}

// sourcesTable is, per stock point with several sources or purchase terms,
// what each source was ordered, delivered and paid, per day.
func sourcesTable(res *sim.Results) table {
	if len(res.Sources) == 0 {
		return table{}
	}
	t := table{Head: []string{"stock point", "source", "price", "share of units", "ordered/day", "received/day", "purchase cost/day"}}
	for _, s := range res.Sources {
		t.Rows = append(t.Rows, row{Cells: []cell{
			{Text: s.At + "/" + s.SKU}, {Text: s.Source},
			{Text: strconv.FormatFloat(s.Price, 'g', -1, 64), Class: "num"},
			pctCell(s.Share), summaryCell(s.OrderedPerDay, 1, "", 2),
			summaryCell(s.ReceivedPerDay, 1, "", 2), summaryCell(s.PurchasePerDay, 1, "", 2),
		}})
	}
	return t
}

// plantsTable shows what each plant made and what held it back: time down
// for equipment failures and time starved of each component.
func plantsTable(res *sim.Results) table {
	if len(res.Plants) == 0 {
		return table{}
	}
	t := table{Head: []string{"Plant", "Makes", "Produced / day", "Utilisation", "Down (days)", "Starved of (days)"}}
	for _, p := range res.Plants {
		var starved []string
		for i, c := range p.Components {
			starved = append(starved, c+" "+fixed(p.Starved[i].Mean, 1))
		}
		t.Rows = append(t.Rows, row{Cells: []cell{
			{Text: p.ID}, {Text: p.Makes}, unitCell(p.Produced), pctCell(p.Utilisation), unitCell(p.Down),
			{Text: strings.Join(starved, ", ")},
		}})
	}
	return t
}
