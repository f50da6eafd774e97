package interp

import "github.com/pipeconsole/pipeconsole/stages"

// fastHandler returns a handler for the most common stage functions that
// calls them without reflect, or nil. A message of another type goes the
// slow way, through a reflect handler built on demand, so conversions
// and errors are the same as there.
func fastHandler(f any, slow stages.Handler) stages.Handler {
	switch f := f.(type) {
	case func(string) string:
		return func(msg any) (any, bool, error) {
			if s, ok := msg.(string); ok {
				return f(s), true, nil
			}
			return slow(msg)
		}
	case func(string) bool:
		return func(msg any) (any, bool, error) {
			if s, ok := msg.(string); ok {
				return msg, f(s), nil
			}
			return slow(msg)
		}
	case func(string) (string, error):
		return func(msg any) (any, bool, error) {
			if s, ok := msg.(string); ok {
				out, err := f(s)
				if err != nil {
					return nil, false, err
				}
				return out, true, nil
			}
			return slow(msg)
		}
	case func(int) int:
		return func(msg any) (any, bool, error) {
			if n, ok := msg.(int); ok {
				return f(n), true, nil
			}
			return slow(msg)
		}
	case func(int) bool:
		return func(msg any) (any, bool, error) {
			if n, ok := msg.(int); ok {
				return msg, f(n), nil
			}
			return slow(msg)
		}
	case func(any) any:
		return func(msg any) (any, bool, error) { return f(msg), true, nil }
	case func(any) bool:
		return func(msg any) (any, bool, error) { return msg, f(msg), nil }
	case func(any) (any, error):
		return func(msg any) (any, bool, error) {
			out, err := f(msg)
			if err != nil {
				return nil, false, err
			}
			return out, true, nil
		}
	}
	return nil
}
