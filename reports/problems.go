package reports

import (
	"errors"

	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/scenario"
)

// problemJSON is one problem of a scenario file that did not load.
type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Path    string `json:"path,omitempty"` // key path such as "stock[2].policy.s"
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Text    string `json:"text"` // the whole line as printed: file:line:col: message; hint: ...
}

// problemsJSON lists the scenario problems err holds, if any.
func problemsJSON(err error) []problemJSON {
	var list scenario.ErrorList
	if !errors.As(err, &list) {
		return nil
	}
	out := make([]problemJSON, len(list))
	for i, e := range list {
		out[i] = problemJSON{File: e.File, Line: e.Line, Col: e.Col, Path: e.Path, Message: e.Msg, Hint: e.Hint, Text: e.Error()}
	}
	return out
}

// problemsText is the text of a JUnit <error>: every scenario problem on
// its own line with its file:line:col, or the error itself.
func problemsText(err error) string {
	var list scenario.ErrorList
	if errors.As(err, &list) {
		return list.Error() + "\n"
	}
	return err.Error() + "\n"
}

// better is a metric's good direction, empty for a whole stock point.
func better(metric string) string {
	if metric == "" {
		return ""
	}
	return check.Better(metric)
}
