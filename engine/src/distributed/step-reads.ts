import type { Expression, Reference, StepDeclaration, WorkflowDeclaration } from "../language/ast";
import type { CheckResult } from "../language/scope";
import { CALL_SEPARATOR, workflowCallOf } from "../language/workflow-call";

/**
 * Which earlier steps each step of a run reads, by run id: what a job sends
 * to a worker of the steps before it, so that a job's size does not grow
 * with the run (each job carrying every earlier output made a long run cost
 * O(n²) bytes through Redis).
 *
 * Found from the syntax tree, as the compiler reads it:
 * - every `steps.<id>.…` a step's properties name — `run` (its arguments and
 *   interpolations), `rollback`, `env`, `workdir`, … — `output`, `outputs`,
 *   a field of either, or `status`; reading the status of a step that calls
 *   a workflow reads the statuses of the steps it called too. Not `when` nor
 *   `for_each`: the scheduler evaluates those;
 * - a called workflow's step also reads what its call's arguments read (its
 *   params are bound from them), through every call around it;
 * - a step that calls a workflow has the output of the called workflow's
 *   last step;
 * - a step whose action may run JavaScript — `js()`, or a command declared in
 *   a `.momoflow` file (its body may be `js()`) — also gets the steps it
 *   `needs` directly: its function may read them through its context
 *   (docs/language.md, "JavaScript actions", says so for users).
 *
 * A fan-out's instance (`convert[2]`) reads what its step does.
 */
export class StepReads {
  private constructor(
    private readonly reads: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly ids: readonly string[],
  ) {}

  /**
   * The reads of every step of `workflow` in a checked file; `steps` are
   * the compiled workflow's (their run ids and needs: a called workflow's
   * root steps need what their calling step needs).
   */
  static of(
    check: CheckResult,
    workflow: string,
    steps: readonly { id: string; needs?: readonly string[] }[],
  ): StepReads {
    const ids = steps.map((s) => s.id);
    const needs = new Map(steps.map((s) => [s.id, s.needs ?? []]));
    const reads = new Map<string, Set<string>>();
    const decl = check.scope.workflows.get(workflow)?.decl;
    if (decl) new UnitWalk(check, ids, needs, reads).unit(decl, "", new Set(), [workflow]);
    return new StepReads(reads, ids);
  }

  /**
   * The run ids of the steps `stepId` may read; every step of the run when
   * the walk did not reach it (never less than it reads).
   */
  of(stepId: string): Iterable<string> {
    return this.reads.get(stepId) ?? this.instanceReads(stepId) ?? this.ids;
  }

  /**
   * What an instance reads: a fan-out's (`convert[2]`) what its step does;
   * a step of a call made per item (`deploy[0]/tag`, the instance
   * `deploy[0]` joining it, a nested `deploy[0]/parts[1]`) what the walk
   * found for it as `deploy[*]/tag`, each step of the same instance named
   * as the run names it (`deploy[*]/bump` → `deploy[0]/bump`).
   */
  private instanceReads(stepId: string): Iterable<string> | undefined {
    // Each instance index that a `/` follows (or that ends the id), with the prefix up to it.
    const instances: { any: string; own: string }[] = [];
    let template = "";
    let from = 0;
    for (const match of stepId.matchAll(/\[\d+\](?=\/|$)/g)) {
      template += stepId.slice(from, match.index) + ANY_INSTANCE;
      from = match.index + match[0].length;
      instances.push({ any: template, own: stepId.slice(0, from) });
    }
    if (instances.length === 0) return undefined;
    template += stepId.slice(from);
    // An instance of a `for_each` step of the called workflow reads what its step does.
    const found =
      this.reads.get(template) ??
      (template.endsWith(ANY_INSTANCE)
        ? this.reads.get(template.slice(0, -ANY_INSTANCE.length))
        : undefined);
    if (!found) return undefined;
    return [...found].map((id) => {
      for (let k = instances.length - 1; k >= 0; k--) {
        const { any, own } = instances[k]!;
        if (id.startsWith(any + CALL_SEPARATOR)) return own + id.slice(any.length);
      }
      return id;
    });
  }
}

