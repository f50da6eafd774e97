package stages

import (
	"context"
	"runtime/pprof"
	"sync"
	"testing"
)

// OwnLabels reads the calling goroutine's own labels, also while
// goroutines with other labels call it at the same moment.
func TestOwnLabels(t *testing.T) {
	if got := OwnLabels(); got == nil || len(got) != 0 {
		t.Errorf("a goroutine without labels: %v, want an empty map", got)
	}
	labelled := func(stage string, f func()) {
		pprof.Do(context.Background(), pprof.Labels(LabelStage, stage), func(context.Context) { f() })
	}
	for _, stage := range []string{"a", "b"} {
		labelled(stage, func() {
			if got := OwnLabels(); got[LabelStage] != stage || len(got) != 1 {
				t.Errorf("stage %s read %v", stage, got)
			}
		})
	}
	var wg sync.WaitGroup
	for _, stage := range []string{"a", "b", "c"} {
		wg.Go(func() {
			labelled(stage, func() {
				for range 20 {
					if got := OwnLabels(); got[LabelStage] != stage {
						t.Errorf("stage %s read %v", stage, got)
					}
				}
			})
		})
	}
	wg.Wait()
}
