package sim

import (
	"math"
	"math/rand/v2"
)

// ForecastMethod is how a policy forecasts the demand its stock point sees.
type ForecastMethod uint8

// The forecasting methods. All work on daily demand.
const (
	MovingAverage ForecastMethod = iota // mean of the last Window days
	ExpSmoothing                        // simple exponential smoothing, Alpha
	Holt                                // level and trend, Alpha and Beta
	HoltWinters                         // level, trend and a weekly or yearly season, Alpha, Beta, Gamma
)

var forecastNames = [...]string{MovingAverage: "moving_average", ExpSmoothing: "ses", Holt: "holt", HoltWinters: "holt_winters"}

func (f ForecastMethod) String() string { return forecastNames[f] }

// ParseForecastMethod returns the method for a scenario name such as "ses".
func ParseForecastMethod(name string) (ForecastMethod, bool) {
	for i, n := range forecastNames {
		if n == name {
			return ForecastMethod(i), true
		}
	}
	return 0, false
}

// ForecastMethodNames lists the method names in a stable order.
func ForecastMethodNames() []string { return append([]string(nil), forecastNames[:]...) }

// ErrorMeasure is how forecast errors size the safety stock.
type ErrorMeasure uint8

// The error measures: the root mean square error, or 1.25 times the mean
// absolute deviation (the normal distribution's sd/MAD ratio).
const (
	ErrorRMSE ErrorMeasure = iota
	ErrorMAD
)

// Forecast is a forecasting rule with its parameters. The forecast is
// fitted on the units the stock point is asked for per day (customers'
// and downstream stock points' orders together) and updated at every
// review, or daily for continuous review.
type Forecast struct {
	Method ForecastMethod
	Window int     // days averaged by MovingAverage
	Alpha  float64 // level smoothing, 0..1
	Beta   float64 // trend smoothing, 0..1 (Holt, HoltWinters)
	Gamma  float64 // season smoothing, 0..1 (HoltWinters)
	Season int     // HoltWinters: 7 (weekly, one index per weekday) or 12 (yearly, one index per month of 365/12 days)

	Error       ErrorMeasure
	ErrorWindow int // days of one-day-ahead errors that size the safety stock

	// Bias and Noise make the forecast wrong on purpose: the forecast the
	// policy uses is f x (1 + Bias) x max(0, 1 + Noise x e), with e a
	// standard normal drawn per day from the stream stock/<at>/<sku>/forecast.
	Bias, Noise float64

	// Warm start. With Given, the forecast starts at time 0 from Level
	// (units per day), Trend (units per day, per day) and Seasonal (Season
	// factors, nil for all 1). Otherwise the first InitDays days of demand
	// set it (their mean as level, no trend, weekday means over the mean as
	// a weekly season), and until then the policy runs on the levels
	// derived as without a forecast.
	Given    bool
	Level    float64
	Trend    float64
	Seasonal []float64
	InitDays int

	// EndCustomer forecasts the end customers' demand below the stock
	// point instead of the orders it receives (signal.go).
	EndCustomer bool
}

// forecaster is a stock point's forecast during a replication: the demand
// of the current day, the method's state and the recent errors.
type forecaster struct {
	f     *Forecast
	noise *rand.Rand // nil without Noise

	day     int     // the day whose demand is being counted
	today   float64 // units asked so far that day
	fed     int     // days fed to the method
	warm    bool
	history []float64 // the days fed before the warm start

	level, trend float64
	season       []float64
	ring         []float64 // moving average: the last Window days
	ringSum      float64
	ringPos      int     // the oldest day in a full ring
	factor       float64 // this day's bias and noise factor

	errs    []float64 // the last ErrorWindow errors, a ring
	errN    int
	nextOne float64 // the forecast of the next day, as used
	hasNext bool

	// accuracy after the warm-up
	absErr, sumErr, actual float64
}

func newForecaster(f *Forecast, seed uint64, rep int, name string) *forecaster {
	fc := &forecaster{f: f, factor: 1 + f.Bias, errs: make([]float64, max(f.ErrorWindow, 1))}
	if f.Noise > 0 {
		fc.noise = streamRNG(seed, rep, "stock/"+name+"/forecast")
	}
	if f.Given {
		fc.start(f.Level, f.Trend, f.Seasonal)
	}
	return fc
}

