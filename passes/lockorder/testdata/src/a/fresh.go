package a

import "sync"

type lockTree struct {
	mu       sync.Mutex
	children []*lockNode
}

type lockNode struct {
	mu sync.Mutex
	t  *lockTree
	v  int
}

// A lock of an object the function has just made, not yet handed to
// anyone, orders nothing: no other goroutine can hold it. newNode locks
// the new node before anyone can see it, then the tree.
func newNode(t *lockTree) *lockNode {
	n := &lockNode{t: t}
	n.mu.Lock()
	t.mu.Lock()
	t.children = append(t.children, n)
	t.mu.Unlock()
	n.v = 1
	n.mu.Unlock()
	return n
}

func (t *lockTree) bump() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, n := range t.children {
		n.mu.Lock() // want `\(\*a.lockTree\).mu then \(\*a.lockNode\).mu here, but the reverse in a.publishFirst`
		n.v++
		n.mu.Unlock()
	}
}

// publishFirst hands the node over before locking: an order.
func publishFirst(t *lockTree, ch chan *lockNode) *lockNode {
	n := &lockNode{t: t}
	ch <- n
	n.mu.Lock()
	t.mu.Lock()
	t.mu.Unlock()
	n.mu.Unlock()
	return n
}
