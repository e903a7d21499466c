/**
 * Reads of a value a workflow is given, checked before the run (language.md
 * § Items and fields of params and vars): a `test`'s `params` and a call's
 * arguments (`run: workflow report(samples: [a, b])`) write the value out,
 * so an item past its list or a field its map does not have is known
 * before the run — when the workflow reads it on every run: in a workflow
 * property, in a step's setting read before the run (`timeout`, `retries`…),
 * in the `when` of a step, in the rest of a step without a `when` (its
 * `for_each` only, for a fan-out step), and in a var such a read reads. A
 * read that a `when` guards, and a step's `rollback`, may never happen:
 * nothing is said of them. MF008 goes on the value given, naming the read,
 * which comes with it as related information.
 */
import {
  referenceText,
  type Expression,
  type Property,
  type Range,
  type Reference,
  type StepDeclaration,
  type WorkflowDeclaration,
} from "../ast";
import type { WorkflowSymbol } from "../scope";
import { readWrittenPath, type WrittenRead, type WrittenValueOf } from "../written-path";
import { declaredType } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { PROPERTY_TABLES } from "./property-tables";

/** A value given to a param of the workflow, as written where it is given. */
export interface GivenValue {
  /** The value, with no reference left that only the giver's scope knows (see {@link givenValue}). */
  value: Expression;
  /** Where MF008 goes: the value as written by the giver. */
  range: Range;
}

/** A reference the workflow reads on every run, and the step it is in (none: a workflow property or var). */
interface SureRead {
  ref: Reference;
  step: string | undefined;
}

/** The roots that name built-in values, never a param or var. */
const BUILT_IN_ROOTS: ReadonlySet<string> = new Set(["steps", "env", "run", "workflow"]);

/** Step properties read only in an undo, or naming no values. */
const NOT_READ_EACH_RUN: ReadonlySet<string> = new Set([
  "rollback",
  "description",
  "needs",
  "output",
]);

/** Each workflow's sure reads by the name they start with: a call looks at its params' alone. */
const sureReadsMemo = new WeakMap<WorkflowDeclaration, ReadonlyMap<string, readonly SureRead[]>>();

/**
 * MF008 on each value of `given` (by param name) that a sure read of
 * `workflow` finds no item or field in, where a check of the workflow on
 * its own (a var's value written out) says nothing of that read already.
 */
export function checkGivenValueReads(
  workflow: WorkflowSymbol,
  given: ReadonlyMap<string, GivenValue>,
  sink: DiagnosticSink,
): void {
  if (given.size === 0) return;
  const decl = workflow.decl;
  const vars = new Map<string, Expression>();
  const params = new Map<string, string>();
  for (const v of decl.vars ?? []) if (v?.name?.text && v.value) vars.set(v.name.text, v.value);
  for (const p of decl.params ?? []) if (p?.name?.text) params.set(p.name.text, declaredType(p));
  const own: WrittenValueOf = (name) => vars.get(name);
  const withGiven: WrittenValueOf = (name) => vars.get(name) ?? given.get(name)?.value;
  const reported = new Set<string>();
  const byRoot = sureReads(decl);
  // The reads of the params given, and of the vars that read one of them.
  const roots = [...given.keys(), ...[...vars.keys()].filter((v) => givenParamOf(v, given, vars))];
  for (const { ref, step } of roots.flatMap((root) => byRoot.get(root) ?? [])) {
    const [root, ...path] = ref.segments ?? [];
    if (!root?.text || path.length === 0) continue;
    const read = (writtenOf: WrittenValueOf): WrittenRead | undefined => {
      const value = writtenOf(root.text);
      return value && readWrittenPath(value, [root], path, writtenOf);
    };
    const found = read(withGiven);
    if (found?.kind !== "missing" || read(own)?.kind === "missing") continue;
    // The given value whose part is missing: the root's, or the one a var reads it through.
    const param = givenParamOf(root.text, given, vars);
    const target = param && given.get(param);
    if (!param || !target || !fitsDeclaredType(target.value, params.get(param))) continue;
    const where = step === undefined ? "" : ` in step "${step}"`;
    const key = `${param}\u0000${found.message}`;
    if (reported.has(key)) continue;
    reported.add(key);
    sink.report(
      "MF008",
      target.range,
      `${found.message}, and workflow "${workflow.name}" reads ${referenceText(ref)}${where} on every run`,
      {
        related: [
          {
            path: workflow.path,
            range: found.segment.range,
            message: `the read of ${referenceText(ref)}`,
          },
        ],
      },
    );
  }
}

/**
 * `value` as given at `range`, its references read in the giver's scope
 * (`writtenOf`: a caller's vars written out) down to what is written out;
 * one known only in the run becomes a value of nothing known, so a list
 * still has its items (`[region, "us"]` has 2) but not what `region` is.
 */
export function givenValue(
  value: Expression,
  range: Range,
  writtenOf: WrittenValueOf = () => undefined,
): GivenValue {
  return { value: known(value, writtenOf), range };
}

