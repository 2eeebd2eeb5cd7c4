package usewrap

import "wrap"

var n int

func bump() { n++ }

func Async() {
	wrap.Go(bump) // want `call runs bump; outlives; writes n`
}

func Pooled() {
	var p wrap.Pool
	p.Go(bump) // want `call runs bump; signals; writes n`
	p.Wait()
}

func Synced() {
	wrap.Sync(bump)
}
