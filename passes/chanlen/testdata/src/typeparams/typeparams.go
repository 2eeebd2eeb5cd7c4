package typeparams

// A channel of a type parameter's element type.
type pipe[T any] struct {
	c chan T
}

func (p *pipe[T]) pollWrong() (T, bool) {
	if len(p.c) > 0 { // want `len\(p.c\) checked before receiving from p.c`
		return <-p.c, true
	}
	var zero T
	return zero, false
}

func (p *pipe[T]) pollRight() (T, bool) {
	select {
	case v := <-p.c:
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// A type parameter constrained to channels.
func drainWrong[C ~chan E, E any](c C) []E {
	var out []E
	for len(c) > 0 { // want `for loop on len\(c\) may race with other receivers of c`
		out = append(out, <-c)
	}
	return out
}

func fillWrong[C ~chan E, E any](c C, v E) {
	if len(c) < cap(c) { // want `len\(c\) checked before sending on c`
		c <- v
	}
}

var (
	_ = drainWrong[chan int]
	_ = fillWrong[chan string]
)
