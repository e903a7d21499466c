import type { Expression } from "../ast";
import { stringText } from "../string-literal";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";

/** The step properties that name files: a path, a glob, or a list of them. */
const FILE_PROPERTIES = ["inputs", "outputs"] as const;

/**
 * MF020 on what `inputs:` and `outputs:` say that can never name a file of
 * the working directory: an empty path, an absolute one (a step's files are
 * relative to the working directory, so a run elsewhere finds its own), or a
 * value that is not a path (a number, a map). Paths computed from params are
 * checked the same way when the workflow is compiled.
 */
export function checkStepFilePaths(block: BlockProperties, sink: DiagnosticSink): void {
  for (const name of FILE_PROPERTIES) {
    const value = block.get(name)?.value;
    if (!value) continue;
    const items = value.kind === "list" ? value.items : [value];
    if (value.kind === "list" && items.length === 0)
      sink.report("MF020", value.range, `"${name}" is an empty list: name at least one path`);
    for (const item of items) checkItem(item, name, sink);
  }
}

function checkItem(item: Expression | undefined, name: string, sink: DiagnosticSink): void {
  if (!item) return;
  if (item.kind === "ref") return; // a param or var: checked when compiled
  if (item.kind !== "string") {
    sink.report("MF020", item.range, `"${name}" takes a path, a glob, or a list of them`);
    return;
  }
  const first = item.parts[0];
  const text = first?.kind === "text" ? first.value : undefined;
  if (item.parts.length === 0 || (item.parts.length === 1 && text?.trim() === ""))
    sink.report("MF020", item.range, `an empty path in "${name}"`);
  else if (text !== undefined && isAbsolutePath(text))
    sink.report(
      "MF020",
      item.range,
      `"${name}" paths are relative to the working directory, not absolute: "${stringText(item)}"`,
    );
}

/** Absolute on any system the engine runs on: `/x`, `~/x`, `C:\x`, `\\server`. */
export function isAbsolutePath(path: string): boolean {
  return /^(\/|~|[A-Za-z]:[\\/]|\\\\)/.test(path);
}
