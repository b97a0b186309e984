package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/supplysim/supplysim/sim"
)

// InformationMetrics are the metrics of forecasts, ordering behaviour and
// visibility, in the order the information tables show them.
var InformationMetrics = []struct{ Metric, Heading string }{
	{"forecast_mape", "forecast MAPE"},
	{"forecast_bias", "forecast bias"},
	{"bullwhip_ratio", "bullwhip ratio"},
	{"record_error", "record error (units)"},
}

// InformationStocks returns the indices of the stock points whose policy
// forecasts, anchors and adjusts, or does not see its stock as it is: the
// rows of the information tables. Empty when the scenario uses none.
func InformationStocks(m *sim.Model) []int {
	var out []int
	for i := range m.Stocks {
		st := &m.Stocks[i]
		if st.Policy.Forecast != nil || st.Policy.Type == sim.AnchorAdjust || st.Visibility.Used() {
			out = append(out, i)
		}
	}
	return out
}

// writeInformation prints, for the stock points that use forecasts,
// anchor_adjust or imperfect visibility, how good their information was.
func writeInformation(w io.Writer, res *sim.Results) error {
	rows := InformationStocks(res.Model)
	if len(rows) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nforecasts, ordering and visibility:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"stock point"}
	for _, c := range InformationMetrics {
		head = append(head, c.Heading)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, i := range rows {
		s := &res.Stocks[i]
		row := []string{s.At + "/" + s.SKU}
		for _, c := range InformationMetrics {
			row = append(row, Value(s.Metric(c.Metric), sim.Metrics[sim.MetricIndex(c.Metric)].Unit == "share"))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	return tw.Flush()
}
