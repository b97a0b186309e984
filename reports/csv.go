package reports

import (
	"encoding/csv"
	"io"
	"math"
	"path/filepath"
	"strconv"

	"github.com/supplysim/supplysim/sim"
)

// CSVFiles are the files WriteCSV writes into its directory.
var CSVFiles = []string{"replications.csv", "series.csv"}

// WriteCSV stages replications.csv (one row per replication per stock
// point, one column per metric) and, when the run recorded them,
// series.csv (one row per day per stock point) into dir, making it.
func WriteCSV(f *Files, dir string, res *sim.Results) error {
	if err := f.MkdirAll(dir); err != nil {
		return err
	}
	if err := f.Write(filepath.Join(dir, CSVFiles[0]), func(w io.Writer) error {
		return writeReplications(w, res)
	}); err != nil {
		return err
	}
	if res.Days == 0 {
		return nil
	}
	return f.Write(filepath.Join(dir, CSVFiles[1]), func(w io.Writer) error {
		return writeSeries(w, res)
	})
}

func writeReplications(w io.Writer, res *sim.Results) error {
	cw := csv.NewWriter(w)
	header := append([]string{"replication", "at", "sku"}, sim.MetricNames()...)
	if err := cw.Write(header); err != nil {
		return err
	}
	for rep := range res.Model.Replications {
		for _, s := range res.Stocks {
			row := []string{strconv.Itoa(rep), s.At, s.SKU}
			for _, m := range s.Metrics {
				row = append(row, csvFloat(m.Values[rep]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeSeries(w io.Writer, res *sim.Results) error {
	cw := csv.NewWriter(w)
	header := []string{"day", "at", "sku"}
	for _, name := range []string{"on_hand", "backorders", "inventory_position"} {
		header = append(header, name+"_mean", name+"_p10", name+"_p90")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range res.Stocks {
		for day := range res.Days {
			row := []string{strconv.Itoa(day), s.At, s.SKU}
			for _, b := range []*sim.Band{&s.OnHand, &s.Backorders, &s.Position} {
				row = append(row, csvFloat(b.Mean(day)), csvFloat(b.P10(day)), csvFloat(b.P90(day)))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvFloat writes a value that reads back exactly; undefined values are empty.
func csvFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
