package p // want `SSA of 2 source functions, built once`

func f() {}

func g() { f() }
