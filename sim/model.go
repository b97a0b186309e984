// Package sim is the supply-chain model and its discrete-event engine:
// suppliers, lanes, warehouses holding stock points, customer demand,
// replenishment policies, disruptions, and the KPIs of each replication.
// The event loop is replication.run in engine.go.
//
// The package and everything under sim/ does no file, network or terminal
// I/O: scenario files are decoded by sim/scenario from bytes, and results
// are written by package reports, which sim never imports.
// All times are float64 days; all quantities are float64 units.
package sim

import (
	"github.com/supplysim/supplysim/sim/dist"
)

// Model is a complete, validated scenario: the network, its demand and the
// run settings. Slices keep the scenario file's declaration order, which is
// the order of every output.
type Model struct {
	Name         string
	Description  string
	Horizon      float64 // days simulated; events at t >= Horizon do not run
	Warmup       float64 // days at the start excluded from every KPI
	Replications int
	Seed         uint64
	// RecoveryTolerance is the share of a day's mean demand below which a
	// run and its twin without a disruption count as back in step: a day
	// whose largest difference in backorders plus difference in units lost
	// exceeds it still counts as disrupted (see ImpactFigures.Recovery).
	RecoveryTolerance float64

	SKUs        []SKU
	Suppliers   []Supplier
	Warehouses  []Warehouse
	Plants      []Plant // see plant.go
	Lanes       []Lane
	Stocks      []StockPoint
	Demands     []Demand
	Disruptions []Disruption
	Expects     []Expectation
}

// SKU is an item with its cost parameters. Costs are in one currency.
type SKU struct {
	ID            string
	UnitCost      float64 // value of one unit
	HoldingRate   float64 // holding cost per year as a fraction of UnitCost
	BackorderCost float64 // per unit backordered per day it waits
	LostSaleCost  float64 // per unit lost (refused or cancelled)
	OrderCost     float64 // per replenishment order placed
}

// Supplier is an external source with unlimited material.
type Supplier struct {
	ID       string
	LeadTime dist.Dist // days from order to dispatch onto the lane
	// Capacity is in units per day; 0 means unlimited. Orders are made one
	// after another (FIFO) at this rate; an order is dispatched when it is
	// made and its lead time has passed, whichever is later.
	Capacity float64
	// Terms are the supplier's purchase terms: per SKU, or for every SKU
	// (SKU ""); see TermsFor.
	Terms []Terms
}

// Warehouse is a site holding stock (a DC, a store, ...).
type Warehouse struct {
	ID string
	// Capacity is the site's outbound handling in units per day; 0 means
	// unlimited. Shipments out of the site (to customers and to downstream
	// stock points) are handled one after another (FIFO) at this rate, and
	// a shipment to a downstream stock point departs when handled.
	Capacity float64
}

// Lane connects a supplier or warehouse to a warehouse.
type Lane struct {
	From, To    string
	Transit     dist.Dist // days in transit
	CostPerUnit float64   // transport cost per unit shipped
}

// StockPoint is one SKU held at one warehouse, replenished from Source
// (a supplier or another warehouse) over the lane Source -> At.
type StockPoint struct {
	At, SKU, Source string
	// Initial is the on-hand stock at time 0, drawn once per replication.
	// When HasInitial is false the stock point starts at the policy's
	// order-up-to level (S, or r+Q for rQ).
	Initial    dist.Dist
	HasInitial bool
	Policy     Policy
	// Sourcing lists several sources and the rule between them; the zero
	// value orders from Source alone (see sourcing.go).
	Sourcing Sourcing
	// Visibility is what the policy does not see as it is: an information
	// delay and unrecorded shrinkage (visibility.go). The zero value sees
	// everything at once.
	Visibility Visibility
	// Allocation is how the stock point fills the requests waiting for it
	// and its class in its source's queue (allocation.go).
	Allocation Allocation
}

// Name identifies the stock point in outputs: "at/sku".
func (s StockPoint) Name() string { return s.At + "/" + s.SKU }

// PolicyType is a replenishment policy family.
type PolicyType uint8

// The policy families. All decide on inventory position.
const (
	BaseStock PolicyType = iota // order up to S after each demand (or each review)
	RQ                          // when IP <= r, order the smallest multiple of Q lifting IP above r
	SS                          // when IP <= s, order up to S
	RS                          // every review, order up to S
	// AnchorAdjust is the anchoring-and-adjustment rule people use in the
	// beer game (Sterman 1989): every review, order the expected demand plus
	// a share of the gaps in stock and in the supply line. See anchor.go.
	AnchorAdjust
)

