package a

import (
	"bytes"
	"net"
	"net/http"
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
	time.Sleep(2 * time.Second) // want `time.Sleep while s.mu is held; copy what is needed, unlock, then block`
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

// Network and file I/O on something else than what the mutex belongs to.
func (s *Server) Send(c net.Conn, p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := c.Write(p) // want `\(net.Conn\).Write while s.mu is held`
	return err
}

func (s *Server) Log(f *os.File, p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.Write(p) // want `\(\*os.File\).Write while s.mu is held`
}

func (s *Server) Fetch(url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := http.Get(url) // want `http.Get while s.mu is held`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A mutex serializing writes to its own connection: nothing to copy out
// before blocking, the lock keeps the writes whole.
func (s *Server) WriteFrame(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.conn.Write(p)
	return err
}

// An in-memory buffer does not block.
func (s *Server) Buffer(p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
}

// Through calls, at any depth.
func (s *Server) flush() error {
	_, err := os.Stdout.Write(s.buf.Bytes())
	return err
}

func (s *Server) sync() error { return s.flush() }

func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sync() // want `call to \(\*a.Server\).sync may block \(\(\*os.File\).Write in \(\*a.Server\).flush\) while s.mu is held; release the lock before the call`
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

// A send on a channel the package only makes buffered is taken not to
// block: its capacity is chosen for that.
type Notifier struct {
	mu     sync.Mutex
	events chan int
	acks   chan int
}

func NewNotifier() *Notifier {
	return &Notifier{events: make(chan int, 16), acks: make(chan int)}
}

func (n *Notifier) Emit(v int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events <- v
}

func (n *Notifier) Ack(v int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.acks <- v // want `channel send while n.mu is held`
}

// A callee that drops its caller's lock around the wait.
func (s *Server) waitUnlocked() {
	s.mu.Unlock()
	defer s.mu.Lock()
	<-s.queue
}

func (s *Server) Handshake() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitUnlocked()
}

// Reply channels kept in a map: every chan reply the package makes has
// room for the one answer, so answering under the lock does not block.
type reply struct{ v int }

type Pool struct {
	mu      sync.Mutex
	waiting map[int]chan reply
	next    int
}

func (p *Pool) Request() chan reply {
	ch := make(chan reply, 1)
	p.mu.Lock()
	p.waiting[p.next] = ch
	p.next++
	p.mu.Unlock()
	return ch
}

func (p *Pool) Answer(id, v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ch, ok := p.waiting[id]; ok {
		delete(p.waiting, id)
		ch <- reply{v}
	}
}

// The same with an unbuffered make somewhere in the package: the send
// may block.
type answer struct{ v int }

type SyncPool struct {
	mu      sync.Mutex
	waiting map[int]chan answer
}

func (p *SyncPool) Request(id int) chan answer {
	ch := make(chan answer)
	p.mu.Lock()
	p.waiting[id] = ch
	p.mu.Unlock()
	return ch
}

func (p *SyncPool) Answer(id, v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ch, ok := p.waiting[id]; ok {
		ch <- answer{v} // want `channel send while p.mu is held`
	}
}
