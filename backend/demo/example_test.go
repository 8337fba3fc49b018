package demo_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/routeplay/routeplay/backend/demo"
)

// A loopback provider that answers OpenAI-style requests and fails
// Anthropic ones with a rate limit.
func ExampleStart() {
	srv, ts := demo.Start(func(r demo.Request) demo.Script {
		if r.Wire == demo.Anthropic {
			return demo.Script{Status: 429, RetryAfter: "3", ErrorMessage: "slow down"}
		}
		return demo.Script{Text: "Seven is prime."}
	})
	defer ts.Close()
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()

	body := `{"model":"m","stream":true,"messages":[{"role":"user","content":"Name a prime"}]}`
	resp, err := (&http.Client{Transport: tr}).Post(ts.URL+"/v1/messages", "application/json", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"))
	fmt.Println(srv.Requests()[0].Prompt)
	// Output:
	// 429 3
	// Name a prime
}

// A fake served inside the process, with no socket, as demo mode serves simulated.Demo.
func ExampleInProcess() {
	client := &http.Client{Transport: demo.InProcess(demo.New(func(r demo.Request) demo.Script {
		return demo.Script{Tokens: []string{"Hel", "lo"}}
	}))}
	body := `{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}`
	resp, err := client.Post("http://demo/v1beta/models/demo-fast:streamGenerateContent?alt=sse", "application/json", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("Content-Type"), strings.Count(string(raw), "data: "))
	// Output: text/event-stream 3
}
