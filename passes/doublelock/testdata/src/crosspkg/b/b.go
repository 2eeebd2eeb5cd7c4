package b

import "crosspkg/a"

func AddTwice(r *a.Registry) {
	r.Lock()
	defer r.Unlock()
	if r.Len() == 0 { // want `call to \(\*a.Registry\).Len read-locks r.mu while it is write-locked; call a helper that assumes the lock is held`
		r.Add("first") // want `call to \(\*a.Registry\).Add locks r.mu while it is held`
	}
}

func AddOnce(r *a.Registry) {
	if r.Len() == 0 {
		r.Add("first")
	}
}
