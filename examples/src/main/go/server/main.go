// Command server is the reference workload's HTTP server: /hello answers a fixed
// greeting and /headers echoes the request headers, one "Name: value" per line.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"sort"
)

func main() {
	port := flag.Int("port", 8081, "TCP port to listen on")
	flag.Parse()

	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello test 2\n")
	})
	mux.HandleFunc("/headers", func(w http.ResponseWriter, r *http.Request) {
		names := make([]string, 0, len(r.Header))
		for name := range r.Header {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, value := range r.Header[name] {
				fmt.Fprintf(w, "%s: %s\n", name, value)
			}
		}
	})

	addr := fmt.Sprintf(":%d", *port)
	log.SetOutput(os.Stdout)
	log.Printf("server listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
