import { dirname, resolve } from "node:path";
import {
  referenceText,
  type CommandDeclaration,
  type Reference,
  type WorkflowDeclaration,
} from "../ast";
import type { WorkflowContext } from "../../runtime/context";
import { StepStatus } from "../../runtime/status";
import { holdsReference, RecipeReference } from "../../runtime/recipe-reference";
import { CompileError } from "./compile-error";
import { evaluate } from "./evaluate";
import { readOutputPath } from "./output-path";
import { readValuePath } from "./value-path";
import type { ValueScope } from "./value-lookup";

export type { ValueScope } from "./value-lookup";

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

/** How the params of a workflow were bound, for a scope that records references. */
export interface ParamSources {
  /** Declared `secret`. */
  readonly secret: ReadonlySet<string>;
  /** Not given: they took their default (which may read the environment). */
  readonly fromDefault: ReadonlySet<string>;
  /**
   * For a called workflow, the run's prefix of its steps (`release/`,
   * `deploy[0]/`): a secret param whose value the record cannot name in the
   * run's own terms is kept as `param.release/key`, its own name in the
   * call, never as a name the run's params (or another call's) may have.
   */
  readonly call?: string;
}

/**
 * How the step names a workflow's references use map to the run's step ids:
 * a called workflow's steps are prefixed (`release/bump`), and a step that
 * calls a workflow has the status of what it called.
 */
export interface StepNaming {
  /** The run's id of the workflow's step `name`. */
  idOf(name: string): string;
  /** The status of step `name` when it calls a workflow (see workflow-call.ts); undefined for any other step. */
  callStatus(name: string, context: WorkflowContext): StepStatus | undefined;
  /**
   * Why step `name`, a call that ended, has no output: the called workflow's
   * last step (followed through nested calls) did not give one. Undefined
   * for any other step.
   */
  callOutputMissing(name: string, context: WorkflowContext): string | undefined;
}

/**
 * Values every scope shares: `env.NAME`, `run.id`, `run.dir`, `workflow.name`,
 * `workflow.dir`. With `recording`, `env.NAME` is a reference the undo resolves.
 */
