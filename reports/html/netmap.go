package html

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// maxMapSites is the most sites the network map draws one by one; a larger
// network draws its stores (sites that supply no other site) as one node
// per source with a count.
const maxMapSites = 60

// Fill-rate classes that colour the map's sites, best first.
var mapClasses = []struct {
	name, color string
	min         float64
}{
	{"fill rate ≥ 98%", green, 0.98},
	{"95% to 98%", yellow, 0.95},
	{"90% to 95%", orange, 0.90},
	{"below 90%", red, math.Inf(-1)},
	{"no customer demand", "#bab0ac", math.NaN()},
	{"supplier", grey, math.NaN()},
}

const (
	classNoDemand = 4
	classSupplier = 5
)

func fillClass(f float64) int {
	if math.IsNaN(f) {
		return classNoDemand
	}
	for i, c := range mapClasses[:classNoDemand] {
		if f >= c.min {
			return i
		}
	}
	return classNoDemand - 1
}

// mapNode is a site of the network map, or a group of stores.
type mapNode struct {
	id, label, kind string
	depth           int
	worst           float64 // lowest mean fill rate of its stock points with demand; NaN: none
	stocks, members int     // stock points held; sites in a group (0: one site)
	hits            []string
}

// networkMap draws the network: sites in layers by echelon (suppliers on
// the left, then each site one step right of its farthest source), in
// model order within a layer, lanes as arrows, sites coloured by their
// worst fill rate, disrupted sites and lanes in red.
func (b *builder) networkMap(p *page) {
	m := b.res.Model
	nodes, index := b.mapSites()
	if len(nodes) == 0 {
		return
	}
	type edge struct {
		from, to string
		hits     []string
	}
	var edges []edge
	seen := map[[2]string]int{}
	addEdge := func(from, to string) int {
		k := [2]string{from, to}
		if e, ok := seen[k]; ok {
			return e
		}
		seen[k] = len(edges)
		edges = append(edges, edge{from: from, to: to})
		return len(edges) - 1
	}
	for _, l := range m.Lanes {
		addEdge(l.From, l.To)
	}
	for _, d := range m.Disruptions {
		switch {
		case d.From != "":
			e := addEdge(d.From, d.To)
			edges[e].hits = appendNew(edges[e].hits, d.Name)
		case d.Supplier != "":
			hit(nodes, index, d.Supplier, d.Name)
		case d.Site != "":
			hit(nodes, index, d.Site, d.Name)
		case d.Demand != "":
			for _, dm := range m.Demands {
				if dm.ID == d.Demand {
					hit(nodes, index, dm.At, d.Name)
				}
			}
		}
	}
	grouped := len(nodes) > maxMapSites
	var group map[string]string // store -> its group node
	if grouped {
		nodes, group = groupStores(nodes, m)
	}
	// Coordinates: one column per echelon, one row per node of the column.
	cols := map[int]int{}
	rows := 0
	for _, n := range nodes {
		cols[n.depth]++
		rows = max(rows, cols[n.depth])
	}
	data := make([]any, 0, len(nodes))
	at := map[int]int{}
	pos := map[string]int{}
	for i, n := range nodes {
		k := at[n.depth]
		at[n.depth]++
		// Centre short columns against the tallest.
		y := float64(k) + float64(rows-cols[n.depth])/2
		pos[n.id] = i
		class := fillClass(n.worst)
		if n.kind == "supplier" {
			class = classSupplier
		}
		style := map[string]any{"color": mapClasses[class].color, "borderColor": "#fff", "borderWidth": 1}
		if len(n.hits) > 0 {
			style["borderColor"], style["borderWidth"] = red, 3
		}
		size := 14
		if n.members > 0 {
			size = 18
		}
		data = append(data, map[string]any{
			"name": n.id, "value": []jsonNum{jsonNum(n.depth), jsonNum(y)},
			"category": class, "symbol": map[bool]string{true: "roundRect", false: "circle"}[n.kind == "supplier"],
			"symbolSize": size, "itemStyle": style,
			"label": map[string]any{"formatter": n.label},
			"tip":   n.tip(),
		})
	}
	links := make([]any, 0, len(edges))
	drawn := map[[2]string]bool{}
	for _, e := range edges {
		from, to := e.from, e.to
		if g, ok := group[to]; ok {
			to = g
		}
		if _, ok := pos[from]; !ok {
			continue
		}
		if _, ok := pos[to]; !ok {
			continue
		}
		k := [2]string{from, to}
		if drawn[k] && len(e.hits) == 0 {
			continue
		}
		drawn[k] = true
		style := map[string]any{"color": "#9aa5b1", "width": 1.2, "curveness": 0}
		tip := e.from + " → " + e.to
		if to != e.to {
			tip = from + " → " + nodes[pos[to]].label
		}
		if len(e.hits) > 0 {
			style["color"], style["type"], style["width"] = red, "dashed", 2.2
			tip += "\nDisrupted by " + strings.Join(e.hits, ", ")
		}
		links = append(links, map[string]any{"source": from, "target": to, "lineStyle": style, "tip": tip})
	}
	categories := make([]any, len(mapClasses))
	legend := []string{}
	used := map[int]bool{}
	for _, d := range data {
		used[d.(map[string]any)["category"].(int)] = true
	}
	for i, c := range mapClasses {
		categories[i] = map[string]any{"name": c.name, "itemStyle": map[string]any{"color": c.color}}
		if used[i] {
			legend = append(legend, c.name)
		}
	}
	depths := 0
	for _, n := range nodes {
		depths = max(depths, n.depth+1)
	}
	hidden := func(lo, hi float64, inverse bool) map[string]any {
		return map[string]any{"type": "value", "show": false, "min": jsonNum(lo), "max": jsonNum(hi), "inverse": inverse}
	}
	option := map[string]any{
		"animation": false,
		"grid":      map[string]any{"top": 44, "bottom": 12, "left": 16, "right": 16},
		"xAxis":     hidden(-0.15, float64(depths)-0.35, false),
		"yAxis":     hidden(-0.6, float64(rows)-0.4, true),
		"tooltip":   map[string]any{"trigger": "item", "confine": true},
		"legend":    map[string]any{"top": 0, "data": legend, "selectedMode": false, "itemWidth": 14, "itemHeight": 10, "textStyle": map[string]any{"fontSize": 12}},
		"series": []any{map[string]any{
			"type": "graph", "coordinateSystem": "cartesian2d", "roam": false, "draggable": false,
			"edgeSymbol": []string{"none", "arrow"}, "edgeSymbolSize": 6,
			"label": map[string]any{"show": true, "position": "right", "fontSize": 11, "color": "#333",
				"backgroundColor": "rgba(255,255,255,0.8)", "padding": []int{1, 2}},
			"labelLayout": map[string]any{"hideOverlap": true},
			"emphasis":    map[string]any{"focus": "adjacency"},
			"categories":  categories, "data": data, "links": links,
		}},
	}
	height := min(900, max(220, 70+rows*28))
	note := "Sites in layers by echelon: suppliers on the left, then each site one step right of its farthest source; lanes are arrows. A site's colour is the lowest mean fill rate among its stock points; a red border or a red dashed lane is hit by a disruption (hover for its name)."
	if grouped {
		note += fmt.Sprintf(" The network has more than %d sites: stores (sites that supply no other) are drawn as one node per source with their count, coloured by the worst of them.", maxMapSites)
	}
	p.Map = b.add(chartSpec{ID: "chart-map", Kind: "map", Option: option, Height: height}, "", note)
}

