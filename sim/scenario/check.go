package scenario

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// Kinds of site, in the one namespace suppliers and warehouses share.
const (
	supplierSite  = "supplier"
	warehouseSite = "warehouse"
)

// refs indexes the ids the sections declare, for checking references.
// Elements with a bad id are left out; references that might have meant
// them are not reported, so that one mistake is reported once.
//
// Every lookup goes through a map, so that checking a file takes time in
// proportion to its size, whatever the number of elements.
type refs struct {
	skus       []string // in file order, for hints
	skuSet     map[string]bool
	skusBad    bool              // some [[sku]] has a bad or missing id
	sites      map[string]string // id -> supplierSite or warehouseSite
	sitesBad   bool              // some supplier or warehouse has a bad or missing id
	siteIDs    []string
	warehouses []string
	lanes      map[[2]string]bool
	stocks     map[[2]string]int // (at, sku) -> index in Model.Stocks
	suppliers  map[string]int    // id -> index in Model.Suppliers
	whIndex    map[string]int    // id -> index in Model.Warehouses
	makes      map[string]string // plant id -> the SKU it makes
}

// check verifies how the sections refer to each other.
func (d *decoder) check(m *sim.Model, elems map[string][]*table) {
	r := &refs{skuSet: map[string]bool{}, sites: map[string]string{}, lanes: map[[2]string]bool{},
		stocks: map[[2]string]int{}, suppliers: map[string]int{}, whIndex: map[string]int{}, makes: map[string]string{}}
	r.addSKUs(m.SKUs, elems["sku"])
	r.addSites(m, elems["supplier"], elems["warehouse"])
	r.addPlants(m, elems["plant"])
	r.checkLanes(m.Lanes, elems["lane"])
	r.addStocks(m.Stocks, elems["stock"])
	next := r.checkSources(m.Stocks, elems["stock"])
	checkCycles(m.Stocks, elems["stock"], next)
	r.checkSourcing(m, elems["stock"], elems["supplier"])
	r.checkPlants(m, elems["plant"], elems["stock"])
	r.checkShares(m.Stocks, elems["stock"], next)
	r.checkDemands(m.Demands, elems["demand"])
	r.checkDisruptions(m, elems["disruption"])
	r.checkExpects(m, elems["expect"])
	checkPeakRates(m, elems["demand"])
}

func (r *refs) addSKUs(skus []sim.SKU, ts []*table) {
	for i, s := range skus {
		switch {
		case !ts[i].ok("id"):
			r.skusBad = true
		case r.skuSet[s.ID]:
			ts[i].errorf("id", "", "sku %q is already declared", s.ID)
		default:
			r.skus = append(r.skus, s.ID)
			r.skuSet[s.ID] = true
		}
	}
}

func (r *refs) addSites(m *sim.Model, sup, wh []*table) {
	for i, s := range m.Suppliers {
		if r.addSite(s.ID, supplierSite, sup[i]) {
			r.suppliers[s.ID] = i
		}
	}
	for i, w := range m.Warehouses {
		if r.addSite(w.ID, warehouseSite, wh[i]) {
			r.warehouses = append(r.warehouses, w.ID)
			r.whIndex[w.ID] = i
		}
	}
}

func (r *refs) addSite(id, kind string, t *table) bool {
	if !t.ok("id") {
		r.sitesBad = true
		return false
	}
	if prev, ok := r.sites[id]; ok {
		t.errorf("id", "suppliers and warehouses share one set of ids", "%q is already the id of a [[%s]]", id, prev)
		return false
	}
	r.sites[id] = kind
	r.siteIDs = append(r.siteIDs, id)
	return true
}

// site checks that key names a site, of kind want when want is not "".
func (r *refs) site(t *table, key, id, want string) bool {
	if !t.ok(key) {
		return false
	}
	kind, ok := r.sites[id]
	switch {
	case !ok && r.sitesBad:
	case !ok && want == warehouseSite:
		t.errorf(key, t.d.hint(id, r.warehouses, "warehouses"), "unknown warehouse %q", id)
	case !ok:
		t.errorf(key, t.d.hint(id, r.siteIDs, "sites"), "unknown site %q", id)
	case want != "" && kind != want && (want != warehouseSite || kind != plantSite):
		t.errorf(key, "", "%q is a %s, not a %s", id, kind, want)
	default:
		return true
	}
	return false
}

