package a

import "sync"

// Embedded mutexes are locks of their own class.
type Left struct {
	sync.Mutex
	right *Right
}

type Right struct {
	sync.Mutex
	left *Left
}

func (l *Left) Poke() {
	l.Lock()
	defer l.Unlock()
	l.right.Lock() // want `\(\*a.Left\).Mutex then \(\*a.Right\).Mutex here`
	l.right.Unlock()
}

func (r *Right) Poke() {
	r.Lock()
	defer r.Unlock()
	r.left.Lock()
	r.left.Unlock()
}
