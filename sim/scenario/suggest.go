package scenario

import (
	"fmt"
	"strings"
)

// closest returns the candidate nearest to word, when it is near enough to
// be what the user meant: the same but for case, or within an edit distance
// of a third of the word's length (transposed letters count as one edit).
func closest(word string, candidates []string) (string, bool) {
	best, bestDist := "", len(word)/3+1
	for _, c := range candidates {
		if strings.EqualFold(c, word) {
			return c, true
		}
		if d := editDistance(strings.ToLower(word), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// didYouMean returns a hint naming the candidate nearest to word, or
// listing every candidate (as "known <what>: a, b, c") when none is near.
func didYouMean(word string, candidates []string, what string) string {
	if c, ok := closest(word, candidates); ok {
		return fmt.Sprintf("did you mean %q?", c)
	}
	if len(candidates) == 0 {
		return ""
	}
	return fmt.Sprintf("known %s: %s", what, strings.Join(shortList(candidates), ", "))
}

// maxHintWork bounds how many candidates the hints of one file may compare
// words with, so that a file with many bad references into a long list of
// ids is checked in linear time: past it, errors come without a hint.
const maxHintWork = 200_000

// hint is didYouMean within the file's maxHintWork.
func (d *decoder) hint(word string, candidates []string, what string) string {
	d.hintWork += len(candidates)
	if d.hintWork > maxHintWork {
		return ""
	}
	return didYouMean(word, candidates, what)
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and adjacent transpositions, by rune.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	if len(s) > 64 || len(t) > 64 {
		return max(len(s), len(t)) // nobody misspells a long key; keep it cheap
	}
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			d[i][j] = osaStep(d, s, t, i, j)
		}
	}
	return d[len(s)][len(t)]
}

func osaStep(d [][]int, s, t []rune, i, j int) int {
	cost := 1
	if s[i-1] == t[j-1] {
		cost = 0
	}
	v := min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
	if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
		v = min(v, d[i-2][j-2]+1)
	}
	return v
}

// Closest returns the candidate nearest to word when it is near enough to
// be what the user meant (the same but for case, or within an edit distance
// of a third of its length), for did-you-mean hints outside scenario files
// (command-line flags).
func Closest(word string, candidates []string) (string, bool) { return closest(word, candidates) }
