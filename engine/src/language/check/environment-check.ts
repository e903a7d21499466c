import type { Expression, MapEntry } from "../ast";
import { isEnvironmentName, RESERVED_ENVIRONMENT_NAMES } from "../environment-name";
import type { DiagnosticSink } from "./diagnostic-sink";

/**
 * The rules of an `env: { NAME: value }` map (workflow or step) beyond its
 * type, which the property table checks: a map written out, not a reference
 * (its names must be known here) (MF007); each name a valid environment
 * variable name and not one momoflow sets itself (MF030), set once (MF031);
 * each value text, a number or a bool, not a list or a map (MF007). The
 * references in the values are checked with the other typed properties.
 */
export function checkEnvironment(value: Expression | undefined, sink: DiagnosticSink): void {
  if (!value) return;
  if (value.kind === "ref") {
    sink.report(
      "MF007",
      value.range,
      `"env" must be written out as a map, { NAME: value, ... }, so that its names are known before the run`,
    );
    return;
  }
  if (value.kind !== "map") return; // not a map at all: MF007 from the property's type
  const seen = new Map<string, MapEntry>();
  for (const entry of value.entries ?? []) {
    const key = entry?.key;
    if (!key) continue;
    checkName(key.text, entry, sink);
    const first = seen.get(key.text);
    if (first) {
      sink.report("MF031", key.range, `"env" sets ${key.text} twice`, {
        related: [{ path: sink.path, range: first.key.range, message: "first set here" }],
      });
    } else seen.set(key.text, entry);
    checkText(entry.value, key.text, sink);
  }
}

function checkName(name: string, entry: MapEntry, sink: DiagnosticSink): void {
  if (!isEnvironmentName(name)) {
    sink.report(
      "MF030",
      entry.key.range,
      `"${name}" is not an environment variable name: use letters, digits and _, not starting with a digit`,
    );
  } else if (RESERVED_ENVIRONMENT_NAMES.has(name)) {
    sink.report(
      "MF030",
      entry.key.range,
      `${name} is set by momoflow for each shell action: "env" cannot set it`,
    );
  }
}

/** A value becomes the variable's text: a list or a map has none that a program could read back. */
function checkText(value: Expression | undefined, name: string, sink: DiagnosticSink): void {
  if (value?.kind !== "list" && value?.kind !== "map") return;
  sink.report(
    "MF007",
    value.range,
    `the value of ${name} in "env" must be text, a number or a bool, not a ${value.kind}`,
  );
}
