import { dirname, resolve } from "node:path";
import type { CommandDeclaration, Reference, WorkflowDeclaration } from "../ast";
import type { WorkflowContext } from "../../runtime/context";
import { CompileError } from "./compile-error";
import { evaluate } from "./evaluate";

/** Where references get their values. */
export interface ValueScope {
  /** The value of a reference; throws a {@link CompileError} saying which and where when there is none. */
  lookup(ref: Reference): unknown;
  /** The file the scope's declarations come from (for errors and relative paths). */
  readonly path: string;
}

/** The workflow being compiled, as `workflow.name` and `workflow.dir` give it. */
export interface WorkflowIdentity {
  readonly name: string;
  /** The absolute folder of the file that declares the workflow. */
  readonly dir: string;
}

/** The identity of workflow `name` declared in the file at `path`. */
export function workflowIdentity(name: string, path: string): WorkflowIdentity {
  return { name, dir: dirname(resolve(path)) };
}

/** Values every scope shares: `env.NAME`, `run.id`, `run.dir`, `workflow.name`, `workflow.dir`. */
function builtinValue(
  ref: Reference,
  context: WorkflowContext | undefined,
  workflow: WorkflowIdentity,
  path: string,
): unknown {
  const [root, second] = ref.segments.map((s) => s.text);
  if (root === "env" && second !== undefined) return (context?.env ?? process.env)[second] ?? "";
  if (root === "workflow" && second === "name") return workflow.name;
  if (root === "workflow" && second === "dir") return workflow.dir;
  if (root === "run" && (second === "id" || second === "dir")) {
    if (!context)
      throw new CompileError(
        `\`run.${second}\` is only known once the run starts`,
        path,
        ref.range,
      );
    return second === "id" ? context.runId : context.workingDirectory;
  }
  return NOT_BUILTIN;
}

const NOT_BUILTIN = Symbol("not a built-in value");

function text(ref: Reference): string {
  return ref.segments.map((s) => s.text).join(".");
}

/**
 * The scope of a workflow's run: its params (fixed when it is compiled), its
 * vars (computed once, in declaration order, when first needed), step
 * outputs, and the built-in values. Without a context (compile time) only
 * params, vars, `workflow.name` and `workflow.dir` are known.
 */
export class WorkflowScope implements ValueScope {
  private readonly vars = new Map<string, { index: number; value?: unknown; done: boolean }>();

  constructor(
    private readonly workflow: WorkflowDeclaration,
    private readonly params: ReadonlyMap<string, unknown>,
    readonly path: string,
    private readonly context: WorkflowContext | undefined,
  ) {
    workflow.vars.forEach((v, index) => {
      if (!this.vars.has(v.name.text)) this.vars.set(v.name.text, { index, done: false });
    });
  }

  lookup(ref: Reference): unknown {
    const [first, second, third] = ref.segments;
    if (!first) throw new CompileError("empty reference", this.path, ref.range);
    if (ref.segments.length === 1) {
      if (this.params.has(first.text)) return this.params.get(first.text);
      const v = this.vars.get(first.text);
      if (v) return this.varValue(first.text, v);
      throw new CompileError(
        `\`${first.text}\` is not a param or var of workflow \`${this.workflow.name.text}\``,
        this.path,
        ref.range,
      );
    }
    if (first.text === "steps" && second && third?.text === "output" && ref.segments.length === 3) {
      if (!this.context)
        throw new CompileError(
          `\`${text(ref)}\` is only known during the run`,
          this.path,
          ref.range,
        );
      if (!this.context.hasStepOutput(second.text)) {
        throw new CompileError(
          `step \`${second.text}\` has no output yet (does this step need it?)`,
          this.path,
          ref.range,
        );
      }
      return this.context.getStepOutput(second.text);
    }
    const value = builtinValue(
      ref,
      this.context,
      workflowIdentity(this.workflow.name.text, this.path),
      this.path,
    );
    if (value === NOT_BUILTIN)
      throw new CompileError(`unknown reference \`${text(ref)}\``, this.path, ref.range);
    return value;
  }

  private varValue(name: string, v: { index: number; value?: unknown; done: boolean }): unknown {
    if (!v.done) {
      const decl = this.workflow.vars[v.index]!;
      if (!decl.value)
        throw new CompileError(`var \`${name}\` has no value`, this.path, decl.name.range);
      v.value = evaluate(decl.value, this);
      v.done = true;
    }
    return v.value;
  }
}

/** The scope inside a command's body: its arguments and the built-in values. */
export class CommandScope implements ValueScope {
  constructor(
    private readonly command: CommandDeclaration,
    private readonly args: ReadonlyMap<string, unknown>,
    readonly path: string,
    private readonly context: WorkflowContext | undefined,
    private readonly workflow: WorkflowIdentity,
  ) {}

  lookup(ref: Reference): unknown {
    const [first] = ref.segments;
    if (ref.segments.length === 1 && first && this.args.has(first.text))
      return this.args.get(first.text);
    const value = builtinValue(ref, this.context, this.workflow, this.path);
    if (value === NOT_BUILTIN) {
      throw new CompileError(
        `\`${text(ref)}\` is not a parameter of command \`${this.command.name.text}\``,
        this.path,
        ref.range,
      );
    }
    return value;
  }
}
