import { declaresJsonOutput } from "../output-format";
import type { ParamType } from "../../commands/command";
import { getCommandRegistry, type CommandRegistry } from "../../commands/registry";
import { stepFiles } from "./step-file-patterns";
import { isShellName, shellNamesText, type ShellName } from "../../commands/shell-choice";
import { WorkflowDefinition } from "../../runtime/definition";
import { undoEffect } from "../action-effect";
import type { Expression, Property, StepDeclaration, WorkflowDeclaration } from "../ast";
import { nearestNames } from "../edit-distance";
import type { CheckResult, ParsedDocument, WorkflowSymbol } from "../scope";
import { stepDefinitionDigests } from "../definition/step-definition-digests";
import { CompileError } from "./compile-error";
import { evaluate } from "./evaluate";
import { FanOutStep, type FanOutParts, type InstanceSettings } from "./fan-out-step";
import { ItemScope } from "./item-scope";
import { readsName } from "./name-read";
import { stepPlacement } from "./step-placement";
import { environmentMap, workflowRuntime } from "./workflow-runtime";
import { LanguageStep, type StepSettings } from "./language-step";
import { QUEUE_NAME_PATTERN, type WorkflowStep } from "../../runtime/step";
import { parseParamText } from "./param-values";
import type { ActionEnvironment } from "./resolve-action";
import { secretParamVariable } from "../../runtime/secret-param-source";
import { valueText } from "./value-text";
import { shortSecretProblem } from "./secret-length";
import { howToGiveParam, type ParamsGivenIn } from "./params-given-in";
import { environmentReads } from "./environment-reads";
import { positiveDuration } from "./positive-duration";
import { commandDeadline } from "./command-deadline";
import { ParamProblems } from "./param-problems";
import { boundedSetting } from "./bounded-setting";
import { WorkflowScope, workflowIdentity, type ParamSources, type ValueScope } from "./value-scope";
import { secretOutputReads } from "./secret-output-reads";
import { UnitNaming, unitSteps, type StepCompiler, type WorkflowUnit } from "./workflow-call";

/** Options of {@link compileWorkflow}. */
export interface CompileOptions {
  /** The workflow to compile; optional when the file declares exactly one. */
  workflow?: string;
  /** Params given as text (`--param n=3`), typed by their declarations. */
  paramText?: Record<string, string>;
  /** Params given as values (a test's `params` map). */
  params?: Record<string, unknown>;
  /** Where the params are given, which a message on a missing or empty one names; default: the command line. */
  paramsGivenIn?: ParamsGivenIn;
  registry?: CommandRegistry;
  /**
   * Where a `secret` param not given above is looked for
   * (`MOMOFLOW_PARAM_<NAME>`) and what `env.NAME` in a param's default reads.
   * Default: `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Reads a file as the check did (the workflow's own and those it imports):
   * when given, the definition carries the digest of what each step runs as
   * written (`stepDefinitions`), which its run record keeps for an editor to
   * tell later whether the steps changed since (`momoflow run` gives it).
   */
  parse?: (path: string) => ParsedDocument | undefined;
}

/**
 * Compiles a checked `.momoflow` workflow into the engine's
 * {@link WorkflowDefinition}: params bound (typed, defaults applied), steps
 * with their actions, conditions and settings. The values of `secret` params
 * become the definition's `secrets`: masked wherever the run writes.
 *
 * @throws CompileError when the file has errors, the workflow is unknown or
 *   ambiguous, or a param is unknown, missing or of the wrong type.
 */
