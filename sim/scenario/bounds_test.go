package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// minimalWith is testdata/valid/minimal.toml with its text changed: old
// replaced by new (when old is not empty), and more appended.
func minimalWith(t *testing.T, old, new, more string) error {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "valid", "minimal.toml"))
	require.NoError(t, err)
	text := string(data)
	if old != "" {
		require.Contains(t, text, old)
		text = strings.Replace(text, old, new, 1)
	}
	_, err = Load("minimal.toml", []byte(text+"\n"+more))
	return err
}

// Every bound, just inside and just outside.
func TestBounds(t *testing.T) {
	t.Parallel()
	const (
		horizon = `horizon = "90d"`
		policy  = `policy = { type = "base_stock", S = 20 }`
		rate    = `rate = 2`
		sku     = `id = "widget"`
		acme    = `id = "acme"`
	)
	tests := []struct {
		old, new, more string
		want           string // "" when within the bounds
	}{
		{horizon, `horizon = "100y"`, "", ""},
		{horizon, `horizon = 36501`, "", "minimal.toml:4:1: horizon: must be at most 36500d (100 years), got integer 36501"},
		{horizon, `horizon = "1d"`, "", ""},
		{horizon, `horizon = "23h"`, "", `horizon: must be at least 1 day, got string "23h"`},
		{horizon, horizon + "\nreplications = 100000", "", ""},
		{horizon, horizon + "\nreplications = 100001", "", "replications: must be at most 100000"},
		{policy, `policy = { type = "RS", S = 20, review = "1m" }`, "", ""},
		{policy, `policy = { type = "RS", S = 20, review = "0.9m" }`, "", `policy.review: must be at least 1 minute, "1m", got string "0.9m"`},
		{policy, `policy = { type = "base_stock", S = 1e12 }`, "", ""},
		{policy, `policy = { type = "base_stock", S = 1.0001e12 }`, "", "policy.S: must be at most 1e+12 in size"},
		{policy, `policy = { type = "rQ", r = 5, Q = 1e-12 }`, "", ""},
		{policy, `policy = { type = "rQ", r = 5, Q = 1e-13 }`, "", "policy.Q: must not be this close to 0"},
		{policy, `policy = { type = "base_stock", safety_stock = { days = 36500 } }`, "", ""},
		{policy, `policy = { type = "base_stock", safety_stock = { days = 36501 } }`, "", "policy.safety_stock.days: must be at most 36500 days of demand"},
		{rate, `rate = 1e9`, "", ""},
		{rate, `rate = 1.5e9`, "", "rate: must be at most 1e+09 orders per day, got 1.5e+09"},
		{rate, rate + "\nweekly = [1000, 1, 1, 1, 1, 1, 1]", "", ""},
		{rate, rate + "\nweekly = [1001, 1, 1, 1, 1, 1, 1]", "", "weekly: element 1: must be at most 1000, got 1001"},
		{rate, rate + "\nyearly = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5000]", "", "yearly: element 12: must be at most 1000"},
		{rate, rate + "\ntrend = 100", "", ""},
		{rate, rate + "\ntrend = -101", "", "trend: must be between -100 and 100"},
		{rate, rate + "\n" + `size = { dist = "lognormal", mu = 27, sigma = 0.1 }`, "", ""},
		{rate, rate + "\n" + `size = { dist = "lognormal", mu = 28, sigma = 0.1 }`, "", "size: lognormal: the mean is 1.4"},
		{rate, `every = "1m"`, "", ""},
		{rate, `every = 0.0001`, "", "every: must be at least 1 minute"},
		{rate, rate + "\n" + `patience = "100y"`, "", ""},
		{rate, rate + "\n" + `patience = "101y"`, "", "patience: must be at most 36500d"},
		{acme, acme + "\n" + `lead_time = { dist = "gamma", shape = 100, scale = "365d" }`, "", ""},
		{acme, acme + "\n" + `lead_time = { dist = "gamma", shape = 101, scale = "365d" }`, "", "the mean is 36865d, longer than 36500d (100 years)"},
		{acme, acme + "\n" + `lead_time = { dist = "normal", mean = "-5d", sd = "1d" }`, "", ""},
		{acme, acme + "\ncapacity = 1e-12", "", ""},
		{acme, acme + "\ncapacity = 5e-324", "", "capacity: must not be this close to 0"},
		{sku, sku + "\nunit_cost = 1e13", "", "unit_cost: must be at most 1e+12 in size"},
		{"", "", disruption(`type = "demand_surge"`, `factor = 1000`), ""},
		{"", "", disruption(`type = "demand_surge"`, `factor = 1001`), "factor: must be at most 1000, got 1001"},
		{"", "", disruption(`type = "supplier_delay"`, `supplier = "acme"`, `factor = 2000`), "factor: must be at most 1000"},
		{"", "", disruption(`type = "lane_closure"`, `from = "acme"`, `to = "dc"`, `duration = "0.5m"`, `repeat = "1m"`), ""},
		{"", "", disruption(`type = "lane_closure"`, `from = "acme"`, `to = "dc"`, `duration = "0.5m"`, `repeat = "0.5m"`), "repeat: must be at least 1 minute"},
		{"", "", randomFailure(`"1m"`), ""},
		{"", "", randomFailure(`"0.5m"`), "every: the mean time between occurrences must be at least 1 minute"},
	}
	for _, tt := range tests {
		err := minimalWith(t, tt.old, tt.new, tt.more)
		label := tt.new + tt.more
		if tt.want == "" {
			assert.NoError(t, err, label)
			continue
		}
		require.Error(t, err, label)
		assert.Contains(t, err.Error(), tt.want, label)
		assert.Regexp(t, `^minimal\.toml:\d+:\d+: `, err.Error(), "positioned")
	}
}

// disruption writes a [[disruption]] table; keys without start and
// duration get start = 0 and duration = 1 day.
func disruption(keys ...string) string {
	text := strings.Join(keys, "\n")
	if !strings.Contains(text, "duration") {
		text += "\nduration = 1"
	}
	return "[[disruption]]\nstart = 0\n" + text + "\n"
}

func randomFailure(every string) string {
	return "[[disruption]]\ntype = \"equipment_failure\"\nsite = \"dc\"\nevery = { dist = \"exponential\", mean = " + every + " }\nrepair = \"1h\"\n"
}

// The peak of a stream counts its profiles, trend and surges together: each
// within its bound, their product may not be.
func TestPeakArrivalRateBound(t *testing.T) {
	t.Parallel()
	const peak = "rate = 1e6\nweekly = [1000, 1, 1, 1, 1, 1, 1]"
	assert.NoError(t, minimalWith(t, "rate = 2", peak, ""), "a peak of 1e9 orders a day")
	err := minimalWith(t, "rate = 2", peak, disruption(`type = "demand_surge"`, `factor = 2`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rate: with its profiles, trend and demand surges this stream's arrival rate peaks at 2e+09 orders per day, above the 1e+09 the engine allows")
}
