/**
 * The commands and workflows of a file that a step calls: what the step runs
 * is written in them too. A step's `run:` or `rollback:` that calls a command
 * declared in the file runs that command's actions (and those of the commands
 * it calls in turn); one that calls a workflow of the file runs its steps.
 * Editing any of them changes what the step runs, so its definition (see
 * step-definition.ts) names each with a digest of its text as written,
 * comments left out: the outline stays small however large a called workflow.
 * Commands and workflows of imported files are not read (the outline reads
 * one file's syntax tree).
 */
import { createHash } from "node:crypto";
import type {
  CallExpression,
  CommandDeclaration,
  Property,
  SourceFile,
  StepDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";
import { type DefinitionSource, withoutComments } from "./step-definition";

/** The properties that hold what a step or command runs. */
const ACTIONS = new Set(["run", "rollback"]);

type Called = CommandDeclaration | WorkflowDeclaration;

/** The calls of one file's steps, commands and workflows, with a digest per declaration called. */
export class CalledDeclarations {
  private readonly commands = new Map<string, CommandDeclaration>();
  private readonly workflows = new Map<string, WorkflowDeclaration>();
  /** Each declaration's line, made once: every step that calls it asks. */
  private readonly lines = new Map<Called, string>();

  constructor(
    file: SourceFile,
    private readonly source: DefinitionSource,
  ) {
    // The first of a name, as the checker keeps it (a second is MF004).
    for (const c of file.commands ?? []) {
      const name = c?.name?.text;
      if (name && !this.commands.has(name)) this.commands.set(name, c);
    }
    for (const w of file.workflows ?? []) {
      const name = w?.name?.text;
      if (name && !this.workflows.has(name)) this.workflows.set(name, w);
    }
  }

  /**
   * One line per declaration of the file that `step` calls, directly or
   * through what it calls (`command deploy 1f3a…`, `workflow release 9c0e…`),
   * in no particular order.
   */
  of(step: StepDeclaration): string[] {
    const found: string[] = [];
    const seen = new Set<Called>();
    const pending = callsIn(step.properties);
    while (pending.length > 0) {
      const call = pending.pop()!;
      const name = call.callee?.text ?? "";
      const called = call.workflow ? this.workflows.get(name) : this.commands.get(name);
      if (!called || seen.has(called)) continue;
      seen.add(called);
      found.push(this.lineOf(called));
      pending.push(...callsOf(called));
    }
    return found;
  }

  private lineOf(called: Called): string {
    let line = this.lines.get(called);
    if (line === undefined) {
      const digest = createHash("sha1")
        .update(withoutComments(this.source, called.range))
        .digest("hex")
        .slice(0, 16);
      line = `${called.kind} ${called.name.text} ${digest}`;
      this.lines.set(called, line);
    }
    return line;
  }
}

/** The calls a command's actions make, or those of a workflow's steps. */
function callsOf(called: Called): CallExpression[] {
  if (called.kind === "command") return callsIn(called.properties);
  return (called.steps ?? []).flatMap((step) => (step ? callsIn(step.properties) : []));
}

/** The calls in the `run:` and `rollback:` of `properties`. */
function callsIn(properties: readonly Property[] | undefined): CallExpression[] {
  const calls: CallExpression[] = [];
  for (const property of properties ?? []) {
    const value = property?.value;
    if (value?.kind === "call" && ACTIONS.has(property.name?.text ?? "")) calls.push(value);
  }
  return calls;
}
