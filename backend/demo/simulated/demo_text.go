package simulated

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
)

// demoTopicWords and demoTopicChars bound how much of the prompt the demo
// answer quotes, which keeps every answer within 120–250 pieces.
const (
	demoTopicWords = 8
	demoTopicChars = 60
)

// demoDisclaimer opens every demo answer.
const demoDisclaimer = "This is a simulated demo answer from routeplay, so no real model was asked."

var demoOpenings = []string{
	"Here is a general way to approach it that works for most questions of this kind.",
	"The steps below are a sensible default; adjust them to your own situation.",
	"What follows is a compact plan you can adapt, not advice tailored to your case.",
}

var demoExamples = []string{
	"```go\nfunc within(got, want, tolerance float64) bool {\n\tgap := want - got\n\tfmt.Printf(\"gap: %+.2f\\n\", gap)\n\treturn math.Abs(gap) <= tolerance\n}\n```",
	"```python\ndef within(got, want, tolerance=0.05):\n    gap = want - got\n    print(f\"gap: {gap:+.2f}\")\n    return abs(gap) <= tolerance\n```",
	"```sh\n# time three runs and keep the median\nfor i in 1 2 3; do /usr/bin/time -f %e ./run.sh; done 2>&1 | sort -n | sed -n 2p\n```",
}

var demoClosings = []string{
	"If you share more detail about your setup, a real model can give a far more specific answer.",
	"Try the same prompt on a real route to compare what an actual model says.",
	"Add a route with your own key to see how real models answer this.",
}

// demoAnswer builds a generic but readable Markdown answer from the prompt.
// It depends on the prompt only.
func demoAnswer(prompt string) string { return demoAnswerNoted(prompt, "") }

// demoAnswerNoted is demoAnswer with note after the opening disclaimer.
func demoAnswerNoted(prompt, note string) string {
	topic := demoTopic(prompt)
	pick := promptHash(prompt)
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", headline(topic))
	fmt.Fprintf(&b, "%s%s %s\n\n", demoDisclaimer, note, demoOpenings[pick%uint64(len(demoOpenings))])
	b.WriteString("### A practical approach\n\n")
	fmt.Fprintf(&b, "1. **Pin down the goal.** Say what a good outcome for \"%s\" looks like and how you will know you reached it.\n", topic)
	b.WriteString("2. **Start with the smallest working version.** A tiny end-to-end slice shows the real problems early.\n")
	b.WriteString("3. **Measure before changing things.** Keep one number you trust and compare runs side by side.\n")
	b.WriteString("4. **Iterate in short steps.** Change one thing at a time so every result is easy to explain.\n\n")
	b.WriteString("### A small example\n\n")
	b.WriteString("A check like this keeps each step honest:\n\n")
	b.WriteString(demoExamples[(pick/7)%uint64(len(demoExamples))])
	b.WriteString("\n\n### Things to watch\n\n")
	b.WriteString("- Results vary between runs, so compare medians rather than single numbers.\n")
	b.WriteString("- Write down what you tried; it saves repeating dead ends later.\n")
	b.WriteString("- Stop when the result is good enough for its purpose.\n\n")
	b.WriteString(demoClosings[(pick/49)%uint64(len(demoClosings))])
	return b.String()
}

// demoReasoning is n words of plausible thinking about the prompt.
func demoReasoning(prompt string, n int) string {
	topic := demoTopic(prompt)
	text := fmt.Sprintf("The question is about %s. I should give a short, structured answer. "+
		"First I will restate the goal, then suggest a small first step and a way to measure progress. "+
		"A brief code example would make it concrete. I should also mention that results vary between runs "+
		"and that this is a simulated demo, not a real model. Let me check the order of the steps once more. ", topic)
	words := strings.Fields(text)
	out := make([]string, n)
	for i := range out {
		out[i] = words[i%len(words)]
	}
	return strings.Join(out, " ") + "\n\n"
}

// demoTopic is the first words of the prompt's first line, with anything
// that could break the Markdown around it removed.
func demoTopic(prompt string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(prompt), "\n")
	clean := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), strings.ContainsRune(" -',.?!", r):
			return r
		case unicode.IsSpace(r):
			return ' '
		}
		return -1
	}, line)
	words := strings.Fields(clean)
	if len(words) > demoTopicWords {
		words = words[:demoTopicWords]
	}
	topic := strings.Join(words, " ")
	for len(topic) > demoTopicChars {
		words = words[:len(words)-1]
		topic = strings.Join(words, " ")
	}
	topic = strings.TrimRight(topic, " ,.?!-'")
	if topic == "" {
		return "your question"
	}
	return topic
}

// headline capitalises the topic's first letter for the heading.
func headline(topic string) string {
	r := []rune(topic)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func promptHash(prompt string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(prompt))
	return h.Sum64()
}
