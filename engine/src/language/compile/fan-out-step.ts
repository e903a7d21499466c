import { isAbsolute, relative, sep } from "node:path";
import type { WorkflowContext } from "../../runtime/context";
import { instanceId, type FanOut } from "../../runtime/fan-out";
import { globFiles } from "../../runtime/file-glob";
import { liveValue } from "../../runtime/recipe-reference";
import type { OutputPath, StepResult, WorkflowStep } from "../../runtime/step";
import { referenceText, type Expression, type StepDeclaration } from "../ast";
import { GLOB } from "../check/fan-out-check";
import { statusReads } from "../step-status-read";
import { stringText } from "../string-literal";
import { CompileError } from "./compile-error";
import { evaluate } from "./evaluate";
import { ItemScope } from "./item-scope";
import { LanguageStep, type StepRuntime, type StepSettings } from "./language-step";
import type { ValueScope } from "./value-lookup";

/** The settings of one instance that its item may change: read when the instance is made. */
export type InstanceSettings = Pick<StepSettings, "description" | "files">;

/** The parts of a fan-out step as written: the item's name and the items, and its actions. */
export interface FanOutParts {
  item: string;
  items: Expression;
  maxParallel: number | undefined;
  /**
   * The description and `inputs:`/`outputs:` of the instance of `item`.
   * @throws CompileError when a file is not a relative path.
   */
  instanceSettings(item: unknown): InstanceSettings;
  run: Expression;
  rollback: Expression | undefined;
  when: Expression | undefined;
  /**
   * The paths of the list of its instances' outputs that a call makes
   * secrets (see `WorkflowStep.secretOutput`): `[1, "token"]` is instance
   * 1's field `token`, `[]` every instance's whole output.
   */
  secretOutput?: readonly OutputPath[];
}

/**
 * A `step` with `for_each`: the engine asks it for its items when it is due
 * and runs one {@link LanguageStep} per item, `convert[0]`, `convert[1]`…,
 * with the item in scope under its name. The step itself has no effect of
 * its own (its instances have), so it is never undone or irreversible.
 */
export class FanOutStep implements WorkflowStep {
  readonly id: string;
  readonly description: string;
  readonly reversible = false;
  readonly effectFree = true;
  readonly needs: readonly string[];
  readonly continueOnError?: boolean;
  readonly runsOn?: string;
  readonly retryOnLostWorker?: boolean;
  readonly runsAfterFailure?: boolean;
  /** Paths of its output, the list of its instances' outputs (see {@link FanOutParts.secretOutput}). */
  readonly secretOutput?: readonly OutputPath[];
  readonly fanOut: FanOut;

  constructor(
    private readonly decl: StepDeclaration,
    private readonly settings: StepSettings,
    private readonly parts: FanOutParts,
    private readonly runtime: StepRuntime,
  ) {
    this.id = settings.id ?? decl.name.text;
    this.description = settings.description;
    this.needs = settings.needs;
    if (settings.continueOnError !== undefined) this.continueOnError = settings.continueOnError;
    if (settings.runsOn !== undefined) this.runsOn = settings.runsOn;
    if (settings.retryOnLostWorker) this.retryOnLostWorker = true;
    if (statusReads(parts.when).length > 0) this.runsAfterFailure = true;
    if (parts.secretOutput) this.secretOutput = parts.secretOutput;
    this.fanOut = {
      maxParallel: parts.maxParallel,
      source: expressionText(parts.items),
      // The scope binds a called workflow's arguments: a bad one fails the step as itself, not as its items.
      prepare: (context) => void this.runtime.scopeOf(context),
      items: (context) => this.items(context),
      instance: (index, item) => this.instance(index, item),
    };
  }

  execute(): Promise<StepResult> {
    return Promise.reject(
      new Error(`step "${this.id}" runs once per item (for_each): the engine runs its instances`),
    );
  }

  private items(context: WorkflowContext): unknown[] {
    return fanOutItems(this.parts.items, this.runtime.scopeOf(context).scope, context);
  }

