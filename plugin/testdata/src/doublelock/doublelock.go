// Package doublelock has a finding with two related positions, folded
// into its message by the plugin.
package doublelock

import "sync"

type inventory struct {
	mu    sync.Mutex
	items map[string]int
}

func (inv *inventory) count(item string) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.items[item]
}

func (inv *inventory) take(item string) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.count(item) == 0 { // want `^.* \(.+: doublelock\.go:19; .+: doublelock\.go:13\)$`
		return false
	}
	inv.items[item]--
	return true
}
