package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/supplysim/supplysim/sim"
)

// WriteTrace writes the event log that run produces as CSV, one row per
// record, streaming: the log is never held in memory.
func WriteTrace(w io.Writer, run func(fn func(sim.TraceRecord)) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"time", "event", "site", "sku", "qty", "on_hand", "backorders", "inventory_position", "detail"}); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	err := run(func(r sim.TraceRecord) {
		cw.Write([]string{f(r.Time), r.Event, r.Site, r.SKU, f(r.Qty), f(r.OnHand), f(r.Backorders), f(r.Position), r.Detail})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
