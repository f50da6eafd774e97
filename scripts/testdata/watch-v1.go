package demo

// last is the last tick label saw. Its declaration is the same in every
// version, so it keeps its value when the file is reloaded: a tick lost
// or handled twice across a reload is an error of the stage.
var last int

func label(n int) (string, error) {
	if n != last+1 {
		return "", fmt.Errorf("tick %d after %d: lost or repeated", n, last)
	}
	last = n
	return fmt.Sprintf("v1 tick %d", n), nil
}
