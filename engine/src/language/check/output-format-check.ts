import type { Expression } from "../ast";
import { OUTPUT_FORMATS, outputFormatOf } from "../output-format";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";

/** `output: json` or `output: text`; anything else is MF007 (with "did you mean" for a word). */
export function checkOutputFormat(value: Expression | undefined, sink: DiagnosticSink): void {
  if (!value || outputFormatOf(value) !== undefined) return;
  const word = value.kind === "ref" && value.segments.length === 1 ? value.segments[0] : undefined;
  const suggestion = word
    ? suggestName(word.text, word.range, OUTPUT_FORMATS)
    : { hint: "", data: undefined };
  const what = word ? `unknown output format "${word.text}"` : `"output" takes a word`;
  sink.report(
    "MF007",
    value.range,
    `${what}${suggestion.hint}; write output: json (its output is parsed as JSON) or output: text`,
    suggestion.data ? { data: suggestion.data } : undefined,
  );
}
