package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/supplysim/supplysim/sim"
)

// writePlants prints, per plant, what it made and where its time went.
func writePlants(w io.Writer, res *sim.Results) error {
	if len(res.Plants) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nplants (after the warm-up; starved: days free with a run waiting for the component; down: days stopped by equipment failures):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "plant\tmakes\tproduced/day\tutilisation\tdown (days)\tstarved (days)\t")
	for _, p := range res.Plants {
		var starved []string
		for c, s := range p.Starved {
			starved = append(starved, p.Components[c]+" "+Value(s, false))
		}
		if len(starved) == 0 {
			starved = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", p.ID, p.Makes, Value(p.Produced, false),
			Value(p.Utilisation, true), Value(p.Down, false), strings.Join(starved, ", "))
	}
	return tw.Flush()
}

type jsonPlant struct {
	ID          string             `json:"id"`
	Makes       string             `json:"makes"`
	Produced    jsonSummary        `json:"produced_per_day"`
	Utilisation jsonSummary        `json:"utilisation"`
	Down        jsonSummary        `json:"down_days"`
	Starved     []jsonPlantStarved `json:"starved"`
}

type jsonPlantStarved struct {
	SKU  string      `json:"sku"`
	Days jsonSummary `json:"days"`
}

func plantsJSON(res *sim.Results) []jsonPlant {
	var out []jsonPlant
	for _, p := range res.Plants {
		jp := jsonPlant{ID: p.ID, Makes: p.Makes, Produced: jsonSummary(p.Produced),
			Utilisation: jsonSummary(p.Utilisation), Down: jsonSummary(p.Down), Starved: []jsonPlantStarved{}}
		for c, s := range p.Starved {
			jp.Starved = append(jp.Starved, jsonPlantStarved{SKU: p.Components[c], Days: jsonSummary(s)})
		}
		out = append(out, jp)
	}
	return out
}
