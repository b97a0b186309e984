package scenario

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

// Bounds on values. No supply chain comes near them; they keep every number
// the scenario gives, and every number derived from it (lead-time demand,
// levels, costs, KPIs), finite and printable, and every loop of the engine
// short. They apply to every spelling of a value (1e308, "1e308d") and to
// changes made with --set or [[variant]], which pass through the same
// decoder. docs/scenario-format.md lists them per key.
const (
	maxNumber = 1e12  // largest size of any number: units, money, rates, parameters
	minNumber = 1e-12 // smallest size of a number other than 0

	maxDays     = sim.MaxHorizon // longest duration: 100 years
	minHorizon  = 1              // days: the KPIs and daily series need a whole day
	minInterval = 1.0 / 1440     // one minute: the shortest review, interval between orders, repeat or mean time between random occurrences

	maxRate   = sim.MaxArrivalRate // customer orders per day, also at the stream's peak
	maxFactor = 1000               // weekly and yearly factors, surge and delay factors
	maxTrend  = 100                // relative change of the rate per year, either way
)

const boundsHint = "see the bounds in docs/scenario-format.md"

// boundsError is a value of the right type out of the bounds.
type boundsError struct{ msg string }

func (e *boundsError) Error() string { return e.msg }

// hintFor returns the hint for a value's error: the bounds for a value out
// of them, else def.
func hintFor(err error, def string) string {
	var be *boundsError
	if errors.As(err, &be) {
		return boundsHint
	}
	return def
}

// checkMagnitude reports a number too large or too close to zero to be
// meant; v is the value as written, for the message.
func checkMagnitude(x float64, v any) error {
	switch a := math.Abs(x); {
	case a > maxNumber:
		return &boundsError{fmt.Sprintf("must be at most %g in size, got %s", maxNumber, describe(v))}
	case a != 0 && a < minNumber:
		return &boundsError{fmt.Sprintf("must not be this close to 0 (numbers other than 0 are at least %g in size), got %s", minNumber, describe(v))}
	}
	return nil
}

// checkDays reports a duration longer than maxDays.
func checkDays(x float64, v any) error {
	if math.Abs(x) > maxDays {
		return &boundsError{fmt.Sprintf("must be at most %s (100 years), got %s", fmtDays(maxDays), describe(v))}
	}
	return nil
}

// checkTinyDays reports a duration other than 0 shorter than minNumber
// days, which no clock resolves.
func checkTinyDays(x float64, v any) error {
	if x != 0 && math.Abs(x) < minNumber {
		return &boundsError{fmt.Sprintf("must not be this close to 0 (durations other than 0 are at least %g days), got %s", minNumber, describe(v))}
	}
	return nil
}

// toShortDays is toDays, also refusing a duration too close to 0.
func toShortDays(v any) (float64, error) {
	x, err := toDays(v)
	if err == nil {
		err = checkTinyDays(x, v)
	}
	return x, err
}

// fmtInterval writes a short duration in minutes, hours or days.
func fmtInterval(days float64) string {
	switch {
	case days < 1.0/24:
		return strconv.FormatFloat(days*1440, 'g', 4, 64) + "m"
	case days < 1:
		return strconv.FormatFloat(days*24, 'g', 4, 64) + "h"
	}
	return fmtDays(days)
}

// interval returns key's duration, reporting one below minInterval: the
// key repeats something, and a shorter interval repeats it without end.
func (t *table) interval(key string) (float64, bool) {
	x, ok := t.days(key, true)
	if ok && x < minInterval {
		t.errorf(key, boundsHint, "must be at least 1 minute, \"1m\", got %s", describe(t.vals[key]))
		return 0, false
	}
	return x, ok
}

// atMost reports key's number when above hi; what names its unit in the
// message ("orders per day").
func (t *table) atMost(key string, x, hi float64, what string) bool {
	if x > hi {
		t.errorf(key, boundsHint, "must be at most %g%s, got %g", hi, what, x)
		return false
	}
	return true
}

// checkDistBounds checks a distribution's mean against the bound of its
// unit: at most maxDays for a time, maxNumber for a quantity.
func checkDistBounds(d dist.Dist, u distUnit) error {
	m := d.Mean()
	if u == timeDist && m > maxDays {
		return fmt.Errorf("%s: the mean is %s, longer than %s (100 years)", d.Kind, fmtDays(m), fmtDays(maxDays))
	}
	if u == quantityDist && m > maxNumber {
		return fmt.Errorf("%s: the mean is %g, above %g", d.Kind, m, maxNumber)
	}
	return nil
}