// observe counts units asked at time t.
func (fc *forecaster) observe(t, qty, warmup float64) {
	fc.catchUp(t, warmup)
	fc.today += qty
}

// catchUp feeds every complete day before t to the method; days without
// demand are fed as zeros. It reports whether the forecast changed.
func (fc *forecaster) catchUp(t, warmup float64) bool {
	d := int(t)
	changed := false
	for fc.day < d {
		fc.feed(fc.today, fc.day, warmup)
		fc.today = 0
		fc.day++
		changed = true
	}
	return changed
}

// feed gives the method the demand of one day.
func (fc *forecaster) feed(a float64, day int, warmup float64) {
	fc.fed++
	if !fc.warm {
		fc.history = append(fc.history, a)
		if len(fc.history) >= fc.f.InitDays {
			fc.warmFromHistory()
		}
		return
	}
	if fc.hasNext {
		e := fc.nextOne - a
		fc.errs[fc.errN%len(fc.errs)] = e
		fc.errN++
		if float64(day) >= warmup {
			fc.absErr += math.Abs(e)
			fc.sumErr += e
			fc.actual += a
		}
	}
	fc.update(a, day)
	fc.factor = 1 + fc.f.Bias
	if fc.noise != nil {
		fc.factor *= math.Max(0, 1+fc.f.Noise*fc.noise.NormFloat64())
	}
	fc.nextOne, fc.hasNext = fc.ahead(day, 1)*fc.factor, true
}

// warmFromHistory starts the method from the days seen so far.
func (fc *forecaster) warmFromHistory() {
	h := fc.history
	mean := 0.0
	for _, a := range h {
		mean += a
	}
	mean /= float64(len(h))
	var season []float64
	if fc.f.Season == 7 && mean > 0 {
		season = make([]float64, 7)
		n := make([]float64, 7)
		for i, a := range h {
			season[i%7] += a
			n[i%7]++
		}
		for i := range season {
			season[i] = season[i] / math.Max(n[i], 1) / mean
			if n[i] == 0 {
				season[i] = 1
			}
		}
	}
	fc.start(mean, 0, season)
	if fc.f.Method == MovingAverage {
		for _, a := range h[max(0, len(h)-len(fc.ring)):] {
			fc.push(a)
		}
	}
	fc.history = nil
	fc.nextOne, fc.hasNext = fc.ahead(fc.fed-1, 1)*fc.factor, true
}

// start sets the method's state.
func (fc *forecaster) start(level, trend float64, season []float64) {
	fc.warm = true
	fc.level, fc.trend = level, trend
	if fc.f.Method == HoltWinters {
		fc.season = make([]float64, fc.f.Season)
		for i := range fc.season {
			fc.season[i] = 1
			if i < len(season) {
				fc.season[i] = season[i]
			}
		}
	}
	if fc.f.Method == MovingAverage {
		fc.ring = make([]float64, 0, max(fc.f.Window, 1))
		if fc.f.Given {
			for range cap(fc.ring) {
				fc.push(level)
			}
		}
	}
}

// push adds a day to the moving average's window.
func (fc *forecaster) push(a float64) {
	if len(fc.ring) < cap(fc.ring) {
		fc.ring = append(fc.ring, a)
		fc.ringSum += a
		fc.level = fc.ringSum / float64(len(fc.ring))
		return
	}
	i := fc.ringPos
	fc.ringPos = (i + 1) % len(fc.ring)
	fc.ringSum += a - fc.ring[i]
	fc.ring[i] = a
	fc.level = fc.ringSum / float64(len(fc.ring))
}

// seasonIndex is the season slot of a day: its weekday, or its month.
func (fc *forecaster) seasonIndex(day int) int {
	if fc.f.Season == 12 {
		return int(math.Mod(float64(day), 365)/(365.0/12)) % 12
	}
	return day % 7
}

