package config

import (
	"reflect"
	"testing"
)

func TestParseList(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"openai", []string{"openai"}},
		{" openai , azure,together ", []string{"openai", "azure", "together"}},
		{"a,", []string{"a"}},
		{`"a, b", c`, []string{"a, b", "c"}},
		{`"\n\n", " "`, []string{"\n\n", " "}},
		{`say "hi"`, []string{`say "hi"`}},
	}
	for _, c := range cases {
		got, err := ParseList(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseList(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{",a", "a,,b", `"a`, `"a" b`, `""`} {
		if _, err := ParseList(bad); err == nil {
			t.Errorf("ParseList(%q) accepted", bad)
		}
	}
}

// FuzzParseList: whatever parses, formats back to text that parses to the
// same list, so a value shown for editing is never changed by saving it.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"a, b", `"x,y", z`, `"\n"`, `"\x1b[2J"`, "ä , ö", `"a" , "b"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		list, err := ParseList(in)
		if err != nil {
			return
		}
		again, err := ParseList(FormatList(list))
		if err != nil || !reflect.DeepEqual(again, list) {
			t.Fatalf("%q → %q → %q (%v)", in, list, again, err)
		}
	})
}
