package generic

type Box[T any] struct {
	v T
}

func (b *Box[T]) Set(v T) { b.v = v }

func Fill[T any](b *Box[T], v T) T {
	go b.Set(v) // want `go statement runs Set; outlives; writes b\.v; read after b\.v`
	return b.v
}

func Use() int {
	b := &Box[int]{}
	return Fill(b, 3)
}
