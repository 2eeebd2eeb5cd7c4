package b

import "crosspkg/a"

func AddTwice(r *a.Registry) {
	r.Lock()
	defer r.Unlock()
	if r.Len() == 0 { // want `call to \(\*a.Registry\).Len acquires r.mu, which is already held here: r.mu is read-locked while write-locked`
		r.Add("first") // want `call to \(\*a.Registry\).Add acquires r.mu`
	}
}

func AddOnce(r *a.Registry) {
	if r.Len() == 0 {
		r.Add("first")
	}
}
