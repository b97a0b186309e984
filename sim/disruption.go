package sim

import "github.com/supplysim/supplysim/sim/dist"

// DisruptionType is a kind of disruption.
type DisruptionType uint8

// The disruption types. Each acts only inside its windows (see Disruption).
const (
	// DemandSurge multiplies the arrival rate of the targeted demand
	// streams by Factor (more than 1: a surge; less than 1: a drop).
	DemandSurge DisruptionType = iota
	// SupplierDelay makes orders placed with the supplier in the window take
	// Factor times their lead time plus Extra.
	SupplierDelay
	// SupplierOutage stops the supplier: nothing is dispatched and, with
	// finite capacity, production runs at Share of capacity (0 by default);
	// orders wait and resume after the window.
	SupplierOutage
	// LaneClosure stops departures on the lane; shipments already on the
	// lane continue, or with Hold wait out the closure where they are.
	LaneClosure
	// LaneDelay makes shipments departing in the window take Factor times
	// their transit time plus Extra.
	LaneDelay
	// EquipmentFailure stops a site's handling: nothing ships out of it
	// and, with StopReceiving, nothing is received until it is repaired.
	EquipmentFailure
	// CapacityLoss cuts a supplier's production capacity, or a site's
	// outbound handling capacity, to Share.
	CapacityLoss
)

var disruptionNames = [...]string{
	DemandSurge: "demand_surge", SupplierDelay: "supplier_delay", SupplierOutage: "supplier_outage",
	LaneClosure: "lane_closure", LaneDelay: "lane_delay", EquipmentFailure: "equipment_failure",
	CapacityLoss: "capacity_loss",
}

func (t DisruptionType) String() string { return disruptionNames[t] }

// ParseDisruptionType returns the type for a scenario name such as "lane_closure".
func ParseDisruptionType(name string) (DisruptionType, bool) {
	for i, n := range disruptionNames {
		if n == name {
			return DisruptionType(i), true
		}
	}
	return 0, false
}

// DisruptionTypeNames lists the disruption type names, in a stable order.
func DisruptionTypeNames() []string { return append([]string(nil), disruptionNames[:]...) }

// Disruption is a scenario's disruption: what it hits, when, and how hard.
//
// Timing is either scheduled (Start and Duration, repeating every Repeat
// days when Repeat > 0; each occurrence happens with Probability) or random
// (Random: up-times drawn from Every alternate with down-times drawn from
// Length, as with MTBF and MTTR). Windows are drawn once per replication
// from the disruption's own random stream, so adding a disruption leaves
// every other draw unchanged.
type Disruption struct {
	Name string // label in outputs; unique
	Type DisruptionType

	// Targets. DemandSurge: SKU, Site and/or Demand narrow the demand streams
	// hit (all empty: every stream). Supplier types: Supplier. Lane types:
	// From and To. EquipmentFailure: Site. CapacityLoss: Supplier or Site.
	SKU, Site, Demand, Supplier, From, To string

	Start, Duration, Repeat float64 // scheduled timing, days
	Probability             float64 // chance each scheduled occurrence happens (0..1)
	Random                  bool
	Every, Length           dist.Dist // random timing: time between occurrences, duration

	Factor        float64   // rate factor (DemandSurge); time factor (delays), default 1
	Extra         dist.Dist // extra days (delays)
	Share         float64   // capacity kept (SupplierOutage, CapacityLoss)
	Hold          bool      // LaneClosure: shipments in transit wait out the closure
	StopReceiving bool      // EquipmentFailure: arrivals wait until repaired
}

// Window is one occurrence of a disruption in a replication, [Start, End) days.
type Window struct {
	Disruption int // index in Model.Disruptions
	Start, End float64
}
