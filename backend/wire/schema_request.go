package wire

import (
	"encoding/json"

	"github.com/routeplay/routeplay/backend"
)

// Structured output in each wire's form.

// OpenAI and OpenRouter: response_format {type: json_schema}. strict is
// left out: strict mode rejects schemas that do not list every property as
// required, and the answer is checked here anyway.
type oaJSONSchema struct {
	Name   string          `json:"name"`
	Schema json.RawMessage `json:"schema"`
}

type oaResponseFormat struct {
	Type       string       `json:"type"`
	JSONSchema oaJSONSchema `json:"json_schema"`
}

func openaiResponseFormat(rt backend.Route) *oaResponseFormat {
	if rt.Schema == nil {
		return nil
	}
	return &oaResponseFormat{Type: "json_schema", JSONSchema: oaJSONSchema{Name: rt.Schema.Name, Schema: rt.Schema.Schema}}
}

// anthropicSchemaTool forces the answer through a tool whose input schema
// is the output schema: the Messages API's way to structured output. It
// replaces the route's tool_choice, since only one can be forced.
func anthropicSchemaTool(rt backend.Route, body *anRequest) {
	if rt.Schema == nil {
		return
	}
	body.Tools = append(body.Tools, anToolDecl{Name: rt.Schema.Name,
		Description: "Answer with this tool; its input is the whole answer.", InputSchema: rt.Schema.Schema})
	body.ToolChoice = &anToolChoice{Type: "tool", Name: rt.Schema.Name}
}

// Gemini: responseMimeType application/json with the schema as
// responseJsonSchema, which takes JSON Schema as written (responseSchema
// takes only Gemini's OpenAPI subset and rejects keywords such as
// additionalProperties in older models).
func geminiSchema(rt backend.Route, cfg *gmGenerationConfig) bool {
	if rt.Schema == nil {
		return false
	}
	cfg.ResponseMimeType = "application/json"
	cfg.ResponseJSONSchema = rt.Schema.Schema
	return true
}
