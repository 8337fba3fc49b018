package tooldef

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/routeplay/routeplay/backend/safetext"
)

// MaxToolsFileBytes bounds a --tools file.
const MaxToolsFileBytes = 4 << 20

// openAITool is one entry of OpenAI's tools list.
type openAITool struct {
	Type     string `json:"type"`
	Function *struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	} `json:"function"`
}

// ParseToolsJSON reads tools in OpenAI's function format, the one most
// tools are published in: a JSON list of
// {"type": "function", "function": {"name", "description", "parameters"}}.
func ParseToolsJSON(data []byte) ([]Tool, error) {
	if len(data) > MaxToolsFileBytes {
		return nil, fmt.Errorf("larger than %d MiB", MaxToolsFileBytes>>20)
	}
	var list []openAITool
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&list); err != nil {
		return nil, errors.New(`expected a JSON list of {"type": "function", "function": {"name", "description", "parameters"}}: ` + safetext.Sanitize(err.Error()))
	}
	if len(list) == 0 {
		return nil, errors.New("the list of tools is empty")
	}
	tools := make([]Tool, 0, len(list))
	for i, e := range list {
		if e.Type != "function" || e.Function == nil {
			return nil, fmt.Errorf(`tool #%d: only {"type": "function", "function": {...}} entries are supported`, i+1)
		}
		params := e.Function.Parameters
		if bytes.Equal(bytes.TrimSpace(params), []byte("null")) {
			params = nil
		}
		t, err := NewTool(e.Function.Name, e.Function.Description, params)
		if err != nil {
			return nil, fmt.Errorf("tool #%d: %v", i+1, err)
		}
		if _, dup := FindTool(tools, t.Name); dup {
			return nil, fmt.Errorf("tool #%d: %q is declared twice", i+1, t.Name)
		}
		tools = append(tools, t)
	}
	return tools, nil
}
