package sim

// RunPartOneQueue is RunPart with every event of the network in one queue,
// as if it were a single group (group.go).
func RunPartOneQueue(m *Model, opt Options, reps []int) (*Part, error) {
	p, err := prepare(m)
	if err != nil {
		return nil, err
	}
	p.groups, p.streamSlot = p.whole()
	return p.runPart(opt, reps)
}

// GroupsOf returns the stock points of each independent group of m, by name.
func GroupsOf(m *Model) [][]string {
	p, err := prepare(m)
	if err != nil {
		panic(err)
	}
	var out [][]string
	for _, g := range p.groups {
		var names []string
		for _, k := range g.stocks {
			names = append(names, p.stocks[k].name)
		}
		out = append(out, names)
	}
	return out
}
