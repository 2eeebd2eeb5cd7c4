package use

import "crosspkg/lib"

func Count() int {
	n := 0
	lib.Go(func() { n++ }) // want `this goroutine writes n, which Count reads at line 8`
	return n
}

func CountWaited() int {
	n := 0
	var g lib.Group
	g.Go(func() { n++ })
	g.Wait()
	return n
}
