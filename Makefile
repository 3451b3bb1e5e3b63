# newsdesk: the two commands a new machine needs are `make run` and `make test`.
GO          ?= go
BIN         := bin/newsdesk
ADDR        ?= 127.0.0.1:8080
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run build test lint bench clean

## run: build newsdesk and serve the bundled sample archive at http://$(ADDR)/
run: build
	./$(BIN) demo --addr $(ADDR)

build:
	$(GO) build -o $(BIN) ./cmd/newsdesk

## test: formatting, vet, staticcheck and the whole test suite
test: lint
	$(GO) test -count=1 ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## bench: Go benchmarks of the hot paths (reads ../shared when present)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin newsdesk.index
