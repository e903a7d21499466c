import type { Name } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";

/** Something declared under a name, possibly in another file. */
export interface NamedDeclaration {
  name: Name | undefined;
}

/**
 * Indexes `items` by name, first declaration first: every later item with a
 * name already taken gets MF004 on its name, with the first one as related
 * information. `what` names the kind for the message (`step`, `param`);
 * `where` says in what (` in workflow "deploy"`, or "").
 */
export function indexUniqueNames<T extends NamedDeclaration>(
  items: readonly T[],
  what: string,
  where: string,
  sink: DiagnosticSink,
): Map<string, T> {
  const into = new Map<string, T>();
  for (const item of items) {
    const name = item.name;
    if (!name?.text) continue;
    const first = into.get(name.text);
    if (first === undefined) {
      into.set(name.text, item);
      continue;
    }
    reportDuplicate(name, what, where, first.name && { path: sink.path, name: first.name }, sink);
  }
  return into;
}

/**
 * MF004 on `name`, pointing at the first declaration when it is known:
 * `step "a" is declared twice in workflow "w"` (`verb`: `set` for a
 * property, `given` for an argument).
 */
export function reportDuplicate(
  name: Name,
  what: string,
  where: string,
  first: { path: string; name: Name } | undefined,
  sink: DiagnosticSink,
  verb = "declared",
): void {
  sink.report(
    "MF004",
    name.range,
    `${what} "${name.text}" is ${verb} twice${where}`,
    first
      ? {
          related: [
            {
              path: first.path,
              range: first.name.range,
              message: `"${name.text}" is first declared here`,
            },
          ],
        }
      : {},
  );
}
