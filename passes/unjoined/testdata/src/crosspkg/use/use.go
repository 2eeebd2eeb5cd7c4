package use

import "crosspkg/lib"

func Count() int {
	n := 0
	lib.Go(func() { n++ }) // want `this goroutine writes n, read by Count without waiting`
	return n
}

func CountWaited() int {
	n := 0
	var g lib.Group
	g.Go(func() { n++ })
	g.Wait()
	return n
}