function builtinValue(
  ref: Reference,
  context: WorkflowContext | undefined,
  workflow: WorkflowIdentity,
  path: string,
  recording: boolean,
  environment?: Readonly<Record<string, string | undefined>>,
): unknown {
  const [root, second] = ref.segments.map((s) => s.text);
  if (root === "env" && second !== undefined) {
    const value = (environment ?? context?.env ?? process.env)[second] ?? "";
    return recording ? new RecipeReference(`env.${second}`, value) : value;
  }
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

/** The roots whose fields are built-in values; a param or var cannot be named as one (MF004). */
const BUILTIN_ROOTS: ReadonlySet<string> = new Set(["env", "run", "workflow", "steps"]);

/**
 * The scope of a workflow's run: its params (fixed when it is compiled), its
 * vars (computed once, in declaration order, when first needed), step
 * outputs, and the built-in values. Without a context (compile time) only
 * params, vars, `workflow.name` and `workflow.dir` are known.
 *
 * A scope given `recording` resolves an undo recipe for the run record: what
 * comes from the environment (also through a param's default or a var) and
 * secret params given to the run stay references (`RecipeReference`), so the
 * record holds `env.TOKEN`, not its value.
 */
export class WorkflowScope implements ValueScope {
  private readonly vars = new Map<string, { index: number; value?: unknown; done: boolean }>();

  constructor(
    private readonly workflow: WorkflowDeclaration,
    private readonly params: ReadonlyMap<string, unknown>,
    readonly path: string,
    private readonly context: WorkflowContext | undefined,
    private readonly recording?: ParamSources,
    /** Set for a workflow that calls or is called by another: its step ids in the run. */
    private readonly naming?: StepNaming,
  ) {
    workflow.vars.forEach((v, index) => {
      if (!this.vars.has(v.name.text)) this.vars.set(v.name.text, { index, done: false });
    });
  }

  lookup(ref: Reference): unknown {
    const [first, second, third] = ref.segments;
    if (!first) throw new CompileError("empty reference", this.path, ref.range);
    if (ref.segments.length === 1 || !BUILTIN_ROOTS.has(first.text)) {
      const v = this.vars.get(first.text);
      if (this.params.has(first.text) || v) {
        const value = this.params.has(first.text)
          ? this.paramValue(first.text)
          : this.varValue(first.text, v!);
        return readValuePath(value, ref, this.path);
      }
      throw new CompileError(
        `\`${first.text}\` is not a param or var of workflow \`${this.workflow.name.text}\``,
        this.path,
        ref.range,
      );
    }
    if (first.text === "steps" && second && third?.text === "status" && ref.segments.length === 3) {
      if (!this.context)
        throw new CompileError(
          `\`${referenceText(ref)}\` is only known during the run`,
          this.path,
          ref.range,
        );
      if (!this.naming) return this.context.getStepStatus(second.text);
      return (
        this.naming.callStatus(second.text, this.context) ??
        this.context.getStepStatus(this.naming.idOf(second.text))
      );
    }
    // A fan-out step's `outputs` is its output: the list of its instances' outputs.
    if (
      first.text === "steps" &&
      second &&
      (third?.text === "output" || third?.text === "outputs")
    ) {
      if (!this.context)
        throw new CompileError(
          `\`${referenceText(ref)}\` is only known during the run`,
          this.path,
          ref.range,
        );
      const id = this.naming ? this.naming.idOf(second.text) : second.text;
      if (!this.context.hasStepOutput(id)) {
        const status =
          this.naming?.callStatus(second.text, this.context) ?? this.context.getStepStatus(id);
        // A call that ended without an output: its called workflow's last step says why.
        const reason =
          (status === StepStatus.SUCCESS &&
            this.naming?.callOutputMissing(second.text, this.context)) ||
          undefined;
        throw new CompileError(
          `step \`${second.text}\` has no output${reason ? `: ${reason}` : missingOutputReason(status)}`,
          this.path,
          ref.range,
        );
      }
      const output = this.context.getStepOutput(id);
      if (ref.segments.length === 3) return output;
      return readOutputPath(output, ref.segments.slice(0, 3), ref.segments.slice(3), {
        path: this.path,
        range: ref.range,
      });
    }
    const value = builtinValue(
      ref,
      this.context,
      workflowIdentity(this.workflow.name.text, this.path),
      this.path,
      this.recording !== undefined,
    );
    if (value === NOT_BUILTIN)
      throw new CompileError(`unknown reference \`${referenceText(ref)}\``, this.path, ref.range);
    return value;
  }

  origin(name: string): string | undefined {
    if (this.params.has(name)) return `param \`${name}\``;
    return this.vars.has(name) ? `var \`${name}\`` : undefined;
  }

  /** A param's value; recording, its default again (it may read the environment) or a reference to a secret. */
  private paramValue(name: string): unknown {
    const value = this.params.get(name);
    const sources = this.recording;
    if (!sources) return value;
    const decl = this.workflow.params.find((p) => p.name.text === name);
    if (sources.fromDefault.has(name) && decl?.default) return evaluate(decl.default, this);
    if (!sources.secret.has(name)) return value;
    // A called workflow's secret given what the caller's record reads (its own
    // secret, `env.NAME`, a text made of them): that, in the run's own terms.
    if (holdsReference(value)) return value;
    // Else (a step's output, masked in the record) the call's own name for it:
    // `param.<name>` would name the run's param of that name, if any, and the
    // undo after a crash would get another value.
    return new RecipeReference(`param.${sources.call ?? ""}${name}`, String(value));
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
    /** Resolves an undo recipe for the record: environment values stay references. */
    private readonly recording = false,
    /** What `env.NAME` reads when the step sets variables of its own (`env:`): the effective environment. */
    private readonly environment?: Readonly<Record<string, string | undefined>>,
  ) {}

  lookup(ref: Reference): unknown {
    const [first] = ref.segments;
    if (
      first &&
      this.args.has(first.text) &&
      (ref.segments.length === 1 || !BUILTIN_ROOTS.has(first.text))
    )
      return readValuePath(this.args.get(first.text), ref, this.path);
    const value = builtinValue(
      ref,
      this.context,
      this.workflow,
      this.path,
      this.recording,
      this.environment,
    );
    if (value === NOT_BUILTIN) {
      throw new CompileError(
        `\`${referenceText(ref)}\` is not a parameter of command \`${this.command.name.text}\``,
        this.path,
        ref.range,
      );
    }
    return value;
  }

  origin(name: string): string | undefined {
    return this.args.has(name)
      ? `parameter \`${name}\` of command \`${this.command.name.text}\``
      : undefined;
  }
}

/**
 * Why a step has no output to read: not there yet when it has not ended (the
 * reader may not need it), else how it ended — a skipped or failed need is
 * the usual reason, and "does this step need it?" would mislead there.
 */
function missingOutputReason(status: string): string {
  if (status === "pending" || status === "running") return " yet (does this step need it?)";
  return status === "success" ? "" : `: it ended ${status}`;
}