func (r *refs) sku(t *table, key, id string) bool {
	if !t.ok(key) {
		return false
	}
	if !r.skuSet[id] {
		if !r.skusBad {
			t.errorf(key, t.d.hint(id, r.skus, "skus"), "unknown sku %q", id)
		}
		return false
	}
	return true
}

func (r *refs) checkLanes(lanes []sim.Lane, ts []*table) {
	for i, l := range lanes {
		t := ts[i]
		from, to := r.site(t, "from", l.From, ""), r.site(t, "to", l.To, warehouseSite)
		pair := [2]string{l.From, l.To}
		switch {
		case !from || !to:
		case l.From == l.To:
			t.errorf("to", "", "a lane must join two different sites, got %q twice", l.To)
		case r.lanes[pair]:
			t.tableErrorf("", "[[lane]]: a lane from %q to %q is already declared", l.From, l.To)
		default:
			r.lanes[pair] = true
		}
	}
}

func (r *refs) addStocks(stocks []sim.StockPoint, ts []*table) {
	for i, s := range stocks {
		t := ts[i]
		at, sku := r.site(t, "at", s.At, warehouseSite), r.sku(t, "sku", s.SKU)
		if !at || !sku {
			continue
		}
		key := [2]string{s.At, s.SKU}
		if _, dup := r.stocks[key]; dup {
			t.tableErrorf("", "[[stock]]: %s is already stocked at %s", s.SKU, s.At)
			continue
		}
		r.stocks[key] = i
	}
}

// checkSources checks each stock point's source and returns, for each, the
// index of the upstream stock point it orders from, or -1.
func (r *refs) checkSources(stocks []sim.StockPoint, ts []*table) []int {
	next := make([]int, len(stocks))
	for i, s := range stocks {
		next[i] = r.checkSource(i, s, ts[i])
	}
	return next
}

func (r *refs) checkSource(i int, s sim.StockPoint, t *table) int {
	if !r.site(t, "source", s.Source, "") {
		return -1
	}
	if self, ok := r.stocks[[2]string{s.At, s.SKU}]; !ok || self != i {
		return -1 // its at or sku is wrong, or it is a duplicate: reported already
	}
	if r.madeHere(s, t) {
		return -1
	}
	switch up, stocked := r.stocks[[2]string{s.Source, s.SKU}]; {
	case s.Source == s.At:
		t.errorf("source", ownSourceHint, "a stock point cannot be its own source")
	case !r.lanes[[2]string{s.Source, s.At}]:
		t.errorf("source", fmt.Sprintf("add a [[lane]] with from = %q, to = %q", s.Source, s.At),
			"no lane from %s to %s", s.Source, s.At)
	case r.sites[s.Source] != supplierSite && !stocked:
		t.errorf("source", fmt.Sprintf("add a [[stock]] with at = %q, sku = %q", s.Source, s.SKU),
			"%s does not stock %s", s.Source, s.SKU)
	case stocked:
		return up
	}
	return -1
}

// checkCycles reports each loop in the sourcing graph once, at the loop's
// first stock point in the file.
func checkCycles(stocks []sim.StockPoint, ts []*table, next []int) {
	state := make([]uint8, len(stocks)) // 0 new, 1 on the current walk, 2 done
	for i := range stocks {
		var walk []int
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			walk = append(walk, j)
			j = next[j]
		}
		if j >= 0 && state[j] == 1 {
			reportCycle(stocks, ts, walk[slices.Index(walk, j):])
		}
		for _, k := range walk {
			state[k] = 2
		}
	}
}

