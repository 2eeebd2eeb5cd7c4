// Package use calls another package's annotated functions.
package use

import "checklocks/lib"

func Good(q *lib.Queue) {
	q.Mu.Lock()
	q.PushLocked(1)
	q.Mu.Unlock()
}

func Bad(q *lib.Queue) {
	q.PushLocked(2) // want `call of PushLocked without q.Mu, which its \+checklocks:q.Mu annotation requires; hold q.Mu here`
}

func Len() int {
	return lib.LenRLocked() // want `call of LenRLocked without lib.tableMu`
}

func EachHeld(q *lib.Queue) {
	q.Mu.Lock()
	defer q.Mu.Unlock()
	q.Each(func(*lib.Queue, int) {}) // want `call of Each holding q.Mu, which its \+checklocksexclude:q.Mu annotation forbids`
}

func EachFree(q *lib.Queue) {
	q.Each(func(*lib.Queue, int) {})
}
