import { isAbsolute, relative, sep } from "node:path";
import type { WorkflowContext } from "../../runtime/context";
import { instanceId, type FanOut } from "../../runtime/fan-out";
import { globFiles } from "../../runtime/file-glob";
import { liveValue } from "../../runtime/recipe-reference";
import type { StepResult, WorkflowStep } from "../../runtime/step";
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
    const { scope } = this.runtime.scopeOf(context);
    const items = this.parts.items;
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

  private instance(index: number, item: unknown): LanguageStep {
    const id = instanceId(this.id, index);
    const { parts } = this;
    // Its declaration keeps the step's name: its rollback reads `steps.<name>.output`, its own.
    // A called step's settings carry its id (`release/convert`): each instance needs its own.
    return new LanguageStep(
      this.decl,
      { ...this.settings, ...parts.instanceSettings(item), id },
      parts.run,
      parts.rollback,
      parts.when,
      itemRuntime(this.runtime, parts.item, item, { step: this.decl.name.text, id }),
    );
  }
}

/**
 * The step's runtime, with the item in every scope it gives, and the
 * instance's own output as `steps.<step>.output`.
 */
function itemRuntime(
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
function expressionText(expr: Expression): string {
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