func reportCycle(stocks []sim.StockPoint, ts []*table, cycle []int) {
	first := slices.Index(cycle, slices.Min(cycle))
	cycle = append(cycle[first:], cycle[:first]...)
	names := make([]string, 0, len(cycle)+1)
	for _, k := range cycle {
		names = append(names, stocks[k].At)
	}
	names = append(names, stocks[cycle[0]].At)
	ts[cycle[0]].errorf("source", "one stock point in the loop must order from a supplier",
		"sourcing cycle for %s: %s (each orders from the next)", stocks[cycle[0]].SKU, strings.Join(names, " -> "))
}

func (r *refs) checkDemands(ds []sim.Demand, ts []*table) {
	for i, dm := range ds {
		t := ts[i]
		at, sku := r.site(t, "at", dm.At, warehouseSite), r.sku(t, "sku", dm.SKU)
		if _, ok := r.stocks[[2]string{dm.At, dm.SKU}]; at && sku && !ok {
			t.tableErrorf(fmt.Sprintf("add a [[stock]] with at = %q, sku = %q", dm.At, dm.SKU),
				"[[demand]]: no [[stock]] of %s at %s", dm.SKU, dm.At)
		}
	}
}

// checkExpects checks that each expectation's ids exist and that it
// matches at least one stock point.
func (r *refs) checkExpects(m *sim.Model, ts []*table) {
	if len(m.Expects) == 0 {
		return
	}
	sites, skus := newIDList(), newIDList()
	for _, s := range m.Stocks {
		sites.add(s.At)
		skus.add(s.SKU)
	}
	match := newStockMatcher(m.Stocks)
	for i, e := range m.Expects {
		t := ts[i]
		if e.At == sim.NetworkAt {
			continue // network totals: checked when decoded
		}
		at := literalIn(t, "at", e.At, sites, "warehouses with stock", "no [[stock]] at %q")
		sku := literalIn(t, "sku", e.SKU, skus, "skus with stock", "no [[stock]] of %q")
		if at && sku && t.ok("metric") && !match.any(e.At, e.SKU) {
			t.tableErrorf("", "[[expect]]: at = %q, sku = %q matches no stock point", e.At, e.SKU)
		}
	}
}

// literalIn checks that a pattern without wildcards is one of ids.
func literalIn(t *table, key, pattern string, ids *idList, what, format string) bool {
	if t.has(key) && !t.ok(key) {
		return false
	}
	if !isGlob(pattern) && !ids.set[pattern] {
		t.errorf(key, t.d.hint(pattern, ids.list, what), format, pattern)
		return false
	}
	return true
}

// idList is a list of distinct ids in order of first appearance.
type idList struct {
	list []string
	set  map[string]bool
}

func newIDList() *idList { return &idList{set: map[string]bool{}} }

func (l *idList) add(s string) {
	if s != "" && !l.set[s] {
		l.set[s] = true
		l.list = append(l.list, s)
	}
}

// stockMatcher answers whether site and SKU patterns match a stock point:
// by lookup when both are ids, else by a scan remembered per pair.
type stockMatcher struct {
	stocks []sim.StockPoint
	exact  map[[2]string]bool
	seen   map[[2]string]bool
}

func newStockMatcher(stocks []sim.StockPoint) *stockMatcher {
	sm := &stockMatcher{stocks: stocks, exact: make(map[[2]string]bool, len(stocks)), seen: map[[2]string]bool{}}
	for _, s := range stocks {
		sm.exact[[2]string{s.At, s.SKU}] = true
	}
	return sm
}

func (sm *stockMatcher) any(atPattern, skuPattern string) bool {
	key := [2]string{atPattern, skuPattern}
	if !isGlob(atPattern) && !isGlob(skuPattern) {
		return sm.exact[key]
	}
	if found, ok := sm.seen[key]; ok {
		return found
	}
	found := false
	for _, s := range sm.stocks {
		at, _ := path.Match(atPattern, s.At)
		sku, _ := path.Match(skuPattern, s.SKU)
		if found = at && sku; found {
			break
		}
	}
	sm.seen[key] = found
	return found
}

