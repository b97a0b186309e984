package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds Parse random bytes, starting from the example scenarios
// and the valid, invalid and hostile test files: it must never panic, and must return either a model or a
// sorted, non-empty ErrorList.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"scenarios", "testdata/valid", "testdata/invalid", "testdata/hostile"} {
		files, err := filepath.Glob(filepath.Join("..", "..", dir, "*.toml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	// Shapes the TOML library is slow on, and encodings.
	f.Add([]byte("a = " + strings.Repeat("{a=", 1000)))
	f.Add([]byte(strings.Repeat("a.", 1000) + "a = 1"))
	f.Add([]byte("[" + strings.Repeat("'a'.", 1000) + "a]"))
	f.Add([]byte("\ufeff[scenario]\r\nname = \"x\"\r\nhorizon = 1\r\n"))
	f.Add([]byte("[scenario]\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, derivs, err := Parse("fuzz.toml", data)
		if err == nil {
			if m == nil || len(derivs) != len(m.Stocks) {
				t.Fatalf("no error, but model %v and %d derivations", m, len(derivs))
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %T %q is not a non-empty ErrorList", err, err)
		}
		for i, e := range list {
			if e.Msg == "" {
				t.Fatalf("error %d has no message", i)
			}
			if i > 0 && (e.Line < list[i-1].Line || e.Line == list[i-1].Line && e.Col < list[i-1].Col) {
				t.Fatalf("errors not sorted:\n%v", list)
			}
		}
		_ = list.Error()
	})
}
