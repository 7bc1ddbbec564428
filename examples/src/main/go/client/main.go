// Command client is the reference workload's client: it GETs http://HOST:PORT/hello
// every 5 seconds and prints the body, or the error when the request fails.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: client HOST:PORT")
		os.Exit(2)
	}
	url := "http://" + os.Args[1] + "/hello"
	http := &http.Client{Timeout: 4 * time.Second}
	for {
		poll(http, url)
		time.Sleep(5 * time.Second)
	}
}

func poll(client *http.Client, url string) {
	resp, err := client.Get(url)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return
	}
	fmt.Print(string(body))
}
