/**
 * The type of a workflow value as written, for inlay hints and hover: a
 * literal's type, a param's declared type, what an earlier var holds, or a
 * built-in value's type. `any` when it cannot be told before the run.
 */
import {
  type Expression,
  type WorkflowDeclaration,
  declaredType,
  type ValueType,
} from "@momoflow/language";

/** Types of the built-in values (language.md §2). */
const BUILTIN_VALUES: Readonly<Record<string, ValueType>> = {
  "run.id": "string",
  "run.dir": "path",
  "workflow.name": "string",
  "workflow.dir": "path",
};

/** Vars referring to vars deeper than this are not followed (a cycle is an error anyway). */
const MAX_DEPTH = 32;

/** The type of `expr`, a value written in `workflow`. */
export function inferValueType(
  expr: Expression | undefined,
  workflow: WorkflowDeclaration,
  depth = 0,
): ValueType {
  if (!expr || depth > MAX_DEPTH) return "any";
  switch (expr.kind) {
    case "string":
      return "string";
    case "number":
      return expr.integer ? "int" : "number";
    case "duration":
    case "size":
    case "bool":
    case "list":
    case "map":
      return expr.kind;
    case "ref":
      return referenceType(
        (expr.segments ?? []).map((segment) => segment?.text ?? ""),
        workflow,
        depth,
      );
    default:
      return "any";
  }
}

/** The type of the reference `segments` (`target`, `env.HOME`, `run.dir`), written in `workflow`. */
export function referenceType(
  segments: readonly string[],
  workflow: WorkflowDeclaration,
  depth = 0,
): ValueType {
  const root = segments[0];
  if (root === undefined) return "any";
  if (segments.length === 2 && root === "env") return "string";
  if (segments.length === 2) return BUILTIN_VALUES[`${root}.${segments[1]!}`] ?? "any";
  if (segments.length !== 1) return "any";
  const member = (workflow.members ?? []).find(
    (m) => (m?.kind === "param" || m?.kind === "var") && m.name?.text === root,
  );
  if (member?.kind === "param") return declaredType(member);
  if (member?.kind === "var") return inferValueType(member.value, workflow, depth + 1);
  return "any";
}