// checkDisruptions checks that each disruption's target exists.
func (r *refs) checkDisruptions(m *sim.Model, ts []*table) {
	if len(m.Disruptions) == 0 {
		return
	}
	surges := &surgeCheck{hits: sim.SurgesHitSomething(m), ids: newIDList()}
	for _, d := range m.Demands {
		surges.ids.add(d.ID)
	}
	for i, dis := range m.Disruptions {
		t := ts[i]
		if !t.ok("type") {
			continue
		}
		switch {
		case dis.Type == sim.CapacityLoss && dis.Site != "":
			r.checkSiteCapacity(m, dis, t)
		case dis.Type == sim.SupplierDelay || dis.Type == sim.SupplierOutage || dis.Type == sim.CapacityLoss:
			r.checkSupplierTarget(m, dis, t)
		case dis.Type == sim.LaneClosure || dis.Type == sim.LaneDelay:
			from, to := r.site(t, "from", dis.From, ""), r.site(t, "to", dis.To, warehouseSite)
			if from && to && !r.lanes[[2]string{dis.From, dis.To}] {
				t.tableErrorf("", "[[disruption]]: no [[lane]] from %q to %q", dis.From, dis.To)
			}
		case dis.Type == sim.EquipmentFailure:
			r.site(t, "site", dis.Site, warehouseSite)
		case dis.Type == sim.DemandSurge:
			r.checkSurgeTarget(dis, t, surges, i)
		}
	}
}

func (r *refs) checkSupplierTarget(m *sim.Model, dis sim.Disruption, t *table) {
	if !r.site(t, "supplier", dis.Supplier, supplierSite) {
		return
	}
	limited := dis.Type == sim.CapacityLoss || (dis.Type == sim.SupplierOutage && dis.Share > 0)
	if k, ok := r.suppliers[dis.Supplier]; ok && limited && m.Suppliers[k].Capacity == 0 {
		t.errorf("capacity_share", fmt.Sprintf("give [[supplier]] %q a capacity (units per day)", dis.Supplier),
			"supplier %q has unlimited capacity: a share of it means nothing", dis.Supplier)
	}
}

// checkSiteCapacity checks a capacity loss at a warehouse: it needs the
// warehouse's handling capacity.
func (r *refs) checkSiteCapacity(m *sim.Model, dis sim.Disruption, t *table) {
	if !r.site(t, "site", dis.Site, warehouseSite) || r.sites[dis.Site] == plantSite {
		return
	}
	if k, ok := r.whIndex[dis.Site]; ok && m.Warehouses[k].Capacity == 0 {
		t.errorf("site", fmt.Sprintf("give [[warehouse]] %q a capacity (units handled per day)", dis.Site),
			"warehouse %q has unlimited handling capacity: a share of it means nothing", dis.Site)
	}
}

// surgeCheck is what checking demand surges needs: which hit a stream, and
// the stream ids.
type surgeCheck struct {
	hits []bool // per disruption
	ids  *idList
}

func (r *refs) checkSurgeTarget(dis sim.Disruption, t *table, sc *surgeCheck, i int) {
	ok := true
	if t.has("sku") {
		ok = r.sku(t, "sku", dis.SKU) && ok
	}
	if t.has("site") {
		ok = r.site(t, "site", dis.Site, warehouseSite) && ok
	}
	if t.has("demand") && t.ok("demand") && !sc.ids.set[dis.Demand] {
		t.errorf("demand", t.d.hint(dis.Demand, sc.ids.list, "demand ids"), "unknown demand stream %q", dis.Demand)
		ok = false
	}
	if ok && !sc.hits[i] {
		t.tableErrorf("", "[[disruption]]: the surge hits no demand stream")
	}
}

// checkPeakRates reports demand streams whose arrival rate, with their
// profiles, trend and surges, peaks above what the engine allows.
func checkPeakRates(m *sim.Model, ts []*table) {
	for i, peak := range sim.PeakArrivalRates(m) {
		if t := ts[i]; peak > maxRate && t.ok("rate") {
			t.errorf("rate", "lower the rate, or the largest weekly, yearly, trend or surge factors",
				"with its profiles, trend and demand surges this stream's arrival rate peaks at %g orders per day, above the %g the engine allows", peak, float64(maxRate))
		}
	}
}