  private instance(index: number, item: unknown): LanguageStep {
    const id = instanceId(this.id, index);
    const { parts } = this;
    // Its declaration keeps the step's name: its rollback reads `steps.<name>.output`, its own.
    // A called step's settings carry its id (`release/convert`): each instance needs its own.
    const settings: StepSettings = { ...this.settings, ...parts.instanceSettings(item), id };
    const secretOutput = this.secretOutput && instanceSecretOutput(this.secretOutput, index);
    if (secretOutput) settings.secretOutput = secretOutput;
    return new LanguageStep(
      this.decl,
      settings,
      parts.run,
      parts.rollback,
      parts.when,
      itemRuntime(this.runtime, parts.item, item, { step: this.decl.name.text, id }),
    );
  }
}

/**
 * The items of `for_each: <item> in <items>`, read in `scope` when the step
 * is due: a glob's files (sorted), or the list the expression gives.
 * @throws CompileError when they are no list, saying what they are.
 */
export function fanOutItems(
  items: Expression,
  scope: ValueScope,
  context: WorkflowContext,
): unknown[] {
  if (items.kind === "call" && items.callee.text === GLOB)
    return globItems(items, scope, context.workingDirectory);
  const value = liveValue(evaluate(items, scope));
  if (!Array.isArray(value)) {
    throw new CompileError(
      `for_each: ${expressionText(items)} is not a list: ${describe(value)}`,
      scope.path,
      items.range,
    );
  }
  return value;
}

/**
 * The paths of instance `index`'s output that a call makes secrets, from
 * those of its fan-out step's list (see {@link FanOutParts.secretOutput}):
 * the whole list is every instance's whole output, an item (`[1, …]`) is
 * instance 1's (the rest of the path inside it); undefined when the call
 * reads nothing of this instance. A path that names no item (a field of the
 * list, whose read fails) holds back every instance whole: nothing the
 * run does with it may show a value.
 */
export function instanceSecretOutput(
  paths: readonly OutputPath[],
  index: number,
): OutputPath[] | undefined {
  const own: OutputPath[] = [];
  for (const path of paths) {
    const [first, ...rest] = path;
    if (typeof first !== "number") own.push([]);
    else if (first === index) own.push(rest);
  }
  return own.length > 0 ? own : undefined;
}

/**
 * The step's runtime, with the item in every scope it gives, and the
 * instance's own output as `steps.<step>.output`.
 */
export function itemRuntime(
  runtime: StepRuntime,
  name: string,
  item: unknown,
  instance: { step: string; id: string },
): StepRuntime {
  return {
    registry: runtime.registry,
    scopeOf(context) {
      const { scope, env } = runtime.scopeOf(context);
      return { scope: new ItemScope(scope, name, item, { ...instance, context }), env };
    },
    recordingScopeOf(context) {
      const { scope, env } = runtime.recordingScopeOf(context);
      return { scope: new ItemScope(scope, name, item, { ...instance, context }), env };
    },
    environmentOf: (context) => runtime.environmentOf(context),
  };
}

/**
 * `glob("data/*.csv")`: the files it matches, sorted; relative to the working
 * directory, or absolute for an absolute pattern (`${workflow.dir}/data/*.csv`).
 */
function globItems(
  call: Extract<Expression, { kind: "call" }>,
  scope: ValueScope,
  workingDirectory: string,
): string[] {
  const arg = call.args[0]?.value;
  const pattern = arg === undefined ? undefined : liveValue(evaluate(arg, scope));
  if (typeof pattern !== "string" || pattern === "")
    throw new CompileError("glob(...) takes a pattern (a string)", scope.path, call.range);
  const files = globFiles(pattern, workingDirectory);
  return (
    isAbsolute(pattern)
      ? files
      : files.map((file) => relative(workingDirectory, file).split(sep).join("/"))
  ).sort();
}

/** The items as written, for messages and the reason of an empty list. */
export function expressionText(expr: Expression): string {
  switch (expr.kind) {
    case "ref":
      return referenceText(expr);
    case "call": {
      const arg = expr.args[0]?.value;
      return `${expr.callee.text}(${arg?.kind === "string" ? JSON.stringify(stringText(arg)) : "…"})`;
    }
    case "list":
      return "the list";
    default:
      return "the items";
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "it has no value";
  const text = JSON.stringify(value) ?? String(value);
  return `it is ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}
