package tagger

import "fmt"

// Type is the type of a name.
type Type string

// The three types the tagger knows.
const (
	Person       Type = "PERSON"
	Organization Type = "ORGANIZATION"
	Location     Type = "LOCATION"
)

// typeAt returns the i-th type in label order.
func typeAt(i int) Type {
	switch i {
	case 0:
		return Person
	case 1:
		return Organization
	case 2:
		return Location
	}
	return ""
}

// Label is the BIO label of one token: O (outside any name), or B (first
// token) or I (any later token) of a name of one Type.
type Label uint8

// The labels. I-X may only follow B-X or I-X.
const (
	O Label = iota
	BPerson
	IPerson
	BOrganization
	IOrganization
	BLocation
	ILocation
	numLabels = iota
)

// Begin returns the B label of t, and false for an unknown type.
func Begin(t Type) (Label, bool) {
	for i := range 3 {
		if typeAt(i) == t {
			return Label(1 + 2*i), true
		}
	}
	return O, false
}

// Inside returns the I label of t, and false for an unknown type.
func Inside(t Type) (Label, bool) {
	l, ok := Begin(t)
	if !ok {
		return O, false
	}
	return l + 1, true
}

// Type returns the type of a B or I label, "" for O.
func (l Label) Type() Type {
	if l == O || l >= numLabels {
		return ""
	}
	return typeAt(int(l-1) / 2)
}

// IsBegin reports whether l is a B label.
func (l Label) IsBegin() bool { return l != O && l < numLabels && (l-1)%2 == 0 }

// String returns "O", "B-PERSON", "I-LOCATION" and so on.
func (l Label) String() string {
	switch {
	case l == O:
		return "O"
	case l >= numLabels:
		return fmt.Sprintf("Label(%d)", uint8(l))
	case l.IsBegin():
		return "B-" + string(l.Type())
	default:
		return "I-" + string(l.Type())
	}
}

// allowed reports whether label next may follow label prev (prev == -1 at
// the start of a sentence): an I label only continues a name of its type.
func allowed(prev int, next Label) bool {
	if next == O || next.IsBegin() {
		return true
	}
	return prev > 0 && Label(prev).Type() == next.Type()
}

// Entity is a name found in a token sequence: tokens[Start:End], of Type.
type Entity struct {
	Start, End int
	Type       Type
}

// Entities reads the names off a label sequence. An I label that does not
// continue a name of its type starts one (the tagger never produces one).
func Entities(labels []Label) []Entity {
	var out []Entity
	for i := 0; i < len(labels); i++ {
		l := labels[i]
		if l == O || l >= numLabels {
			continue
		}
		t := l.Type()
		j := i + 1
		for j < len(labels) && labels[j] < numLabels && !labels[j].IsBegin() && labels[j].Type() == t {
			j++
		}
		out = append(out, Entity{Start: i, End: j, Type: t})
		i = j - 1
	}
	return out
}

// Labels writes entities as a BIO label sequence of n tokens. Entities out
// of range or overlapping an earlier one are an error.
func Labels(n int, ents []Entity) ([]Label, error) {
	labels := make([]Label, n)
	for _, e := range ents {
		b, ok := Begin(e.Type)
		if !ok {
			return nil, fmt.Errorf("entity %d-%d: unknown type %q", e.Start, e.End, e.Type)
		}
		if e.Start < 0 || e.End > n || e.Start >= e.End {
			return nil, fmt.Errorf("entity %d-%d %s: out of range of %d tokens", e.Start, e.End, e.Type, n)
		}
		for k := e.Start; k < e.End; k++ {
			if labels[k] != O {
				return nil, fmt.Errorf("entity %d-%d %s overlaps another", e.Start, e.End, e.Type)
			}
			labels[k] = b
			if k > e.Start {
				labels[k] = b + 1
			}
		}
	}
	return labels, nil
}
