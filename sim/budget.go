package sim

// Limits every model given to Run stays within; sim/scenario enforces them
// when it decodes a file.
const (
	// MaxHorizon is the longest horizon, and the longest duration anywhere
	// in a scenario: 100 years, in days.
	MaxHorizon = 36500
	// MaxReplications is the most replications of one run.
	MaxReplications = 100_000
	// MaxArrivalRate is the highest rate, in orders per day, at which a
	// demand stream may draw arrivals (its peak, with profiles, trend and
	// surges). Above it the gaps between arrivals shrink towards the
	// resolution of the clock late in a long horizon.
	MaxArrivalRate = 1e9
)
