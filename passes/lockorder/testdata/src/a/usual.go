package a

import "sync"

// The package's usual order is cfg.mu then stats.mu (twice); one function
// takes them the other way round, through a helper. The finding is on
// that function's call, with the line inside the helper where cfg.mu is
// taken in Related.

type config struct{ mu sync.Mutex }

type counters struct{ mu sync.Mutex }

type service struct {
	cfg   config
	stats counters
}

func (s *service) reload() {
	s.cfg.mu.Lock()
	s.stats.mu.Lock()
	s.stats.mu.Unlock()
	s.cfg.mu.Unlock()
}

func (s *service) snapshot() {
	s.cfg.mu.Lock()
	s.stats.mu.Lock()
	s.stats.mu.Unlock()
	s.cfg.mu.Unlock()
}

func (s *service) readConfig() {
	s.cfg.mu.Lock()
	s.cfg.mu.Unlock()
}

func (s *service) record() {
	s.stats.mu.Lock()
	s.readConfig() // want `\(\*a.counters\).mu then \(\*a.config\).mu here, but`
	s.stats.mu.Unlock()
}
