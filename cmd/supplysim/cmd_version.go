package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"

	"github.com/supplysim/supplysim/reports/html"
)

func versionCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("version", "", "Print the program version, the Go release it was built with, and whether its HTML reports\n"+
		"carry the charts' bundle (they then work offline).", e.stderr)
	rest, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"version takes no arguments"}
	}
	charts := "ECharts " + html.EChartsVersion + " loaded from the network: no bundle in this build (see README, Offline reports)"
	if s, ok := html.DefaultScript(); ok {
		charts = "ECharts " + s.Version + " inlined: reports work offline"
	}
	_, err = fmt.Fprintf(e.stdout, "supplysim %s (%s, %s/%s)\nreports: %s\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, charts)
	return err
}
