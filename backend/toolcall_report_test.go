package backend

import "testing"

func TestArgumentsJSON(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Object", `{"b": 1, "a": [true, null, 2.50]}`, `{"b":1,"a":[true,null,2.50]}`},
		{"NoArguments", "  ", `{}`},
		{"Invalid", `{"a": `, ``},
		{"TrailingBytes", `{} {}`, ``},
		{"TrailingGarbage", `{}x`, ``},
		{"Scalar", `"text"`, `"text"`},
		// An escape that decodes to ESC would hand a control sequence to
		// whatever reads the report: it is removed from keys and values.
		{"EscapedControls", `{"a\u001b[2J": ["x\u001b]0;t\u0007y", 1]}`, `{"a":["xy",1]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(argumentsJSON(tt.in)); got != tt.want {
				t.Errorf("argumentsJSON(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
