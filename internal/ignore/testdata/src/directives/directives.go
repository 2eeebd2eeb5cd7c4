package directives

func bad() {}

func used() {
	//syncvet:ignore testcheck bad is harmless here
	bad()
	bad() //syncvet:ignore testcheck bad is harmless here
}

func unused() {
	// want +1 "silences no testcheck finding; remove it"
	//syncvet:ignore testcheck nothing to silence below
	_ = 1
}

func noReason() {
	// want +1 "needs a reason"
	//syncvet:ignore testcheck
	bad()
}

func noName() {
	// want +1 "needs the name of a check"
	//syncvet:ignore
	bad()
}

func spaceAfterSlashes() {
	// want +1 "no space after the slashes"
	// syncvet:ignore testcheck not a directive
	bad()
}

func unknown() {
	// want +1 "names nosuchcheck, which is not a syncvet check"
	//syncvet:ignore nosuchcheck,testcheck a typo in the name
	bad()
}

func disabled() {
	//syncvet:ignore othercheck known but not run: cannot tell whether it is used
	bad()
}

func notOurs() {
	//syncvet:ignorestuff is another tool's directive
	bad()
}

func misspelled() {
	// want +1 "names testchek, which is not a syncvet check; did you mean testcheck\\?"
	//syncvet:ignore testchek a typo in the name
	bad()
}

func blockComment() {
	// want +1 `/\*syncvet:ignore\*/ is an ordinary comment; write a line comment`
	/*syncvet:ignore testcheck a block comment is not a directive */
	bad()
}