export function compileWorkflow(
  check: CheckResult,
  options: CompileOptions = {},
): WorkflowDefinition {
  const errors = check.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new CompileError(
      `has ${errors.length} error(s); run \`momoflow check\` to see them`,
      check.document.path,
    );
  }
  const symbol = pickWorkflow(check, options.workflow);
  const decl = symbol.decl;
  const registry = options.registry ?? getCommandRegistry();
  const { values: params, sources } = bindParams(decl, symbol.path, options);
  const staticScope = new WorkflowScope(decl, params, symbol.path, undefined);
  const env: ActionEnvironment = {
    commands: check.scope.commands,
    registry,
    context: undefined,
    workflow: workflowIdentity(decl.name.text, symbol.path),
  };

  // Set only when a step calls a workflow: an ordinary workflow's scopes map no names.
  const naming = new UnitNaming("");
  const named = (): UnitNaming | undefined => (naming.hasCalls ? naming : undefined);
  const runtime = workflowRuntime(decl, params, sources, symbol.path, env, registry, named);
  const setting = (name: string): unknown => {
    const value = prop(decl.properties, name)?.value;
    return value ? evaluate(value, staticScope) : undefined;
  };
  const shell = shellSetting(prop(decl.properties, "shell"), staticScope);
  const unit: WorkflowUnit = {
    decl,
    path: symbol.path,
    prefix: "",
    rootNeeds: [],
    staticScope,
    env,
    runtime,
    shell,
    naming,
    callers: [decl.name.text],
    secrets: new Set<string>(),
    secretOutputs: secretOutputReads(decl, check.scope.workflows),
  };
  const init = {
    id: decl.name.text,
    name: decl.name.text,
    description: optionalString(setting("description")),
    version: optionalString(setting("version")),
    author: optionalString(setting("author")),
    steps: unitSteps(unit, check.scope.workflows, STEP_COMPILER),
    variables: Object.fromEntries(params),
    // After unitSteps: it adds the called workflows' secrets to unit.secrets.
    secrets: [...[...sources.secret].map((name) => valueText(params.get(name))), ...unit.secrets],
    concurrency: boundedSetting(
      setting("concurrency"),
      1,
      prop(decl.properties, "concurrency"),
      symbol.path,
    ),
    rollbackOnFailure: setting("rollback_on_failure") as boolean | undefined,
    timeoutMs: positiveDuration(
      setting("timeout"),
      prop(decl.properties, "timeout"),
      symbol.path,
      `workflow \`${symbol.name}\``,
    ),
    source: check.document.path,
    stepDefinitions: options.parse
      ? stepDefinitionDigests(symbol.path, symbol.name, options.parse)
      : undefined,
  };
  return new WorkflowDefinition(
    Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined)) as typeof init,
  );
}

/** The workflow to compile: named, or the file's only one. */
function pickWorkflow(check: CheckResult, name: string | undefined): WorkflowSymbol {
  const own = check.document.file.workflows.map((w) => w.name.text);
  if (name === undefined) {
    if (own.length === 1) return check.scope.workflows.get(own[0]!)!;
    throw new CompileError(
      own.length === 0
        ? "declares no workflow"
        : `declares ${own.length} workflows (${own.join(", ")}): say which with --workflow`,
      check.document.path,
    );
  }
  const symbol = check.scope.workflows.get(name);
  if (!symbol) {
    const known = [...check.scope.workflows.keys()];
    const [nearest] = nearestNames(name, known);
    throw new CompileError(
      `has no workflow \`${name}\`${nearest ? `; did you mean \`${nearest}\`?` : ""}${known.length ? ` (it has: ${known.join(", ")})` : ""}`,
      check.document.path,
    );
  }
  return symbol;
}

/**
 * Every param's value: given as text or value (a `secret` one also as the
 * environment variable `MOMOFLOW_PARAM_<NAME>`), else its default; required
 * ones must be given. Also says which are secret and which took their default.
 */
function bindParams(
  decl: WorkflowDeclaration,
  path: string,
  options: CompileOptions,
): { values: Map<string, unknown>; sources: ParamSources } {
  const declared = new Map(decl.params.map((p) => [p.name.text, p]));
  const given = { ...options.params, ...options.paramText };
  const problems = new ParamProblems();
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      const known = [...declared.keys()];
      const [nearest] = nearestNames(name, known);
      problems.add(
        new CompileError(
          `workflow \`${decl.name.text}\` has no param \`${name}\`${nearest ? `; did you mean \`${nearest}\`?` : ""}${known.length ? ` (its params: ${known.join(", ")})` : ""}`,
        ),
      );
    }
  }
  const values = new Map<string, unknown>();
  const secret = new Set<string>();
  const fromDefault = new Set<string>();
  const defaults = new WorkflowScope({ ...decl, vars: [] }, values, path, undefined);
  const env = options.env ?? process.env;
  const givenIn = options.paramsGivenIn ?? "command line";
  for (const [name, param] of declared) {
    const type = (param.type?.name.text ?? "any") as ParamType;
    if (type === "secret") secret.add(name);
    const fromEnv = type === "secret" ? env[secretParamVariable(name)] : undefined;
    // Own properties only: a param called `toString` is not given by every object.
    if (options.paramText && Object.hasOwn(options.paramText, name)) {
      try {
        values.set(name, parseParamText(options.paramText[name]!, type));
      } catch (error) {
        problems.add(
          new CompileError(
            `--param ${name}: ${(error as Error).message} (declared \`${name}: ${type}\`)`,
            path,
            param.name.range,
          ),
        );
      }
    } else if (options.params && Object.hasOwn(options.params, name)) {
      values.set(name, options.params[name]);
    } else if (fromEnv !== undefined) {
      values.set(name, fromEnv);
    } else if (param.default) {
      const value = defaultValue(param.default, defaults, problems);
      if (value !== undefined) values.set(name, value);
      fromDefault.add(name);
    } else {
      const orEnv =
        type === "secret" ? ` or the environment variable ${secretParamVariable(name)}` : "";
      problems.add(
        new CompileError(
          `param \`${name}: ${type}\` of workflow \`${decl.name.text}\` is required: give it ${howToGiveParam(name, givenIn)}${orEnv}`,
          path,
          param.name.range,
        ),
      );
    }
  }
  for (const name of secret) {
    const value = values.get(name);
    const problem =
      value === undefined
        ? undefined
        : shortSecretProblem(
            name,
            valueText(value),
            fromDefault.has(name) ? defaultVariables(declared.get(name)!.default, env) : undefined,
            givenIn,
          );
    if (problem) problems.add(new CompileError(problem, path, declared.get(name)!.name.range));
  }
  problems.throwIfAny(decl.name.text);
  return { values, sources: { secret, fromDefault } };
}

