package httpapi

import (
	"fmt"
	"log"
	"net"
	"net/netip"
	"strings"
)

// HandlerOptions configure the handler of NewHandlerWith.
type HandlerOptions struct {
	// Logger receives the errors that are not the client's (500s); nil
	// logs nothing.
	Logger *log.Logger
	// AllowedHosts are the host names or addresses, besides the loopback
	// ones, that requests may address in their Host header: the name or
	// address the server is reached by when it is exposed on purpose
	// (serving on 0.0.0.0 behind a name). A port, if given, is ignored.
	// "*" allows any host and turns the check off.
	AllowedHosts []string
	// Advice, if set, returns what to add to the message of an error the
	// handler answers with a 4xx (such as a HostError): how the program
	// serving the handler lets its user fix it. "" adds nothing.
	Advice func(error) string
}

// hostCheck decides which Host headers the handler answers. A web page on
// another site can make the browser resolve its own name to 127.0.0.1
// (DNS rebinding) and then read the local archive as same-origin; its
// requests still carry that name in Host, so only names the server is
// known by are answered: localhost (and *.localhost), loopback addresses
// (127.0.0.0/8, ::1) and the allowed hosts.
type hostCheck struct {
	any     bool
	allowed map[string]bool // lower-case host names and addresses, no port
}

func newHostCheck(allowed []string) hostCheck {
	c := hostCheck{allowed: map[string]bool{}}
	for _, h := range allowed {
		if h = strings.TrimSpace(h); h == "*" {
			c.any = true
		} else if h != "" {
			c.allowed[hostName(h)] = true
		}
	}
	return c
}

// hostName is host without its port and brackets, lower case, without a
// trailing dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// check returns nil when a request addressed to host may be answered.
func (c hostCheck) check(host string) error {
	if c.any {
		return nil
	}
	name := hostName(host)
	if name == "localhost" || strings.HasSuffix(name, ".localhost") || c.allowed[name] {
		return nil
	}
	if a, err := netip.ParseAddr(name); err == nil && a.Unmap().IsLoopback() {
		return nil
	}
	return &HostError{Host: host, Name: name}
}

// HostError is the error, answered with 403, for a request addressed to a
// host the handler does not answer (HandlerOptions.AllowedHosts).
type HostError struct {
	Host string // the Host header as sent; empty when the request names none
	Name string // Host without port, lower case: what AllowedHosts would list
}

func (e *HostError) Error() string {
	if e.Host == "" {
		return "the request names no host; newsdesk answers only requests addressed to localhost, a loopback address or an allowed host"
	}
	return fmt.Sprintf("host %q is not allowed: newsdesk answers only requests addressed to localhost, a loopback address or an allowed host, so that a web page on another site cannot read the archive through a name of its own (DNS rebinding); to serve under this name, add %s to the server's allowed hosts", e.Host, e.Name)
}
