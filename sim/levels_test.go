package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The levels that feed the time averages move only inside stock.change,
// which closes the interval first; newStock sets them before time starts.
// A new event that assigns a level directly fails this test instead of
// silently skewing avg_on_hand, avg_backorders, ready_rate and the costs.
func TestLevelsMoveOnlyThroughChange(t *testing.T) {
	t.Parallel()
	levels := map[string]bool{"onHand": true, "backorders": true, "onOrder": true}
	allowed := map[string]bool{"change": true, "newStock": true}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || allowed[fn.Name.Name] {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				var lhs []ast.Expr
				switch s := n.(type) {
				case *ast.AssignStmt:
					lhs = s.Lhs
				case *ast.IncDecStmt:
					lhs = []ast.Expr{s.X}
				}
				for _, e := range lhs {
					if sel, ok := e.(*ast.SelectorExpr); ok && levels[sel.Sel.Name] {
						t.Errorf("%s: %s assigns %s directly; go through stock.change", fset.Position(e.Pos()), fn.Name.Name, sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
}

// Equipment failure at the store on [20, 23) while receipts continue (the
// base case of disruptedStore: demand 10 a day, S = 30, 2 days in transit,
// on hand 10 between demands). The demand of days 20, 21 and 22 waits, and
// the receipts of days 21 and 22 pile up: on hand is 20, 30, 40 and
// backorders 10, 20, 30 on the intervals (20,21), (21,22), (22,23). The
// repair at 23 ships the 30 waiting units before anything else happens at
// that instant; from then on, on hand is 10 between demands again.
//
// Over the measured [10, 60): on-hand area 50 x 10 + 10 + 20 + 30 = 560,
// so avg_on_hand = 11.2; backorder area 10 + 20 + 30 = 60, avg_backorders
// = 1.2; the shelf is never empty, ready_rate = 1; IP stays at S = 30. A
// repair that forgot to close the interval [22, 23) before shipping would
// count it at the levels after the repair (10 on hand, 0 waiting): 10.6 and
// 0.6.
func TestRepairClosesTheTimeAverages(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: EquipmentFailure, Site: "store", Start: 20, Duration: 3})
	m.SKUs[0] = SKU{ID: "item", UnitCost: 365, HoldingRate: 0.1, BackorderCost: 2}
	s := runOnce(t, m)
	assert.InDelta(t, 11.2, metric(s, "avg_on_hand"), 1e-12)
	assert.InDelta(t, 1.2, metric(s, "avg_backorders"), 1e-12)
	assert.Equal(t, 1.0, metric(s, "ready_rate"))
	assert.InDelta(t, 30.0, metric(s, "avg_inventory_position"), 1e-12)
	// holding: 11.2 x 365 x 0.1 / 365 per day; backorders: 1.2 x 2 per day
	assert.InDelta(t, 1.12, metric(s, "cost_holding"), 1e-12)
	assert.InDelta(t, 2.4, metric(s, "cost_backorder"), 1e-12)
}