/** Stands for the instance in the ids of a call made per item, as the walk names its steps: `deploy[*]/bump`. */
const ANY_INSTANCE = "[*]";

/**
 * Properties the scheduler evaluates, never a worker: a step's condition, and
 * a fan-out's items (each instance's job carries its item).
 */
const ON_SCHEDULER: ReadonlySet<string> = new Set(["when", "for_each"]);

/** A walk over a workflow and the workflows its steps call, as the compiler unfolds them. */
class UnitWalk {
  constructor(
    private readonly check: CheckResult,
    private readonly ids: readonly string[],
    private readonly needs: ReadonlyMap<string, readonly string[]>,
    private readonly reads: Map<string, Set<string>>,
  ) {}

  /**
   * The steps of one workflow unit, their ids prefixed (`release/`);
   * `inherited` is what every one of them reads through the calls around it.
   */
  unit(
    decl: WorkflowDeclaration,
    prefix: string,
    inherited: ReadonlySet<string>,
    callers: readonly string[],
  ): void {
    for (const step of decl.steps) {
      const id = prefix + step.name.text;
      const call = workflowCallOf(step);
      const callee = call && this.check.scope.workflows.get(call.callee.text);
      if (call && callee && !callers.includes(callee.name)) {
        // Its params are its call's arguments: each called step reads what they read.
        const args = new Set(inherited);
        for (const arg of call.args) this.expression(arg.value, prefix, args);
        // A call made per item: its steps read as `deploy[*]/bump` (see `StepReads.of`).
        const perItem = step.properties.some((p) => p.name.text === "for_each");
        const caller = perItem ? id + ANY_INSTANCE : id;
        const calledPrefix = caller + CALL_SEPARATOR;
        this.unit(callee.decl, calledPrefix, args, [...callers, callee.name]);
        // The calling step itself only hands on the output of the call's last step.
        const last = callee.decl.steps.at(-1);
        this.reads.set(caller, new Set(last ? [calledPrefix + last.name.text] : []));
        // The fan-out step gathers its instances' outputs where it runs, on the scheduler.
        if (perItem) this.reads.set(id, new Set());
        continue;
      }
      const own = new Set(inherited);
      for (const property of step.properties)
        if (!ON_SCHEDULER.has(property.name.text)) this.expression(property.value, prefix, own);
      if (this.mayRunCode(step)) for (const need of this.needs.get(id) ?? []) own.add(need);
      own.delete(id);
      this.reads.set(id, own);
    }
  }

  /** Adds the run ids of the steps `expr` reads, its names resolved in the unit of `prefix`. */
  private expression(expr: Expression | undefined, prefix: string, into: Set<string>): void {
    if (!expr) return;
    switch (expr.kind) {
      case "ref":
        return this.reference(expr, prefix, into);
      case "string":
        for (const part of expr.parts)
          if (part.kind === "interpolation" && part.ref) this.reference(part.ref, prefix, into);
        return;
      case "call":
        for (const arg of expr.args) this.expression(arg.value, prefix, into);
        return;
      case "list":
        for (const item of expr.items) this.expression(item, prefix, into);
        return;
      case "map":
        for (const entry of expr.entries) this.expression(entry.value, prefix, into);
        return;
      case "binary":
        this.expression(expr.left, prefix, into);
        return this.expression(expr.right, prefix, into);
      case "not":
        return this.expression(expr.operand, prefix, into);
      default:
        return;
    }
  }

  private reference(ref: Reference, prefix: string, into: Set<string>): void {
    const [root, step, field] = ref.segments;
    if (root?.text !== "steps" || !step || !field || step.index !== undefined) return;
    const id = prefix + step.text;
    into.add(id);
    // A calling step's status is the aggregate of the steps it called.
    if (field.text === "status")
      for (const other of this.ids) if (other.startsWith(id + CALL_SEPARATOR)) into.add(other);
  }

  /** Its action is `js()`, or a command declared in a file (whose body may be `js()`). */
  private mayRunCode(step: StepDeclaration): boolean {
    const run = step.properties.find((p) => p.name.text === "run")?.value;
    if (run?.kind !== "call") return false;
    if (run.callee.text === "js") return true;
    return this.check.scope.commands.get(run.callee.text)?.kind !== "builtin";
  }
}
