package main

import (
	"context"
	"fmt"
	"runtime"
)

func versionCmd(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageError{"version takes no arguments"}
	}
	_, err := fmt.Fprintf(e.stdout, "supplysim %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