/**
 * A param's default, or undefined when it cannot be worked out because it
 * reads a param already reported wrong (that report says what to fix).
 */
/** The environment variables a param's default reads, with their values in `env` (undefined: not set). */
function defaultVariables(
  expr: Expression | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Map<string, string | undefined> {
  return new Map(environmentReads(expr).map((name) => [name, env[name]]));
}

function defaultValue(expr: Expression, scope: WorkflowScope, problems: ParamProblems): unknown {
  try {
    return evaluate(expr, scope);
  } catch (error) {
    if (problems.any) return undefined;
    throw error;
  }
}

/** How {@link unitSteps} compiles the steps of the workflow and of the workflows it calls. */
const STEP_COMPILER: StepCompiler = {
  step: (step, unit, id, needs) => compileStep(step, unit, id, needs),
  shell: (decl, scope) => shellSetting(prop(decl.properties, "shell"), scope),
};

function compileStep(
  step: StepDeclaration,
  unit: WorkflowUnit,
  id: string,
  needs: string[],
): WorkflowStep {
  const { path, staticScope: scope, env, runtime, shell: workflowShell } = unit;
  const workflowEnv = environmentMap(prop(unit.decl.properties, "env")) !== undefined;
  const value = (name: string): Expression | undefined => prop(step.properties, name)?.value;
  const setting = (name: string): unknown => {
    const v = value(name);
    return v ? evaluate(v, scope) : undefined;
  };
  const runExpr = value("run");
  if (!runExpr)
    throw new CompileError(`step \`${step.name.text}\` has no \`run\``, path, step.name.range);
  const rollbackExpr = value("rollback");
  const effect = undoEffect(runExpr, rollbackExpr, env.commands);
  const settings: StepSettings = {
    description: describe(value("description"), scope),
    needs,
    reversible: effect === "reversible",
  };
  if (id !== step.name.text) settings.id = id;
  if (unit.gate) settings.gate = unit.gate;
  if (unit.gateReason) settings.gateReason = unit.gateReason;
  if (effect === "effect-free") settings.effectFree = true;
  const timeout =
    positiveDuration(
      setting("timeout"),
      prop(step.properties, "timeout"),
      path,
      `step \`${id}\``,
    ) ?? commandSetting("timeout", runExpr, env, scope, id);
  if (timeout !== undefined) settings.timeoutMs = timeout as number;
  // The command's deadline is for its own undo: a step's `rollback:` replaces that undo.
  const rollbackTimeout =
    positiveDuration(
      setting("rollback_timeout"),
      prop(step.properties, "rollback_timeout"),
      path,
      `step \`${id}\``,
    ) ?? (rollbackExpr ? undefined : commandSetting("rollback_timeout", runExpr, env, scope, id));
  if (rollbackTimeout !== undefined) settings.rollbackTimeoutMs = rollbackTimeout as number;
  const retries = boundedSetting(setting("retries"), 0, prop(step.properties, "retries"), path);
  if (retries !== undefined) settings.retries = retries;
  const retryDelay = setting("retry_delay");
  if (retryDelay !== undefined) settings.retryDelayMs = retryDelay as number;
  const continueOnError = setting("continue_on_error");
  if (continueOnError !== undefined) settings.continueOnError = continueOnError as boolean;
  const runsOn = setting("runs_on");
  if (runsOn !== undefined) settings.runsOn = queueName(String(runsOn), path, step);
  if (setting("retry_on_lost_worker") === true) settings.retryOnLostWorker = true;
  if (declaresJsonOutput(step)) settings.jsonOutput = true;
  const shell = shellSetting(prop(step.properties, "shell"), scope) ?? workflowShell;
  if (shell !== undefined) settings.shell = shell;
  const forEach = prop(step.properties, "for_each");
  const inputs = prop(step.properties, "inputs");
  const outputs = prop(step.properties, "outputs");
  // Files that read a fan-out's item are each instance's own; the others are checked now.
  const item = forEach?.value ? forEach.item?.text : undefined;
  const filesPerInstance =
    item !== undefined && (readsName(inputs?.value, item) || readsName(outputs?.value, item));
  if (!filesPerInstance) {
    const files = stepFiles(inputs, outputs, scope);
    if (files) settings.files = files;
  }
  const placement = stepPlacement(
    step.name.text,
    environmentMap(prop(step.properties, "env")),
    value("workdir"),
    workflowEnv,
  );
  if (placement) settings.placement = placement;
  if (forEach?.value && forEach.item) {
    const maxParallel = boundedSetting(
      setting("max_parallel"),
      1,
      prop(step.properties, "max_parallel"),
      path,
    );
    const description = value("description");
    const instanceSettings = (value: unknown): InstanceSettings => {
      const itemScope = new ItemScope(scope, forEach.item!.text, value);
      const own: InstanceSettings = { description: describe(description, itemScope) };
      const files = filesPerInstance ? stepFiles(inputs, outputs, itemScope) : undefined;
      if (files) own.files = files;
      return own;
    };
    const parts: FanOutParts = {
      item: forEach.item.text,
      items: forEach.value,
      maxParallel,
      instanceSettings,
      run: runExpr,
      rollback: rollbackExpr,
      when: value("when"),
    };
    // Over the list of its instances' outputs: each instance holds back its own part (see FanOutStep).
    const secretOutput = unit.secretOutputs.get(id);
    if (secretOutput) parts.secretOutput = secretOutput;
    return new FanOutStep(step, settings, parts, runtime);
  }
  const secretOutput = unit.secretOutputs.get(id);
  if (secretOutput) settings.secretOutput = secretOutput;
  return new LanguageStep(step, settings, runExpr, rollbackExpr, value("when"), runtime);
}

/** A `runs_on:` queue name, checked: it becomes part of a Redis key. */
function queueName(name: string, path: string, step: StepDeclaration): string {
  if (QUEUE_NAME_PATTERN.test(name)) return name;
  const at = prop(step.properties, "runs_on")?.value?.range ?? step.name.range;
  throw new CompileError(
    `runs_on of step \`${step.name.text}\` must be a queue name (letters, digits, _ . -, at most 64), not ${JSON.stringify(name)}`,
    path,
    at,
  );
}

/** A `shell:` property's value, checked: the checker cannot see a computed one. */
function shellSetting(property: Property | undefined, scope: ValueScope): ShellName | undefined {
  if (!property?.value) return undefined;
  const value = evaluate(property.value, scope);
  if (isShellName(value)) return value;
  throw new CompileError(
    `shell must be ${shellNamesText()}, not ${JSON.stringify(value)}`,
    scope.path,
    property.value.range,
  );
}

/**
 * A declared command's own `timeout` or `rollback_timeout`, when the step's
 * `run` calls one (the step's own setting, read first, wins).
 */
function commandSetting(
  name: "timeout" | "rollback_timeout",
  run: Expression,
  env: ActionEnvironment,
  scope: ValueScope,
  stepId: string,
): number | undefined {
  if (run.kind !== "call") return undefined;
  const symbol = env.commands.get(run.callee.text);
  if (symbol?.kind !== "declared") return undefined;
  return commandDeadline(name, symbol, run, scope, env.workflow, stepId);
}

/** A description: its text, with values filled in where they are known before the run. */
function describe(expr: Expression | undefined, scope: ValueScope): string {
  if (!expr) return "";
  try {
    return String(evaluate(expr, scope));
  } catch {
    return expr.kind === "string"
      ? expr.parts.map((p) => (p.kind === "text" ? p.value : "…")).join("")
      : "";
  }
}

function optionalString(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}

function prop(properties: Property[], name: string): Property | undefined {
  return properties.find((p) => p.name.text === name);
}
