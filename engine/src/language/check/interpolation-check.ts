import type { Interpolation } from "../ast";
import { INTERPOLATION_FUNCTIONS } from "../interpolation-functions";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
import { readUnfinished, resolveReference } from "./reference-resolution";
import type { ReferenceScope } from "./reference-scope";
import { describeType, isAssignable, type ValueType } from "./value-type";

/**
 * Checks one `${...}`: its reference, and its function when it has one
 * (`${basename(file)}`, `${json(list)}`): MF008 for an unknown function (with
 * "did you mean"), MF007 for a value its parameter does not take (a path
 * function's a path; `json` takes any). Returns the type of what is inserted.
 */
export function checkInterpolation(
  part: Interpolation,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ValueType {
  // A malformed interpolation is MF001 already; an unfinished one (`${p.}`) reads its name.
  if (!part.ref && part.unfinished) readUnfinished(part.unfinished, scope);
  const type = part.ref ? resolveReference(part.ref, scope, sink) : "any";
  const fn = part.function;
  if (!fn) return type;
  const known = INTERPOLATION_FUNCTIONS.get(fn.text);
  if (!known) {
    const names = [...INTERPOLATION_FUNCTIONS.keys()];
    const suggestion = suggestName(fn.text, fn.range, names);
    sink.report(
      "MF008",
      fn.range,
      `"${fn.text}" is not a function${suggestion.hint || `; an interpolation may use ${names.join(", ")}`}`,
      { data: suggestion.data },
    );
  } else if (!isAssignable(known.parameter.type, type)) {
    sink.report(
      "MF007",
      part.range,
      `${fn.text}(...) takes ${describeType(known.parameter.type)}, not ${describeType(type)}`,
    );
  }
  return "string";
}
