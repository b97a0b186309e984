package sim

// Metric describes one KPI of a stock point. The names are part of the
// output contract (JSON keys, CSV columns, expectation metrics).
type Metric struct {
	Name  string
	Unit  string // "share", "units", "days", "per day"
	Label string // short label for tables
	Doc   string // definition printed in reports and docs
	// Better is the direction in which the KPI improves: "higher",
	// "lower", or "none" when neither is better in itself (stock held,
	// demand): a check that flags regressions only judges by it.
	Better string
}

// Metrics lists every KPI in output order. The units demanded after the
// warm-up split into fill_rate + filled_late_rate + lost_at_once_rate +
// cancel_rate + waiting_at_end_rate = 1, while backorder_rate =
// filled_late_rate + cancel_rate + waiting_at_end_rate and lost_rate =
// lost_at_once_rate + cancel_rate overlap in the cancelled units.
var Metrics = []Metric{
	{"fill_rate", "share", "fill", "units shipped from stock on hand at the moment of demand / units demanded", "higher"},
	{"order_fill_rate", "share", "order fill", "orders shipped complete at once / orders", "higher"},
	{"backorder_rate", "share", "backorder", "units backordered / units demanded", "lower"},
	{"lost_rate", "share", "lost", "units lost (refused at once or cancelled after waiting) / units demanded", "lower"},
	{"lost_at_once_rate", "share", "refused", "units lost at once (not willing to wait, or quoted a wait longer than they accept) / units demanded (part of lost_rate)", "lower"},
	{"cancel_rate", "share", "cancelled", "units cancelled after waiting / units demanded (part of lost_rate)", "lower"},
	{"filled_late_rate", "share", "filled late", "units backordered and shipped later / units demanded (part of backorder_rate)", "lower"},
	{"waiting_at_end_rate", "share", "waiting", "units backordered and still waiting at the horizon / units demanded (part of backorder_rate)", "lower"},
	{"ready_rate", "share", "ready", "share of time with stock on hand > 0", "higher"},
	{"cycle_service_level", "share", "CSL", "share of replenishment cycles (from one receipt to the next) in which every unit demanded was filled from stock at once", "higher"},
	{"avg_on_hand", "units", "on hand", "time-averaged units on hand", "none"},
	{"avg_backorders", "units", "backorders", "time-averaged units backordered", "lower"},
	{"avg_inventory_position", "units", "IP", "time-averaged inventory position: on hand + on order - backorders", "none"},
	{"backorder_delay_days", "days", "wait", "mean time from demand to shipment of backordered units, weighted by units", "lower"},
	{"backorder_delay_p95_days", "days", "wait p95", "95th percentile of the time from demand to shipment of backordered units", "lower"},
	{"demand_per_day", "units per day", "demand", "units demanded per day", "none"},
	{"orders_per_day", "per day", "orders", "replenishment orders placed per day", "none"},
	{"cost_holding", "per day", "holding", "avg_on_hand x unit_cost x holding_rate / 365", "lower"},
	{"cost_backorder", "per day", "bo cost", "avg_backorders x backorder_cost", "lower"},
	{"cost_lost_sales", "per day", "lost cost", "units lost per day x lost_sale_cost", "lower"},
	{"cost_ordering", "per day", "ordering", "replenishment orders per day x order_cost", "lower"},
	{"cost_transport", "per day", "transport", "units received per day x the inbound lane's cost_per_unit", "lower"},
	{"cost_total", "per day", "total cost", "sum of the five costs above, plus cost_purchase", "lower"},
	{"cost_purchase", "per day", "purchase", "units received per day x the price of the source they came from", "lower"},
	{"inventory_value", "money", "stock value", "avg_on_hand x the unit value: the first source's price, else the SKU's unit_cost", "none"},
	{"bullwhip_ratio", "ratio", "bullwhip", "variance of the units ordered per period / variance of the units demanded per period (a period is the review period, or a day for continuous review)", "lower"},
	{"forecast_mape", "share", "MAPE", "sum over days of |forecast - demand| / sum of demand, one-day-ahead forecasts as the policy used them (weighted MAPE); policies with a forecast only", "lower"},
	{"forecast_bias", "share", "fc bias", "sum over days of (forecast - demand) / sum of demand: above 0 over-forecasts; policies with a forecast only", "none"},
	{"record_error", "units", "phantom", "time-averaged units the stock record shows on hand that are not on the shelf (unrecorded shrinkage not yet corrected by a cycle count)", "lower"},
}

// MetricIndex returns the position of a metric name in Metrics, or -1.
func MetricIndex(name string) int {
	for i, m := range Metrics {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// MetricNames lists the metric names in output order.
func MetricNames() []string {
	names := make([]string, len(Metrics))
	for i, m := range Metrics {
		names[i] = m.Name
	}
	return names
}
