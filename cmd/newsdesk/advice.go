package main

import (
	"errors"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// advice returns what a newsdesk user can do about err, in the words of
// this command line: the library's errors are short and typed, and name
// no flags or commands. "" when there is nothing to add.
func advice(err error) string {
	var host *httpapi.HostError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, index.ErrNoIndex):
		return "create one with 'newsdesk ingest FILE...'"
	case errors.Is(err, index.ErrLocked):
		return "while one newsdesk process writes, no other can open the index, and an ingest must wait until 'newsdesk serve' and searches stop"
	case errors.Is(err, index.ErrOldLayout):
		return "it was made by an older newsdesk; re-create it: move it away and run 'newsdesk ingest' on the exports again"
	case errors.Is(err, ingest.ErrUnknownFormat):
		return "try --format"
	case errors.Is(err, ingest.ErrNoTextColumn):
		return "name one with --map COLUMN=headline or COLUMN=body"
	case errors.Is(err, ingest.ErrTooLarge):
		return "--parse-memory"
	case errors.Is(err, query.ErrQuoteScope):
		return "in newsdesk quotes: --speaker, --from/--to and the filters --source, --source-code, --section, --lang, --name"
	case errors.As(err, &host) && host.Host != "":
		return "to serve under this name: newsdesk serve --allow-host " + host.Name
	}
	return ""
}

// withAdvice is err's message followed by its advice, if any.
func withAdvice(err error) string {
	if a := advice(err); a != "" {
		return err.Error() + " (" + a + ")"
	}
	return err.Error()
}
