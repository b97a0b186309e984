package theory

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// Method says which closed form fits a stock point.
type Method uint8

// The methods, from none to exact.
const (
	NotApplicable Method = iota // no closed form here: see Analysis.Reason
	Normal                      // normal approximation of lead-time demand
	Poisson                     // Poisson lead-time demand, unit orders, constant lead time
)

func (m Method) String() string {
	return [...]string{"not applicable", "normal approximation", "Poisson"}[m]
}

// Analysis is the closed-form view of one stock point.
type Analysis struct {
	Method Method
	KPIs   KPIs   // zero when NotApplicable
	Reason string // why no closed form applies, when NotApplicable
	// Notes list the formula's assumptions that the stock point breaks, in
	// plain words. A Poisson analysis with no notes is exact.
	Notes []string
	// Lead-time demand the formula used, units: the Poisson mean, or the
	// normal mean and standard deviation (0 for Poisson).
	LTDMean, LTDSD float64
}

// Exact reports whether the analysis is exact for the simulated system (up
// to the simulation's own noise), not an approximation.
func (a Analysis) Exact() bool { return a.Method == Poisson && len(a.Notes) == 0 }

// Analyze decides which closed form fits stock point i of m, whose policy
// parameters and lead-time demand are given by its derivation d (from
// sim.Derive), and evaluates it.
//
// A closed form applies to a base_stock or rQ policy under continuous
// review, at a stock point replenished from a supplier and serving customer
// demand only (a single echelon). Poisson arrivals of one unit each, with no
// seasonal profile or trend, and a constant lead time and whole-unit
// parameters give the exact Poisson formulas; anything else gets the normal
// approximation, with lead-time demand variance that includes the lead
// time's own variability. Lost sales, cancellations and supplier capacity
// break the formulas' assumptions: they are listed in Notes.
func Analyze(m *sim.Model, i int, d sim.Derivation) Analysis {
	sp := m.Stocks[i]
	if reason := notApplicable(m, i); reason != "" {
		return Analysis{Reason: reason}
	}
	a := Analysis{Notes: assumptionNotes(m, sp, d)}
	params := []float64{d.OrderUpTo}
	if sp.Policy.Type == sim.RQ {
		params = []float64{d.Reorder, d.Quantity}
	}
	if unitPoisson(m, sp) && d.LeadTimeSD == 0 && wholeUnits(params...) && d.DemandMean*d.LeadTimeMean < 1e6 {
		a.Method, a.LTDMean = Poisson, d.DemandMean*d.LeadTimeMean
		if sp.Policy.Type == sim.RQ {
			a.KPIs = PoissonRQ(a.LTDMean, int(d.Reorder), int(d.Quantity))
		} else {
			a.KPIs = PoissonBaseStock(a.LTDMean, int(d.OrderUpTo))
		}
		return a
	}
	a.Method, a.LTDMean, a.LTDSD = Normal, d.LTDMean, d.LTDSD
	if sp.Policy.Type == sim.RQ {
		a.KPIs = NormalRQ(d.LTDMean, d.LTDSD, d.Reorder, d.Quantity)
	} else {
		a.KPIs = NormalBaseStock(d.LTDMean, d.LTDSD, d.OrderUpTo)
	}
	return a
}

// notApplicable returns why no closed form fits stock point i, or "".
func notApplicable(m *sim.Model, i int) string {
	sp := m.Stocks[i]
	switch {
	case sp.Policy.Type != sim.BaseStock && sp.Policy.Type != sim.RQ:
		return fmt.Sprintf("%s policy: closed forms here cover base_stock and rQ only", sp.Policy.Type)
	case sp.Policy.Review > 0:
		return fmt.Sprintf("periodic review every %g days: the closed forms are for continuous review", sp.Policy.Review)
	case !isSupplier(m, sp.Source):
		return fmt.Sprintf("replenished from %s, another stock point: its lead time includes waits for %s's stock, which single-echelon formulas leave out",
			sp.Source, sp.Source)
	}
	if down := downstream(m, sp); len(down) > 0 {
		return fmt.Sprintf("serves other stock points (%s): its demand is their replenishment orders, not a stationary customer stream",
			strings.Join(down, ", "))
	}
	if len(customers(m, sp)) == 0 {
		return "no customer demand"
	}
	return ""
}

func isSupplier(m *sim.Model, id string) bool {
	return slices.ContainsFunc(m.Suppliers, func(s sim.Supplier) bool { return s.ID == id })
}

func downstream(m *sim.Model, sp sim.StockPoint) []string {
	var out []string
	for _, o := range m.Stocks {
		if o.Source == sp.At && o.SKU == sp.SKU {
			out = append(out, o.At)
		}
	}
	return out
}

func customers(m *sim.Model, sp sim.StockPoint) []sim.Demand {
	var out []sim.Demand
	for _, d := range m.Demands {
		if d.At == sp.At && d.SKU == sp.SKU {
			out = append(out, d)
		}
	}
	return out
}

// unitPoisson reports whether the stock point's demand is a stationary
// Poisson stream of single units (a sum of such streams is one).
func unitPoisson(m *sim.Model, sp sim.StockPoint) bool {
	for _, d := range customers(m, sp) {
		if d.Every > 0 || !flat(d) || !d.Size.IsConstant() || d.Size.A != 1 {
			return false
		}
	}
	return true
}

func flat(d sim.Demand) bool { return d.Weekly == nil && d.Yearly == nil && d.Trend == 0 }

func wholeUnits(xs ...float64) bool {
	for _, x := range xs {
		if x != math.Trunc(x) || math.Abs(x) > 1e7 {
			return false
		}
	}
	return true
}

// assumptionNotes lists what the formulas assume and the stock point does
// not do, in the order a reader would check them.
func assumptionNotes(m *sim.Model, sp sim.StockPoint, d sim.Derivation) []string {
	var notes []string
	if d.LeadTimeSD > 0 {
		notes = append(notes, fmt.Sprintf("the lead time varies (mean %.3g, sd %.3g days): orders can overtake one another, and the normal approximation adds the lead time's variance to lead-time demand",
			d.LeadTimeMean, d.LeadTimeSD))
	}
	cs := customers(m, sp)
	for _, dm := range cs {
		prefix := ""
		if len(cs) > 1 {
			prefix = "demand " + dm.ID + ": "
		}
		for _, n := range demandNotes(dm) {
			notes = append(notes, prefix+n)
		}
	}
	for _, s := range m.Suppliers {
		if s.ID == sp.Source && s.Capacity > 0 {
			notes = append(notes, fmt.Sprintf("supplier %s makes at most %g units a day, so orders can queue; the formulas assume no capacity limit", s.ID, s.Capacity))
		}
	}
	return notes
}

func demandNotes(d sim.Demand) []string {
	var notes []string
	if !flat(d) {
		notes = append(notes, "demand follows a weekly or yearly profile or a trend: the formulas use its average rate")
	}
	if d.Every > 0 {
		notes = append(notes, fmt.Sprintf("orders arrive every %g days, not as Poisson arrivals", d.Every))
	}
	if !d.Size.IsConstant() || d.Size.A != 1 {
		notes = append(notes, fmt.Sprintf("customers order %.3g units at a time on average: lead-time demand is treated as normal", d.Size.Mean()))
	}
	if d.Backorder < 1 {
		notes = append(notes, fmt.Sprintf("%.0f%% of short customers leave at once: the formulas assume every customer waits", (1-d.Backorder)*100))
	}
	if d.HasPatience && d.Backorder > 0 {
		notes = append(notes, "waiting customers cancel after a while: the formulas assume they wait for ever")
	}
	return notes
}
