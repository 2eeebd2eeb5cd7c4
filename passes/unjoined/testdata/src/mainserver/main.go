package main

import (
	"log"
	"net"
)

func handle(c net.Conn) {
	log.Println("serving", c.RemoteAddr())
	c.Close()
}

func main() {
	l, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := l.Accept()
		if err != nil {
			log.Println(err)
			return
		}
		go handle(c)
	}
}