// update moves the method's state by the demand a of day.
func (fc *forecaster) update(a float64, day int) {
	f := fc.f
	switch f.Method {
	case MovingAverage:
		fc.push(a)
	case ExpSmoothing:
		fc.level += f.Alpha * (a - fc.level)
	case Holt:
		prev := fc.level
		fc.level = f.Alpha*a + (1-f.Alpha)*(fc.level+fc.trend)
		fc.trend = f.Beta*(fc.level-prev) + (1-f.Beta)*fc.trend
	case HoltWinters:
		i := fc.seasonIndex(day)
		s := fc.season[i]
		prev := fc.level
		if s > 0 {
			fc.level = f.Alpha*(a/s) + (1-f.Alpha)*(fc.level+fc.trend)
		} else {
			fc.level += fc.trend
		}
		fc.trend = f.Beta*(fc.level-prev) + (1-f.Beta)*fc.trend
		if fc.level > 0 {
			// A monthly index sees some 30 days a month: smooth it per day
			// by gamma/30 so that gamma means the same per season.
			g := f.Gamma
			if f.Season == 12 {
				g /= 365.0 / 12
			}
			fc.season[i] = g*(a/fc.level) + (1-g)*s
		}
	}
}

// ahead is the method's forecast, unbiased and without noise, of the
// demand on day last+h, made after day last; never negative.
func (fc *forecaster) ahead(last, h int) float64 {
	x := fc.level
	if fc.f.Method == Holt || fc.f.Method == HoltWinters {
		x += float64(h) * fc.trend
	}
	if fc.f.Method == HoltWinters {
		x *= fc.season[fc.seasonIndex(last+h)]
	}
	return math.Max(x, 0)
}

// over returns the forecast, as used, of the demand over the next p days
// from day from (the first day not fed), and the mean per day.
func (fc *forecaster) over(p float64) (total, perDay float64) {
	last := fc.fed - 1
	whole := int(p)
	for h := 1; h <= whole; h++ {
		total += fc.ahead(last, h)
	}
	if frac := p - float64(whole); frac > 0 {
		total += frac * fc.ahead(last, whole+1)
	}
	total *= fc.factor
	if p > 0 {
		perDay = total / p
	} else {
		perDay = fc.ahead(last, 1) * fc.factor
	}
	return total, perDay
}

// sigma is the standard deviation of one day's forecast error, from the
// errors seen so far: their RMSE, or 1.25 x their mean absolute deviation.
// It reports false before any error was seen.
func (fc *forecaster) sigma() (float64, bool) {
	n := min(fc.errN, len(fc.errs))
	if n == 0 {
		return 0, false
	}
	var sq, abs float64
	for _, e := range fc.errs[:n] {
		sq += e * e
		abs += math.Abs(e)
	}
	if fc.f.Error == ErrorMAD {
		return 1.25 * abs / float64(n), true
	}
	return math.Sqrt(sq / float64(n)), true
}

// levels re-sizes the policy's levels from the forecast: the forecast demand
// over the protection interval (lead time plus review) plus a safety stock
// set by the policy's rule with the forecast errors in place of the demand's
// variance: sd of the protection demand sqrt(P sigma^2 + f^2 Var(L)), with
// sigma the one-day error sd and f the forecast per day. It reports false
// while the forecast is not warm (the derived levels stay).
func (fc *forecaster) levels(p Policy, d Derivation) (reorder, upTo float64, ok bool) {
	if !fc.warm {
		return 0, 0, false
	}
	total, perDay := fc.over(d.Protection)
	sig, seen := fc.sigma()
	if !seen {
		// no error yet: the sd the derivation assumed
		sig = d.DemandSD
	}
	dd := d
	dd.DemandMean = perDay
	dd.LTDMean = total
	dd.LTDSD = math.Sqrt(sig*sig*d.Protection + perDay*perDay*d.LeadTimeSD*d.LeadTimeSD)
	ss, _, err := safetyStock(p, dd)
	if err != nil || math.IsNaN(ss) || math.IsInf(ss, 0) {
		return 0, 0, false
	}
	level := math.Max(wholeUnits(total+ss), 0)
	switch p.Type {
	case RQ, SS:
		return level, level + d.Quantity, true
	}
	return level, level, true
}

// accuracy returns the weighted MAPE (sum |F - A| / sum A) and the bias
// (sum (F - A) / sum A) of the one-day-ahead forecasts, as used, for days
// after the warm-up; NaN without demand.
func (fc *forecaster) accuracy() (mape, bias float64) {
	if fc.actual == 0 {
		return math.NaN(), math.NaN()
	}
	return fc.absErr / fc.actual, fc.sumErr / fc.actual
}
