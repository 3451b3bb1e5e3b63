package index_test

import (
	"testing"

	"github.com/newsdesk/newsdesk/index"
)

func TestOptimizePolicy(t *testing.T) {
	many := index.OptimizeState{Written: 100, Total: 100, Segments: 3}
	with := func(f func(*index.OptimizeState)) index.OptimizeState {
		s := many
		f(&s)
		return s
	}
	tests := []struct {
		name   string
		policy index.OptimizePolicy
		state  index.OptimizeState
		want   bool
	}{
		{"first ingest, several segments", index.OptimizePolicy{}, many, true},
		{"auto by name", index.OptimizePolicy{Mode: index.OptimizeAuto}, many, true},
		{"already one segment", index.OptimizePolicy{}, with(func(s *index.OptimizeState) { s.Segments = 1 }), false},
		{"nothing written", index.OptimizePolicy{}, with(func(s *index.OptimizeState) { s.Written = 0 }), false},
		{"a tenth written", index.OptimizePolicy{}, with(func(s *index.OptimizeState) { s.Written, s.Total = 10, 100 }), true},
		{"under a tenth written", index.OptimizePolicy{}, with(func(s *index.OptimizeState) { s.Written, s.Total = 9, 100 }), false},
		{"index too large", index.OptimizePolicy{}, with(func(s *index.OptimizeState) { s.Written, s.Total = index.AutoOptimizeMax+1, index.AutoOptimizeMax+1 }), false},
		{"index at the limit", index.OptimizePolicy{}, with(func(s *index.OptimizeState) { s.Written, s.Total = index.AutoOptimizeMax, index.AutoOptimizeMax }), true},
		{"own limit", index.OptimizePolicy{Max: 50}, many, false},
		{"pending merge finished though nothing written", index.OptimizePolicy{}, index.OptimizeState{Total: 100, Segments: 1, Pending: true}, true},
		{"always, one segment", index.OptimizePolicy{Mode: index.OptimizeAlways}, with(func(s *index.OptimizeState) { s.Segments, s.Written = 1, 0 }), true},
		{"never, pending", index.OptimizePolicy{Mode: index.OptimizeNever}, with(func(s *index.OptimizeState) { s.Pending = true }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.policy.ShouldOptimize(tt.state); got != tt.want {
				t.Errorf("%+v.ShouldOptimize(%+v) = %v, want %v", tt.policy, tt.state, got, tt.want)
			}
		})
	}
}
