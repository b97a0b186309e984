package main

import (
	"fmt"
	"io"
	"time"
)

// progressLine returns a sim.Options.Progress function that shows
// "PREFIX replication DONE/N, about 12s left" on w, rewritten in place, and
// clears it when the last replication is done. The estimate is the mean
// time per replication so far times those left; it appears once a
// replication has finished.
func progressLine(w io.Writer, prefix string, n int, now func() time.Time) func(done int) {
	start := now()
	return func(done int) {
		if done >= n {
			fmt.Fprint(w, "\r\033[K")
			return
		}
		line := fmt.Sprintf("\r%sreplication %d/%d", prefix, done, n)
		if done > 0 {
			left := time.Duration(float64(now().Sub(start)) / float64(done) * float64(n-done))
			line += ", about " + eta(left) + " left"
		}
		fmt.Fprint(w, line+"\033[K")
	}
}

// eta writes a duration as a person would say it: 45s, 3m10s, 1h05m.
func eta(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", max(s, 1))
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
}
