/**
 * The workflow-level values a step reads: what, besides its own properties,
 * decides what it runs. A name in the step (`${n}`, `retries: n`, a call's
 * argument) reads that param or var; a var's value and a param's default read
 * the params and vars they name, and so on; and the step runs with its
 * workflow's `env:` variables set — the engine counts each of them in the
 * step's fingerprint, so a changed one runs it again on resume — except those
 * its own `env:` sets over them (unless that `env:` reads the workflow's value
 * with `env.NAME`). A workflow's variables read params and vars too. A step
 * that names no `shell:` reads its workflow's.
 * `env.NAME` in a param or var reads the process environment, nothing written
 * in the file.
 */
import type { Expression, Range, Reference, StepDeclaration, WorkflowDeclaration } from "../ast";
import { eachReference } from "../expression-references";
import { PROPERTY_TABLES } from "../check/property-tables";

/**
 * A declaration of the workflow a step reads: a param, a var, one variable of
 * its `env:`, or its `shell:` (the shell of a step that names none).
 */
export interface ReadDeclaration {
  kind: "param" | "var" | "env" | "shell";
  name: string;
  /** The whole declaration (`param n: int = 3`, `shell: "bash"`), or the `NAME: value` entry of `env:`. */
  range: Range;
}

/** What one value reads: the param or var names it uses, and the `env.NAME` names. */
interface Reads {
  values: Set<string>;
  env: Set<string>;
}

/** The step properties whose values name no params or vars (step ids, an output format). */
const NOT_VALUES = new Set(
  [...PROPERTY_TABLES.step.values()]
    .filter((spec) => spec.role.kind === "step-ids" || spec.role.kind === "output-format")
    .map((spec) => spec.name),
);

const NOTHING: ReadonlySet<string> = new Set();

/** The params, vars and `env:` variables of one workflow, and what each reads. */
export class WorkflowReads {
  /** Each param and var by name (the first of a name), as read, and what its value reads. */
  private readonly values = new Map<string, { read: ReadDeclaration; reads: Reads }>();
  /** Each variable of the workflow's `env:` by name, as read, and what its value reads. */
  private readonly env = new Map<string, { read: ReadDeclaration; reads: Reads }>();
  /** The workflow's `shell:`, the default of its steps. */
  private readonly shell: { read: ReadDeclaration; reads: Reads } | undefined;

  constructor(workflow: WorkflowDeclaration) {
    const members = [...(workflow.params ?? []), ...(workflow.vars ?? [])];
    for (const decl of members) {
      const name = decl?.name?.text;
      if (!name || this.values.has(name)) continue;
      const value = decl.kind === "param" ? decl.default : decl.value;
      const read: ReadDeclaration = { kind: decl.kind, name, range: decl.range };
      this.values.set(name, { read, reads: readsOf([value]) });
    }
    const envMap = workflow.properties?.find((p) => p?.name?.text === "env")?.value;
    if (envMap?.kind === "map") {
      for (const entry of envMap.entries ?? []) {
        const name = entry?.key?.text;
        if (!name || this.env.has(name)) continue;
        const read: ReadDeclaration = { kind: "env", name, range: entry.range };
        this.env.set(name, { read, reads: readsOf([entry.value]) });
      }
    }
    const shell = workflow.properties?.find((p) => p?.name?.text === "shell");
    if (shell?.range) {
      const read: ReadDeclaration = { kind: "shell", name: "shell", range: shell.range };
      this.shell = { read, reads: readsOf([shell.value]) };
    }
  }

  /**
   * The declarations `step` reads, directly or through others, in no
   * particular order: the same object for a declaration each time.
   */
  of(step: StepDeclaration): ReadDeclaration[] {
    const properties = step.properties ?? [];
    // Every name is taken; one that is no param or var (a fan-out's item, MF019) is looked up in vain below.
    const direct = readsOf(
      properties.filter((p) => !NOT_VALUES.has(p?.name?.text ?? "")).map((p) => p?.value),
    );
    // Its own `env:` sets variables over the workflow's, and reads the workflow's with `env.NAME`.
    const own = properties.find((p) => p?.name?.text === "env")?.value;
    const overridden = new Set(
      own?.kind === "map" ? (own.entries ?? []).map((e) => e?.key?.text) : [],
    );
    const readByOwn = own ? readsOf([own]).env : NOTHING;

    const read: ReadDeclaration[] = [];
    const pending = [...direct.values];
    for (const [name, { read: variable, reads }] of this.env) {
      if (overridden.has(name) && !readByOwn.has(name)) continue;
      read.push(variable);
      pending.push(...reads.values);
    }
    // A step that names no shell of its own runs its shell actions in the workflow's.
    if (this.shell && !properties.some((p) => p?.name?.text === "shell")) {
      read.push(this.shell.read);
      pending.push(...this.shell.reads.values);
    }
    const seen = new Set<string>();
    while (pending.length > 0) {
      const name = pending.pop()!;
      const value = this.values.get(name);
      if (seen.has(name) || !value) continue;
      seen.add(name);
      read.push(value.read);
      pending.push(...value.reads.values);
    }
    return read;
  }
}

/**
 * The names `exprs` read as values (a name that is no param or var of the
 * workflow is looked up in vain later) and the `env.NAME` names.
 */
function readsOf(exprs: readonly (Expression | undefined)[]): Reads {
  const reads: Reads = { values: new Set(), env: new Set() };
  for (const expr of exprs) readIn(expr, reads);
  return reads;
}

/** Adds what `expr` reads to `reads`: in code and in `${...}`, a call's arguments included. */
function readIn(expr: Expression | undefined, reads: Reads): void {
  eachReference(expr, (ref) => readRef(ref, reads));
}

/** `name` (a param or var), `env.NAME`; `steps.*`, `run.*` and `workflow.*` read neither. */
function readRef(ref: Reference | undefined, reads: Reads): void {
  const [first, second] = ref?.segments ?? [];
  if (!first?.text) return;
  if (second) {
    switch (first.text) {
      case "env":
        if (second.text) reads.env.add(second.text);
        return;
      case "steps":
      case "run":
      case "workflow":
        return;
    }
  }
  reads.values.add(first.text);
}