function known(value: Expression, writtenOf: WrittenValueOf, depth = 0): Expression {
  // A value nests at most 64 levels; a var set to itself ends here too.
  if (depth > 64) return unknownValue(value.range);
  switch (value.kind) {
    case "ref": {
      const read = readWrittenPath(value, [], [], writtenOf);
      return read.kind === "found" && read.value !== value
        ? known(read.value, writtenOf, depth + 1)
        : unknownValue(value.range);
    }
    case "list":
      return { ...value, items: value.items.map((item) => known(item, writtenOf, depth + 1)) };
    case "map":
      return {
        ...value,
        entries: value.entries.map((entry) => ({
          ...entry,
          value: entry.value && known(entry.value, writtenOf, depth + 1),
        })),
      };
    default:
      return value;
  }
}

/** A value known only in the run: a reference to nothing, which a written path reads as unknown. */
function unknownValue(range: Range): Expression {
  return { kind: "ref", segments: [], range };
}

/** The given param `name` is, or that the var `name` reads through other vars. */
function givenParamOf(
  name: string,
  given: ReadonlyMap<string, GivenValue>,
  vars: ReadonlyMap<string, Expression>,
  seen: Set<string> = new Set(),
): string | undefined {
  if (given.has(name)) return name;
  const value = vars.get(name);
  if (!value || value.kind !== "ref" || seen.has(name)) return undefined;
  seen.add(name);
  const root = value.segments?.[0]?.text;
  return root === undefined ? undefined : givenParamOf(root, given, vars, seen);
}

/** A value of another kind than its param's type is MF007 already: nothing more of it. */
function fitsDeclaredType(value: Expression, type: string | undefined): boolean {
  if (type === "list") return value.kind === "list";
  if (type === "map") return value.kind === "map";
  return type === "any";
}

/**
 * The references `workflow` reads on every run that gets to them: those of
 * its properties, of each step's settings read before the run, of the
 * `when` of a step, of the rest of a step without one (of a fan-out step,
 * its `for_each`), and of each var such a reference reads.
 */
function sureReads(workflow: WorkflowDeclaration): ReadonlyMap<string, readonly SureRead[]> {
  const memo = sureReadsMemo.get(workflow);
  if (memo) return memo;
  const reads: SureRead[] = [];
  for (const property of workflow.properties ?? []) referencesIn(property?.value, undefined, reads);
  for (const step of workflow.steps ?? []) {
    const name = step?.name?.text;
    if (!step || !name) continue;
    for (const property of surelyReadProperties(step)) referencesIn(property.value, name, reads);
  }
  const vars = new Map<string, Expression>();
  for (const v of workflow.vars ?? []) if (v?.name?.text && v.value) vars.set(v.name.text, v.value);
  const computed = new Set<string>();
  for (let i = 0; i < reads.length; i++) {
    const root = reads[i]!.ref.segments?.[0]?.text;
    const value = root === undefined ? undefined : vars.get(root);
    if (!value || computed.has(root!)) continue;
    // A var is computed where it is first read: what it reads is read then.
    computed.add(root!);
    referencesIn(value, reads[i]!.step, reads);
  }
  const byRoot = new Map<string, SureRead[]>();
  for (const read of reads) {
    const root = read.ref.segments[0]!.text;
    const same = byRoot.get(root);
    if (same) same.push(read);
    else byRoot.set(root, [read]);
  }
  sureReadsMemo.set(workflow, byRoot);
  return byRoot;
}

/** The properties of `step` whose values every run that reaches the step reads. */
function surelyReadProperties(step: StepDeclaration): Property[] {
  const properties = (step.properties ?? []).filter((p): p is Property => !!p?.name?.text);
  const guarded = properties.some((p) => p.name.text === "when");
  const fansOut = properties.some((p) => p.name.text === "for_each");
  const table = PROPERTY_TABLES.step;
  return properties.filter((p) => {
    const key = p.name.text;
    const spec = table.get(key);
    if (!spec || NOT_READ_EACH_RUN.has(key)) return false;
    if (spec.readBeforeRun && !spec.perInstance) return true;
    if (key === "when") return true;
    if (guarded) return false;
    return !fansOut || key === "for_each";
  });
}

/** Adds each reference `expr` holds (in code and in `${...}`) to `into`, but the built-in roots'. */
function referencesIn(
  expr: Expression | undefined,
  step: string | undefined,
  into: SureRead[],
): void {
  const add = (ref: Reference | undefined): void => {
    const root = ref?.segments?.[0]?.text;
    if (ref && root && !BUILT_IN_ROOTS.has(root)) into.push({ ref, step });
  };
  switch (expr?.kind) {
    case "ref":
      add(expr);
      return;
    case "string":
      for (const part of expr.parts ?? []) if (part?.kind === "interpolation") add(part.ref);
      return;
    case "list":
      for (const item of expr.items ?? []) referencesIn(item, step, into);
      return;
    case "map":
      for (const entry of expr.entries ?? []) referencesIn(entry?.value, step, into);
      return;
    case "binary":
      referencesIn(expr.left, step, into);
      referencesIn(expr.right, step, into);
      return;
    case "not":
      referencesIn(expr.operand, step, into);
      return;
    case "call":
      for (const arg of expr.args ?? []) referencesIn(arg?.value, step, into);
      return;
    default:
      return;
  }
}
