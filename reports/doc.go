// Package reports is every way a result leaves the program, for people
// and programs: the run's terminal table, JSON (the versioned output
// contract), CSV and event trace; the check's terminal summary, JSON and
// JUnit XML; the comparison's and sweep's tables and JSON; and reading a
// saved run back as a baseline. Files are written all or nothing (Files).
// The HTML pages are in the sub-package html.
//
// It formats and writes what the sim packages computed and must not compute
// results itself: no statistics, no judging, no simulation.
package reports