func hit(nodes []mapNode, index map[string]int, site, name string) {
	if i, ok := index[site]; ok {
		nodes[i].hits = appendNew(nodes[i].hits, name)
	}
}

func appendNew(s []string, x string) []string {
	if slices.Contains(s, x) {
		return s
	}
	return append(s, x)
}

// tip is a node's tooltip, plain text (the page escapes it).
func (n mapNode) tip() string {
	var b strings.Builder
	b.WriteString(n.label)
	switch {
	case n.members > 0:
		fmt.Fprintf(&b, "\n%s supplied by %s", n.label, strings.TrimPrefix(n.id, "group:"))
	case n.kind != "":
		b.WriteString(" (" + n.kind + ")")
	}
	if n.stocks > 0 {
		fmt.Fprintf(&b, "\n%d stock point", n.stocks)
		if n.stocks > 1 {
			b.WriteString("s")
		}
	}
	if !math.IsNaN(n.worst) {
		b.WriteString("\nLowest fill rate: " + pct(n.worst))
	}
	if len(n.hits) > 0 {
		b.WriteString("\nDisrupted by " + strings.Join(n.hits, ", "))
	}
	return b.String()
}

// mapSites lists the sites in model order (suppliers, warehouses, plants,
// then any other lane end) with their echelon and worst fill rate.
func (b *builder) mapSites() ([]mapNode, map[string]int) {
	m := b.res.Model
	var nodes []mapNode
	index := map[string]int{}
	add := func(id, kind string) {
		if _, ok := index[id]; ok || id == "" {
			return
		}
		index[id] = len(nodes)
		nodes = append(nodes, mapNode{id: id, label: id, kind: kind, worst: math.NaN()})
	}
	for _, s := range m.Suppliers {
		add(s.ID, "supplier")
	}
	for _, w := range m.Warehouses {
		add(w.ID, "site")
	}
	for _, p := range m.Plants {
		add(p.ID, "plant")
	}
	for _, l := range m.Lanes {
		add(l.From, "site")
		add(l.To, "site")
	}
	for _, s := range m.Stocks {
		add(s.At, "site")
	}
	for i, s := range m.Stocks {
		n := &nodes[index[s.At]]
		n.stocks++
		if f := b.res.Stocks[i].Metric("fill_rate").Mean; !math.IsNaN(f) && (math.IsNaN(n.worst) || f < n.worst) {
			n.worst = f
		}
	}
	// Echelons: a site sits one step right of its farthest source. Lanes
	// and sources form no cycle in a valid model; the bound guards anyway.
	for range len(nodes) {
		changed := false
		step := func(from, to string) {
			f, okf := index[from]
			t, okt := index[to]
			if okf && okt && f != t && nodes[t].depth < nodes[f].depth+1 && nodes[f].depth+1 < len(nodes) {
				nodes[t].depth, changed = nodes[f].depth+1, true
			}
		}
		for _, l := range m.Lanes {
			step(l.From, l.To)
		}
		for _, s := range m.Stocks {
			step(s.Source, s.At)
			for _, src := range s.Sourcing.Sources {
				step(src.Site, s.At)
			}
		}
		if !changed {
			break
		}
	}
	return nodes, index
}

