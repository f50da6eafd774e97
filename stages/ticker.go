package stages

import "time"

// Ticker returns a source that sends the ints 1, 2, 3, ... (as int), one
// per interval, limit of them (0: no limit), then returns. A tick that
// comes while a send waits is dropped, as time.Ticker does: the numbers
// stay consecutive. It answers a stop at once.
func Ticker(every time.Duration, limit int) SourceFunc {
	return func(stop <-chan struct{}, out chan<- any) error {
		t := time.NewTicker(every)
		defer t.Stop()
		for i := 1; limit <= 0 || i <= limit; i++ {
			select {
			case <-t.C:
			case <-stop:
				return nil
			}
			select {
			case out <- i:
			case <-stop:
				return nil
			}
		}
		return nil
	}
}
