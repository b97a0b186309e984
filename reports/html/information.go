package html

import (
	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
)

// information is the table of forecast accuracy, bullwhip and record error
// of the stock points that forecast, anchor and adjust, or do not see their
// stock as it is; empty when the scenario has none.
func (b *builder) information() table {
	rows := reports.InformationStocks(b.res.Model)
	if len(rows) == 0 {
		return table{}
	}
	t := table{Head: []string{"Stock point"}, Narrow: true}
	for _, c := range reports.InformationMetrics {
		t.Head = append(t.Head, c.Heading)
	}
	for _, i := range rows {
		s := &b.res.Stocks[i]
		r := row{Cells: []cell{{Text: b.labels[i]}}}
		for _, c := range reports.InformationMetrics {
			v := s.Metric(c.Metric)
			if sim.Metrics[sim.MetricIndex(c.Metric)].Unit == "share" {
				r.Cells = append(r.Cells, pctCell(v))
			} else {
				r.Cells = append(r.Cells, unitCell(v))
			}
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}
