// Command testguest is the extension's own test guest: one static program whose first
// argument picks a behaviour, so integration tests can boot servers, crashes and chatter
// without a program each.
//
//	testguest serve PORT      answer every HTTP request with "ok <hostname-free body>"
//	testguest exit CODE       print a line, then exit with CODE
//	testguest print TEXT      print TEXT once, then idle
//	testguest env NAME        print NAME=<value>, then idle
//	testguest poll URL        GET URL every second, print "poll ok <body>" or "poll error: <err>"
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: testguest serve PORT | exit CODE | print TEXT | env NAME | poll URL")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		port := os.Args[2]
		http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "ok %s %s\n", r.Method, r.URL.Path)
		})
		fmt.Println("testguest listening on " + port)
		if err := http.ListenAndServe(":"+port, nil); err != nil {
			fmt.Println("testguest:", err)
			os.Exit(1)
		}
	case "exit":
		code, _ := strconv.Atoi(os.Args[2])
		fmt.Printf("testguest exiting with %d\n", code)
		os.Exit(code)
	case "print":
		fmt.Println(strings.Join(os.Args[2:], " "))
		idle()
	case "env":
		fmt.Printf("%s=%s\n", os.Args[2], os.Getenv(os.Args[2]))
		idle()
	case "poll":
		poll(os.Args[2])
	default:
		fmt.Println("testguest: unknown mode " + os.Args[1])
		os.Exit(2)
	}
}

func idle() {
	for {
		time.Sleep(time.Hour)
	}
}

func poll(url string) {
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := client.Get(url)
		if err != nil {
			fmt.Printf("poll error: %v\n", err)
		} else {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			fmt.Printf("poll ok %s", body)
		}
		time.Sleep(time.Second)
	}
}
