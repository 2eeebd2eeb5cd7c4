package a

import (
	"bytes"
	"net"
	"os"
	"sync"
	"time"
)

type Server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	conn  net.Conn
	f     *os.File
	buf   bytes.Buffer
	queue chan int
	wg    sync.WaitGroup
	cond  *sync.Cond
	ready bool
}

// The seed: sleeping while holding the frying pan.
func (s *Server) Cook() {
	s.mu.Lock()
	defer s.mu.Unlock()
	time.Sleep(2 * time.Second) // want `time.Sleep while s.mu is held \(locked at line 25\)`
}

func (s *Server) CookRight() {
	s.mu.Lock()
	s.ready = false
	s.mu.Unlock()
	time.Sleep(2 * time.Second)
}

// Channel operations that can block.
func (s *Server) Push(v int) {
	s.mu.Lock()
	s.queue <- v // want `channel send while s.mu is held`
	s.mu.Unlock()
}

func (s *Server) Pop() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return <-s.queue // want `channel receive while s.rw is held`
}

// A select with default does not block.
func (s *Server) TryPush(v int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.queue <- v:
		return true
	default:
		return false
	}
}

// A select without default does.
func (s *Server) PushOrStop(v int, stop chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select { // want `select without default while s.mu is held`
	case s.queue <- v:
	case <-stop:
	}
}

// WaitGroup.Wait under the lock.
func (s *Server) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Wait() // want `\(\*sync.WaitGroup\).Wait while s.mu is held`
}

// Cond.Wait releases the lock.
func (s *Server) AwaitReady() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.ready {
		s.cond.Wait()
	}
}

// Network and file I/O.
func (s *Server) Send(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.conn.Write(p) // want `\(net.Conn\).Write while s.mu is held`
	return err
}

func (s *Server) Log(p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.f.Write(p) // want `\(\*os.File\).Write while s.mu is held`
}

// An in-memory buffer does not block.
func (s *Server) Buffer(p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
}

// Through calls, at any depth.
func (s *Server) flush() error {
	_, err := s.conn.Write(s.buf.Bytes())
	return err
}

func (s *Server) sync() error { return s.flush() }

func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sync() // want `call to \(\*a.Server\).sync may block \(\(net.Conn\).Write in \(\*a.Server\).flush at a.go:111\) while s.mu is held`
}

func (s *Server) CloseRight() error {
	s.mu.Lock()
	s.ready = false
	s.mu.Unlock()
	return s.sync()
}

// Sleeping with no lock held is sleepwait's business, not this pass's.
func Pause() {
	time.Sleep(time.Millisecond)
}
