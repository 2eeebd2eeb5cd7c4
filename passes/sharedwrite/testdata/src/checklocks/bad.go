package checklocks

import "sync"

// Annotations that name nothing, or no lock, are reported at the comment.
type Bad struct {
	mu sync.Mutex
	x  int /* +checklocks:nosuch */   // want `\+checklocks:nosuch: nosuch is no field of the struct and no package-level variable`
	y  int /* +checklocks:x */        // want `\+checklocks:x does not name a sync.Mutex, sync.RWMutex or sync.Locker`
	z  int /* +checklocks:mu.inner */ // want `\+checklocks:mu.inner: no field inner`
	w  int /* +checklocksfoo:mu */    // want `unknown annotation \+checklocksfoo`
	v  int /* +checklocks */          // want `\+checklocks on field v names no lock`
}

/* +checklocks:b.nosuch */ // want `\+checklocks:b.nosuch: no field nosuch`
func (b *Bad) f()          {}

/* +checklocks:q.mu */ // want `\+checklocks:q.mu: q is no parameter of g and no package-level variable`
func (b *Bad) g()      {}

/* +checklocksread:b.x */ // want `\+checklocksread:b.x does not name`
func (b *Bad) h() {
	var mu int
	_ = mu
}

/* +checklocks:mu */ // want `\+checklocks applies to a struct field or a function declaration, not to this declaration`
type Misplaced struct {
	mu sync.Mutex
	// Prose that starts with the word is no annotation:
	// +checklocks, as gVisor spells it, and
	// +checklocksrelease[read] in a sentence.
	n int
}
