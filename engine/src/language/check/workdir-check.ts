import { posix } from "node:path";
import type { Expression } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { stringText } from "../string-literal";
import { isAbsolutePath } from "./step-file-paths";

/**
 * MF032 (a warning) on a `workdir:` that leaves the workflow's working
 * directory: an absolute path, or one whose `..` climb out of it. Both are
 * allowed, as in GitHub Actions, make and just, but the step then depends on
 * where the workflow runs. Only the literal start of the path is known here;
 * a path computed from values is not checked.
 */
export function checkWorkdir(value: Expression | undefined, sink: DiagnosticSink): void {
  if (value?.kind !== "string") return;
  const first = value.parts?.[0];
  if (first?.kind !== "text") return;
  const text = first.value;
  if (isAbsolutePath(text)) {
    sink.report(
      "MF032",
      value.range,
      `workdir "${stringText(value)}" is absolute: the step runs outside the workflow's working directory`,
    );
    return;
  }
  // Only the text before an interpolation is known; `a/${x}/..` is not judged.
  const known = value.parts.length === 1 ? text : text.slice(0, text.lastIndexOf("/") + 1);
  const normal = posix.normalize(known.replaceAll("\\", "/"));
  if (normal === ".." || normal.startsWith("../")) {
    sink.report(
      "MF032",
      value.range,
      `workdir "${stringText(value)}" leaves the workflow's working directory: the step runs outside it`,
    );
  }
}
