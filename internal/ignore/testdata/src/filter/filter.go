package filter

func bad() {}

func unsilenced() {
	bad() // want "call to bad"
}

func ownLine() {
	//syncvet:ignore testcheck bad is harmless here
	bad()
	bad() // want "call to bad"
}

func endOfLine() {
	bad() //syncvet:ignore testcheck bad is harmless here
	bad() // want "call to bad"
}

func severalChecks() {
	//syncvet:ignore othercheck,testcheck both are fine here
	bad()
}

func otherCheckOnly() {
	//syncvet:ignore othercheck a directive for another check
	bad() // want "call to bad"
}

func noReason() {
	//syncvet:ignore testcheck
	bad() // want "call to bad"
}

func spaceAfterSlashes() {
	// syncvet:ignore testcheck not a directive
	bad() // want "call to bad"
}

func tooFar() {
	//syncvet:ignore testcheck two lines above does not count

	bad() // want "call to bad"
}

func trailingIsNotAboutNextLine() {
	_ = 1 //syncvet:ignore testcheck only about this line
	bad() // want "call to bad"
}
