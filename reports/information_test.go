package reports

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

// The table gets a section for the stock points that forecast, anchor and
// adjust, or do not see their stock, and none for the others.
func TestTableInformation(t *testing.T) {
	t.Parallel()
	res := results()
	var b bytes.Buffer
	require.NoError(t, WriteTable(&b, res))
	assert.NotContains(t, b.String(), "forecasts, ordering and visibility")

	res.Model.Stocks[0].Visibility.Shrink = 1
	b.Reset()
	require.NoError(t, WriteTable(&b, res))
	assert.Contains(t, b.String(), `
forecasts, ordering and visibility:
  stock point    forecast MAPE    forecast bias  bullwhip ratio  record error (units)
  shop/kettle  60.00% ± 127.06  60.00% ± 127.06     0.60 ± 1.27           0.60 ± 1.27
`)
	assert.Equal(t, []int{0}, InformationStocks(res.Model))
	res.Model.Stocks[0].Visibility = sim.Visibility{}
	res.Model.Stocks[0].Policy.Type = sim.AnchorAdjust
	assert.Equal(t, []int{0}, InformationStocks(res.Model))
}