var policyNames = [...]string{BaseStock: "base_stock", RQ: "rQ", SS: "sS", RS: "RS", AnchorAdjust: "anchor_adjust"}

func (p PolicyType) String() string { return policyNames[p] }

// ParsePolicyType returns the PolicyType for a scenario name such as "rQ".
func ParsePolicyType(name string) (PolicyType, bool) {
	for i, n := range policyNames {
		if n == name {
			return PolicyType(i), true
		}
	}
	return 0, false
}

// PolicyTypeNames lists the policy names, in a stable order.
func PolicyTypeNames() []string { return append([]string(nil), policyNames[:]...) }

// Policy is a replenishment rule with its parameters. Parameters not given
// directly (HasReorder/HasOrderUpTo false) are derived by Prepare from
// SafetyStock and the lead-time demand.
type Policy struct {
	Type   PolicyType
	Review float64 // days between reviews; 0 means continuous review

	Reorder      float64 // r for rQ, s for sS
	HasReorder   bool
	OrderUpTo    float64 // S for base_stock, sS and RS
	HasOrderUpTo bool
	Quantity     float64 // Q for rQ; for sS, S = s + Q when S is not given

	SafetyStock SafetyStock

	// Forecast, when not nil, re-sets the levels at every review (daily
	// for continuous review) from a forecast of the demand the stock point
	// sees, with a safety stock re-sized from its errors (forecast.go).
	Forecast *Forecast
	// Anchor holds the parameters of an AnchorAdjust policy.
	Anchor Anchor
}

// SafetyStockMethod says how a safety stock is set.
type SafetyStockMethod uint8

// The ways to set a safety stock.
const (
	SafetyNone         SafetyStockMethod = iota // parameters given directly
	SafetyUnits                                 // Value units
	SafetyDaysOfCover                           // Value days of mean demand
	SafetyServiceLevel                          // cycle service level Value: P(no stockout in a cycle)
	SafetyFillRate                              // fill rate target Value, by the normal loss function
)

// SafetyStock is how the policy's safety stock is chosen when its
// parameters are derived.
type SafetyStock struct {
	Method SafetyStockMethod
	Value  float64
}

// Demand is a stream of customer orders at a stock point.
type Demand struct {
	ID      string // stable name of the stream, for its random streams and outputs
	At, SKU string
	// Rate is in customer orders per day (Poisson arrivals). Exactly one of
	// Rate and Every is positive.
	Rate float64
	// Every is the fixed number of days between orders (period-based demand).
	Every float64
	Size  dist.Dist // units per order

	Weekly []float64 // 7 rate factors, day 0 of the horizon is weekday 0; nil for none
	Yearly []float64 // 12 monthly rate factors (a month is 365/12 days); nil for none
	Trend  float64   // relative change of the rate per year: rate * (1 + Trend * t/365)

	// Backorder is the share of short customers who wait (0..1); the rest
	// are lost at once.
	Backorder float64
	// Patience is how long a waiting customer waits before cancelling what
	// is still unfilled; HasPatience false means forever.
	Patience    dist.Dist
	HasPatience bool
	// MaxWait is the longest wait a short customer accepts, drawn per
	// customer. When HasMaxWait, short customers willing to wait are quoted
	// the expected wait for their units (from the shipments on their way)
	// and refuse, lost at once, when the quote is longer.
	MaxWait    dist.Dist
	HasMaxWait bool
	// Partial says whether what is on hand ships at once when the order
	// cannot be filled complete. When false the whole order waits.
	Partial bool
	// History, when not nil, drives the stream from daily sales instead of
	// Rate or Every (history.go); Size, profiles and trend do not apply.
	History *History
	// Priority is the stream's class where its stock point allocates by
	// priority: 1 is served first; 0 is unranked, served last.
	Priority int
}

// Expectation is a KPI bound that `supplysim check` judges.
type Expectation struct {
	Name     string
	At, SKU  string // stock point; "*" or a glob pattern matches several
	Metric   string
	Min, Max float64
	HasMin   bool
	HasMax   bool
	OnMean   bool // judge the mean instead of the whole 95% confidence interval
}
