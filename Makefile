# newsdesk: the two commands a new machine needs are `make run` and `make test`.
GO          ?= go
BIN         := bin/newsdesk
ADDR        ?= 127.0.0.1:8080
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run build test lint bench-check bench bench-go bench-scale screenshots clean tagger-model

## run: build newsdesk and serve the bundled sample archive at http://$(ADDR)/
run: build
	./$(BIN) demo --addr $(ADDR)

build:
	$(GO) build -o $(BIN) ./cmd/newsdesk

## test: formatting, vet, staticcheck and the whole test suite, with the
## bench module's (a separate module: vet, staticcheck, smoke tests on testdata)
test: lint bench-check
	$(GO) test -count=1 ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	@test -d "$$($(GO) env GOMODCACHE)/honnef.co/go/tools@$(lastword $(subst @, ,$(STATICCHECK)))" || \
	  echo "staticcheck: fetching $(STATICCHECK) through the Go module proxy (first run only, a minute or two)…"
	$(GO) run $(STATICCHECK) ./...

## screenshots: the search page in headless Chromium (desktop and phone,
## light and dark) as PNGs in screenshots/, from the browser test
screenshots:
	rm -rf screenshots
	NEWSDESK_SCREENSHOTS=$(CURDIR)/screenshots $(GO) test -count=1 -run 'TestBrowserSearchPage/screenshots' ./httpapi/
	@ls screenshots/*.png | wc -l | xargs printf '%s screenshots in screenshots/\n'

# The bench module replaces newsdesk with ../, so a dependency newsdesk adds is
# missing from bench/go.sum until `cd bench && go mod tidy`; -mod=mod lets the
# go command add it on the fly instead of failing.
BENCH_GO := GOFLAGS=-mod=mod $(GO)

bench-check:
	cd bench && $(BENCH_GO) vet ./... && $(BENCH_GO) run $(STATICCHECK) ./... && $(BENCH_GO) test -count=1 ./...

## bench: newsdesk vs plain bleve vs SQLite FTS5 on Reuters-21578 (skips when
## ../shared is absent); writes its section of BENCHMARKS.md
BENCH_CORPUS ?= ../../shared/corpus/reuters21578
RUNS ?= 3
bench:
	cd bench && $(BENCH_GO) run . -corpus $(BENCH_CORPUS) -runs $(RUNS) -out ../BENCHMARKS.md

## bench-scale: generated archives of growing size (1M takes long: SIZES=10000,100000)
SIZES ?= 10000,100000,1000000
ENGINES ?= newsdesk
bench-scale:
	cd bench && $(BENCH_GO) run . scale -corpus $(BENCH_CORPUS) -sizes $(SIZES) -engines $(ENGINES) -out ../BENCHMARKS.md

## bench-go: Go benchmarks of the hot paths (reads ../shared when present)
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## tagger-model: retrain the names tagger's embedded model from ../shared/corpus/ner
## (deterministic: the same data gives the same bytes) and print its held-out scores
NER_CORPUS ?= ../shared/corpus/ner
tagger-model:
	@test -f extract/tagger/model.bin.gz || : > extract/tagger/model.bin.gz # the package embeds it
	$(GO) run ./extract/tagger/internal/train -corpus $(NER_CORPUS) -out extract/tagger/model.bin.gz -meta extract/tagger/model.json

clean:
	rm -rf bin newsdesk.index screenshots
