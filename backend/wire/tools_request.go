package wire

import (
	"encoding/json"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// emptyObjectSchema is sent for a tool declared without parameters: the
// Anthropic API requires a schema and the others accept this one.
var emptyObjectSchema = json.RawMessage(`{"type":"object","properties":{}}`)

func toolParameters(t tooldef.Tool) json.RawMessage {
	if len(t.Parameters) == 0 {
		return emptyObjectSchema
	}
	return t.Parameters
}

// OpenAI Chat Completions (and OpenRouter): tools + tool_choice.

type oaFunction struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters"`
}

type oaTool struct {
	Type     string     `json:"type"`
	Function oaFunction `json:"function"`
}

type oaNamedChoice struct {
	Type     string `json:"type"`
	Function struct {
		Name string `json:"name"`
	} `json:"function"`
}

func openaiTools(rt backend.Route) (tools []oaTool, choice any) {
	if len(rt.Tools) == 0 {
		return nil, nil
	}
	for _, t := range rt.Tools {
		tools = append(tools, oaTool{Type: "function", Function: oaFunction{Name: t.Name, Description: t.Description, Parameters: toolParameters(t)}})
	}
	switch c := rt.ToolChoice; c {
	case "", tooldef.ToolChoiceAuto:
		return tools, tooldef.ToolChoiceAuto
	case tooldef.ToolChoiceRequired, tooldef.ToolChoiceNone:
		return tools, c
	default:
		named := oaNamedChoice{Type: "function"}
		named.Function.Name = c
		return tools, named
	}
}

// Anthropic Messages: tools (input_schema) + tool_choice {type: auto|any|none|tool}.

type anToolDecl struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	InputSchema json.RawMessage `json:"input_schema"`
}

type anToolChoice struct {
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
}

func anthropicTools(rt backend.Route) ([]anToolDecl, *anToolChoice) {
	if len(rt.Tools) == 0 {
		return nil, nil
	}
	tools := make([]anToolDecl, 0, len(rt.Tools))
	for _, t := range rt.Tools {
		tools = append(tools, anToolDecl{Name: t.Name, Description: t.Description, InputSchema: toolParameters(t)})
	}
	switch c := rt.ToolChoice; c {
	case "", tooldef.ToolChoiceAuto:
		return tools, &anToolChoice{Type: "auto"}
	case tooldef.ToolChoiceRequired:
		return tools, &anToolChoice{Type: "any"}
	case tooldef.ToolChoiceNone:
		return tools, &anToolChoice{Type: "none"}
	default:
		return tools, &anToolChoice{Type: "tool", Name: c}
	}
}

// Gemini: tools[].functionDeclarations + toolConfig.functionCallingConfig.
// The schema goes as parametersJsonSchema, which takes JSON Schema as
// declared; parameters would take only Gemini's OpenAPI subset.

type gmFunctionDecl struct {
	Name                 string          `json:"name"`
	Description          string          `json:"description,omitempty"`
	ParametersJSONSchema json.RawMessage `json:"parametersJsonSchema,omitempty"`
}

type gmTool struct {
	FunctionDeclarations []gmFunctionDecl `json:"functionDeclarations"`
}

type gmFunctionCallingConfig struct {
	Mode                 string   `json:"mode"`
	AllowedFunctionNames []string `json:"allowedFunctionNames,omitempty"`
}

type gmToolConfig struct {
	FunctionCallingConfig gmFunctionCallingConfig `json:"functionCallingConfig"`
}

func geminiTools(rt backend.Route) ([]gmTool, *gmToolConfig) {
	if len(rt.Tools) == 0 {
		return nil, nil
	}
	decls := make([]gmFunctionDecl, 0, len(rt.Tools))
	for _, t := range rt.Tools {
		// Gemini takes a call with no parameters without a schema.
		decls = append(decls, gmFunctionDecl{Name: t.Name, Description: t.Description, ParametersJSONSchema: t.Parameters})
	}
	cfg := gmFunctionCallingConfig{Mode: "AUTO"}
	switch c := rt.ToolChoice; c {
	case "", tooldef.ToolChoiceAuto:
	case tooldef.ToolChoiceRequired:
		cfg.Mode = "ANY"
	case tooldef.ToolChoiceNone:
		cfg.Mode = "NONE"
	default:
		cfg = gmFunctionCallingConfig{Mode: "ANY", AllowedFunctionNames: []string{c}}
	}
	return []gmTool{{FunctionDeclarations: decls}}, &gmToolConfig{FunctionCallingConfig: cfg}
}
