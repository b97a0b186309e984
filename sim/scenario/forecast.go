package scenario

import (
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// Defaults of the forecast keys (docs/scenario-format.md).
const (
	defaultWindow      = 28
	defaultAlpha       = 0.2
	defaultBeta        = 0.1
	defaultGamma       = 0.1
	defaultErrorWindow = 56
	defaultInitDays    = 14
	maxForecastDays    = 3650
)

// forecast decodes policy.forecast, or returns nil when there is none.
func (pt *table) forecast(typ sim.PolicyType) *sim.Forecast {
	ft, ok := pt.sub("forecast", `method = "ses", alpha = 0.2`)
	if !ok {
		return nil
	}
	f := &sim.Forecast{Window: defaultWindow, Alpha: defaultAlpha, Beta: defaultBeta, Gamma: defaultGamma,
		ErrorWindow: defaultErrorWindow, InitDays: defaultInitDays}
	method, methodOK := ft.forecastMethod()
	f.Method = method
	if methodOK {
		ft.forecastKeys(method)
	}
	if n, ok := ft.dayCount("window"); ok {
		f.Window = n
	}
	if f.Method == sim.MovingAverage {
		f.InitDays = f.Window
	}
	for _, k := range []struct {
		key string
		dst *float64
	}{{"alpha", &f.Alpha}, {"beta", &f.Beta}, {"gamma", &f.Gamma}} {
		if x, ok := ft.share(k.key, false); ok {
			*k.dst = x
		}
	}
	f.Season = 7
	if ft.choice("season", "weekly", "yearly") == "yearly" {
		f.Season = 12
	}
	if ft.choice("error", "rmse", "mad") == "mad" {
		f.Error = sim.ErrorMAD
	}
	if n, ok := ft.dayCount("error_window"); ok {
		f.ErrorWindow = n
	}
	if x, ok := ft.number("bias"); ok {
		if x <= -1 || x > 10 {
			ft.errorf("bias", "0.2 forecasts 20% too much, -0.2 20% too little", "must be above -1 and at most 10, got %g", x)
		}
		f.Bias = x
	}
	if x, ok := ft.number("noise"); ok {
		if x < 0 || x > 10 {
			ft.errorf("noise", "the coefficient of variation of a daily factor, such as 0.3", "must be between 0 and 10, got %g", x)
		}
		f.Noise = x
	}
	ft.warmStart(f)
	f.EndCustomer = ft.demandSignal()
	ft.rejectUnknown()
	if len(ft.bad) > 0 {
		pt.bad["forecast"] = true
	}
	if typ == sim.AnchorAdjust && pt.has("forecast") {
		pt.errorf("forecast", "anchor_adjust smooths its own demand forecast with theta", "does not apply to anchor_adjust policies")
	}
	if !pt.has("safety_stock") && typ != sim.AnchorAdjust {
		pt.errorf("forecast", "add safety_stock = { service_level = 0.95 } (or fill_rate, days, units): the levels are the forecast plus it",
			"a forecast sets the levels, so the policy needs safety_stock")
	}
	return f
}

// forecastMethod reads the required method key.
func (ft *table) forecastMethod() (sim.ForecastMethod, bool) {
	names := sim.ForecastMethodNames()
	if !ft.has("method") {
		ft.tableErrorf("known methods: "+strings.Join(names, ", "), "policy.forecast: missing required key %q", "method")
		return 0, false
	}
	name, ok := ft.str("method")
	if !ok {
		return 0, false
	}
	m, ok := sim.ParseForecastMethod(name)
	if !ok {
		ft.errorf("method", didYouMean(name, names, "forecast methods"), "unknown forecast method %q", name)
	}
	return m, ok
}

// forecastKeys rejects the keys of other methods.
func (ft *table) forecastKeys(m sim.ForecastMethod) {
	only := map[string][]sim.ForecastMethod{
		"window": {sim.MovingAverage},
		"alpha":  {sim.ExpSmoothing, sim.Holt, sim.HoltWinters},
		"beta":   {sim.Holt, sim.HoltWinters},
		"trend":  {sim.Holt, sim.HoltWinters},
		"gamma":  {sim.HoltWinters}, "season": {sim.HoltWinters}, "seasonal": {sim.HoltWinters},
	}
	for _, key := range []string{"window", "alpha", "beta", "trend", "gamma", "season", "seasonal"} {
		ok := false
		for _, x := range only[key] {
			ok = ok || x == m
		}
		if ft.has(key) && !ok {
			var names []string
			for _, x := range only[key] {
				names = append(names, x.String())
			}
			ft.errorf(key, "it applies to "+strings.Join(names, ", "), "does not apply to the %s method", m)
		}
	}
}

// warmStart decodes init, init_days, level, trend and seasonal.
func (ft *table) warmStart(f *sim.Forecast) {
	f.Given = ft.choice("init", "data", "given") == "given"
	if n, ok := ft.dayCount("init_days"); ok {
		if f.Given {
			ft.errorf("init_days", `init = "given" starts from level at time 0`, "does not apply with init = \"given\"")
		}
		f.InitDays = n
	}
	if x, ok := ft.level("level"); ok {
		f.Level = x
	}
	if x, ok := ft.number("trend"); ok {
		f.Trend = x
	}
	if xs, ok := ft.numbers("seasonal"); ok {
		if len(xs) != f.Season {
			ft.errorf("seasonal", "7 weekday factors for season = \"weekly\", 12 monthly ones for \"yearly\"", "expected %d factors, got %d", f.Season, len(xs))
		}
		f.Seasonal = xs
	}
	for _, k := range []string{"level", "trend", "seasonal"} {
		if ft.has(k) && !f.Given {
			ft.errorf(k, `add init = "given" to start from given values`, "applies only with init = \"given\"")
		}
	}
	if f.Given && !ft.has("level") {
		ft.tableErrorf("level is the demand per day to start from", "policy.forecast: init = \"given\" needs level")
	}
}

// dayCount reads a whole number of days, 1 to maxForecastDays.
func (t *table) dayCount(key string) (int, bool) {
	n, ok := t.integer(key)
	if !ok {
		return 0, false
	}
	if n < 1 || n > maxForecastDays {
		t.errorf(key, "a number of days of demand, such as 28", "must be a whole number of days from 1 to %d, got %d", maxForecastDays, n)
		return 0, false
	}
	return int(n), true
}

// anchor decodes the keys of an anchor_adjust policy.
func (pt *table) anchor() sim.Anchor {
	a := sim.DefaultAnchor()
	for _, k := range []struct {
		key string
		dst *float64
	}{{"theta", &a.Theta}, {"alpha_s", &a.AlphaS}, {"beta", &a.Beta}} {
		if x, ok := pt.share(k.key, false); ok {
			*k.dst = x
		}
	}
	if x, ok := pt.level("stock_target"); ok {
		a.StockTarget = x
	}
	a.EndCustomer = pt.demandSignal()
	return a
}

// demandSignal reads demand_signal: "orders" (the default) or
// "end_customer".
func (t *table) demandSignal() bool {
	return t.choice("demand_signal", "orders", "end_customer") == "end_customer"
}

// anchorKeys are the keys only anchor_adjust takes.
func anchorKeys() []string {
	return []string{"theta", "alpha_s", "beta", "stock_target", "demand_signal"}
}

// visibility decodes a stock point's info_delay, shrink and cycle_count.
func (t *table) visibility() sim.Visibility {
	var v sim.Visibility
	if x, ok := t.duration("info_delay", false); ok {
		if t.atMost("info_delay", x, sim.MaxHorizon, " days") {
			v.InfoDelay = x
		}
	}
	if x, ok := t.number("shrink"); ok {
		if x < 0 || x > 1e6 {
			t.errorf("shrink", "units vanishing per day, such as 0.5", "must be between 0 and 1e6 units per day, got %g", x)
		} else {
			v.Shrink = x
		}
	}
	if x, ok := t.duration("cycle_count", true); ok {
		v.CycleCount = x
		if !t.has("shrink") {
			t.errorf("cycle_count", "add shrink = ... (units per day vanishing unrecorded)", "a cycle count corrects shrinkage: it needs shrink")
		}
	}
	return v
}

// anchorRules checks the keys anchor_adjust takes and those only it takes.
func (pt *table) anchorRules(typ sim.PolicyType, allowed []string) {
	for _, k := range anchorKeys() {
		if pt.has(k) && typ != sim.AnchorAdjust {
			pt.errorf(k, "theta, alpha_s, beta, stock_target and demand_signal belong to anchor_adjust policies (a forecast takes its own demand_signal)", "does not apply to %s policies", typ)
		}
	}
	if typ != sim.AnchorAdjust {
		return
	}
	if pt.has("safety_stock") {
		pt.errorf("safety_stock", "anchor_adjust aims at stock_target (units)", "does not apply to anchor_adjust policies")
	}
	if !pt.has("review") {
		pt.tableErrorf(`anchor_adjust orders at each review: add review = "7d"`, "policy: anchor_adjust needs review, the time between reviews")
	}
}
