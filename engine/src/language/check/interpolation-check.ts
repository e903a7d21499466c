import type { Interpolation } from "../ast";
import { PATH_FUNCTIONS } from "../path-functions";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
import { resolveReference } from "./reference-resolution";
import type { ReferenceScope } from "./reference-scope";
import { describeType, isAssignable, type ValueType } from "./value-type";

/**
 * Checks one `${...}`: its reference, and its path function when it has one
 * (`${basename(file)}`): MF008 for an unknown function (with "did you mean"),
 * MF007 for a value that is not a path. Returns the type of what is inserted.
 */
export function checkInterpolation(
  part: Interpolation,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ValueType {
  // A malformed interpolation is MF001 already.
  const type = part.ref ? resolveReference(part.ref, scope, sink) : "any";
  const fn = part.function;
  if (!fn) return type;
  if (!PATH_FUNCTIONS.has(fn.text)) {
    const known = [...PATH_FUNCTIONS.keys()];
    const suggestion = suggestName(fn.text, fn.range, known);
    sink.report(
      "MF008",
      fn.range,
      `"${fn.text}" is not a function${suggestion.hint || `; an interpolation may use ${known.join(", ")}`}`,
      { data: suggestion.data },
    );
  } else if (!isAssignable("path", type)) {
    sink.report("MF007", part.range, `${fn.text}(...) takes a path, not ${describeType(type)}`);
  }
  return "string";
}
