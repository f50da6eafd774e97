package stages

import (
	"sync"
	"time"
)

// Paced returns a source that sends what src sends, at most one message
// every interval: a file read at the pace of a live feed, for demos and
// for watching a reload happen. The inner source runs on a goroutine that
// the returned source owns and waits for; both stop at once when stop
// closes.
func Paced(src SourceFunc, every time.Duration) SourceFunc {
	return func(stop <-chan struct{}, out chan<- any) error {
		inner := make(chan any)
		var err error
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(inner)
			err = src(stop, inner)
		})
		defer wg.Wait()

		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
			case <-stop:
				return nil
			}
			select {
			case msg, ok := <-inner:
				if !ok {
					wg.Wait()
					return err
				}
				select {
				case out <- msg:
				case <-stop:
					return nil
				}
			case <-stop:
				return nil
			}
		}
	}
}