// groupStores replaces the sites that supply no other site (and are not
// suppliers or plants) by one node per first source, in the order of the
// sources. It returns the new nodes and each store's group.
func groupStores(nodes []mapNode, m *sim.Model) ([]mapNode, map[string]string) {
	supplies := map[string]bool{}
	source := map[string]string{}
	for _, l := range m.Lanes {
		supplies[l.From] = true
		if _, ok := source[l.To]; !ok {
			source[l.To] = l.From
		}
	}
	for _, s := range m.Stocks {
		supplies[s.Source] = true
		if _, ok := source[s.At]; !ok {
			source[s.At] = s.Source
		}
	}
	group := map[string]string{}
	groups := map[string]int{}
	var kept []mapNode
	var made []mapNode
	for _, n := range nodes {
		src, ok := source[n.id]
		if n.kind != "site" || supplies[n.id] || !ok {
			kept = append(kept, n)
			continue
		}
		gid := "group:" + src
		group[n.id] = gid
		g, ok := groups[gid]
		if !ok {
			g = len(made)
			groups[gid] = g
			made = append(made, mapNode{id: gid, kind: "stores", depth: n.depth, worst: math.NaN()})
		}
		gn := &made[g]
		gn.members++
		gn.stocks += n.stocks
		gn.depth = max(gn.depth, n.depth)
		if !math.IsNaN(n.worst) && (math.IsNaN(gn.worst) || n.worst < gn.worst) {
			gn.worst = n.worst
		}
		for _, h := range n.hits {
			gn.hits = appendNew(gn.hits, h+" (at "+n.id+")")
		}
	}
	for i := range made {
		made[i].label = fmt.Sprintf("%d stores", made[i].members)
		if made[i].members == 1 {
			made[i].label = "1 store"
		}
	}
	// Groups follow their source's order.
	order := map[string]int{}
	for i, n := range kept {
		order["group:"+n.id] = i
	}
	slices.SortStableFunc(made, func(a, b mapNode) int { return cmp.Compare(order[a.id], order[b.id]) })
	return append(kept, made...), group
}
