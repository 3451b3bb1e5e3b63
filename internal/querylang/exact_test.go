package querylang

import "testing"

// Exact.String writes plain values without escaping; values with quotes,
// backslashes or invalid UTF-8 are escaped or replaced as before.
func TestExactString(t *testing.T) {
	tests := []struct{ value, want string }{
		{"Reuters", `name:="Reuters"`},
		{"", `name:=""`},
		{"Jürgen Möllemann", `name:="Jürgen Möllemann"`},
		{`say "hi"`, `name:="say \"hi\""`},
		{`a\b`, `name:="a\\b"`},
		{"bad\xffbyte", "name:=\"bad\uFFFDbyte\""},
	}
	for _, tc := range tests {
		if got := (Exact{Field: "name", Value: tc.value}).String(); got != tc.want {
			t.Errorf("Exact %q: got %s, want %s", tc.value, got, tc.want)
		}
	}
}
