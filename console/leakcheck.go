package console

import (
	"context"
	"time"
)

// Polling bounds of the leak check: a goroutine outlives its last deferred
// call by a little (HAZARDS G1), so the count is read until it is zero or
// holds still for settleReads reads in a row.
const (
	settleEvery = 10 * time.Millisecond
	settleReads = 3
	settleMax   = time.Second
)

// leakCheck counts, by pprof label, the goroutines of stopped runs and of
// replaced versions that are still alive, once the count has settled, and
// renders one line: "leaks: none" or "leaks: 3 (upper: 2, src: 1)". It is
// called after every stop; the adopt path may call it after a version is
// replaced. It waits at most a second, less if ctx ends.
func (c *Console) leakCheck(ctx context.Context) string {
	s, _ := c.leakCheckCount(ctx)
	return s
}

// leakCheckCount is leakCheck that also returns the number of leaked
// goroutines it counted.
func (c *Console) leakCheckCount(ctx context.Context) (string, int) {
	ctx, cancel := context.WithTimeout(ctx, settleMax)
	defer cancel()

	last, same := -1, 0
	var total int
	var by map[string]int
	for {
		all, err := c.graph.Goroutines()
		if err != nil {
			return "leaks: unknown (" + err.Error() + ")", 0
		}
		total, by = leakCount(all)
		if total == last {
			same++
		} else {
			same = 0
		}
		if total == 0 || same >= settleReads-1 {
			return leakLine(total, by), total
		}
		last = total
		select {
		case <-ctx.Done():
			return leakLine(total, by), total
		case <-time.After(settleEvery):
		}
	}
}
