import type { ShellName } from "../../commands/shell-choice";
import type { WorkflowContext } from "../../runtime/context";
import {
  EnvironmentScope,
  effectiveEnvironment,
  evaluateEnvironment,
  type EnvironmentValues,
} from "./environment-scope";
import { environmentMap } from "./workflow-runtime";
import { emptyMetrics } from "../../runtime/metrics";
import { holdsReference, liveValue } from "../../runtime/recipe-reference";
import { failedOnItsOwn } from "../../runtime/failed-on-its-own";
import { StepStatus } from "../../runtime/status";
import type { OutputPath, StepResult, WorkflowStep } from "../../runtime/step";
import type {
  CallExpression,
  Expression,
  Property,
  StepDeclaration,
  WorkflowDeclaration,
} from "../ast";
import type { WorkflowSymbol } from "../scope";
import { CALL_SEPARATOR, workflowCallOf } from "../workflow-call";
import { boundedSetting } from "./bounded-setting";
import { CompileError } from "./compile-error";
import { FanOutCallStep } from "./fan-out-call";
import { itemRuntime } from "./fan-out-step";
import { ItemScope } from "./item-scope";
import { fittedArgument } from "./run-time-argument";
import { valueText } from "./value-text";
import { evaluate, evaluateCondition } from "./evaluate";
import {
  type CallGateReason,
  calledStepReason,
  whenFalseReason,
  whenFalseText,
} from "./when-false-reason";
import type { StepRuntime } from "./language-step";
import type { ActionEnvironment } from "./resolve-action";
import {
  WorkflowScope,
  workflowIdentity,
  type ParamSources,
  type StepNaming,
  type ValueScope,
} from "./value-scope";

/**
 * A workflow as its steps are compiled into a run: the workflow run itself
 * (prefix `""`), or one called by a step (prefix `release/`), whose root
 * steps wait for what the calling step needs.
 */
export interface WorkflowUnit {
  readonly decl: WorkflowDeclaration;
  /** The file that declares it. */
  readonly path: string;
  /** Put before its step names to make their ids in the run. */
  readonly prefix: string;
  /** What its steps without `needs` wait for: the calling step's needs. */
  readonly rootNeeds: readonly string[];
  /** Its params and vars as known before the run (for settings such as `timeout`). */
  readonly staticScope: ValueScope;
  readonly env: ActionEnvironment;
  readonly runtime: StepRuntime;
  /** Its own `shell`: a called workflow does not inherit its caller's. */
  readonly shell: ShellName | undefined;
  readonly naming: UnitNaming;
  /** The workflows on the call path, outermost first, itself last. */
  readonly callers: readonly string[];
  /** The `when` of the steps that called it, all of which must hold for its steps to run. */
  readonly gate?: (context: WorkflowContext) => boolean;
  /** Which calling step's `when` is false, as its steps' skip reason (with `gate`). */
  readonly gateReason?: CallGateReason;
  /**
   * The values of the secret params of the workflows it calls, as known before
   * the run: shared by the whole call tree, so the run masks them as it masks
   * its own secret params.
   */
  readonly secrets: Set<string>;
  /** The steps of the run whose output a call makes a secret, by run id (see `secretOutputReads`). */
  readonly secretOutputs: ReadonlyMap<string, readonly OutputPath[]>;
}

/** How the workflow compiler makes one step and reads a `shell:` setting. */
export interface StepCompiler {
  step(step: StepDeclaration, unit: WorkflowUnit, id: string, needs: string[]): WorkflowStep;
  shell(decl: WorkflowDeclaration, scope: ValueScope): ShellName | undefined;
}

/**
 * The step names of one workflow unit in the run, and the steps of it that
 * call workflows: such a step's status is the aggregate of what it called.
 */
/** Where a call's output comes from: the called workflow's last step, named in the called unit. */
interface CallOutputSource {
  readonly naming: UnitNaming;
  readonly last: string;
  readonly workflow: string;
}

export class UnitNaming implements StepNaming {
  private readonly calls = new Map<
    string,
    { id: string; called: readonly string[]; output?: CallOutputSource }
  >();

  constructor(readonly prefix: string) {}

  /** Whether a step of the unit calls a workflow (an ordinary workflow's scope needs no naming). */
  get hasCalls(): boolean {
    return this.calls.size > 0;
  }

  idOf(name: string): string {
    return this.prefix + name;
  }

  addCall(name: string, id: string, called: readonly string[], output?: CallOutputSource): void {
    this.calls.set(name, output ? { id, called, output } : { id, called });
  }

  callOutputMissing(name: string, context: WorkflowContext): string | undefined {
    const source = this.calls.get(name)?.output;
    if (!source) return undefined;
    const { naming, last, workflow } = source;
    // A last step that is itself a call hands on what its own last step gave: the reason is down there.
    const nested = naming.callOutputMissing(last, context);
    if (nested) return nested;
    const id = naming.idOf(last);
    const status = naming.callStatus(last, context) ?? context.getStepStatus(id);
    const ended = status === StepStatus.SUCCESS ? "gave none" : `ended ${status}`;
    return `a call's output is its workflow's last step's, and ${id} (the last step of workflow \`${workflow}\`) ${ended}`;
  }

  callStatus(name: string, context: WorkflowContext): StepStatus | undefined {
    const call = this.calls.get(name);
    return call && callStatus(context, call.id, call.called);
  }
}

/**
 * The status of a step that called a workflow, from the statuses of the
 * steps it called: `failed` when one failed (but for one that failed with
 * `continue_on_error` in a call that went on to its end), `cancelled` when one was stopped
 * by the run's cancellation, `rollback_failed` or
 * `rolled_back` when a rollback went through them, `running` while one runs,
 * else the calling step's own (`success` once all are done).
 */
function callStatus(context: WorkflowContext, id: string, called: readonly string[]): StepStatus {
  return calledStatus(
    called.map((c) => context.getStepStatus(c)),
    context.getStepStatus(id),
  );
}

/**
 * A calling step's status from `called`, the statuses of the steps it called
 * (see {@link callStatus}), and `own`, the status its own entry in the run has
 * (it only joins the call). Tests read a calling step this way too.
 */
export function calledStatus(called: Iterable<StepStatus>, own: StepStatus): StepStatus {
  const seen = new Set(called);
  // The calling step ran: every called step ended, and a failed one was
  // `continue_on_error` (another one would have kept it from running). The
  // call went on after it, as the workflow on its own ends `success`.
  if (own === StepStatus.SUCCESS) seen.delete(StepStatus.FAILED);
  for (const status of CALLED_STATUS_ORDER) if (seen.has(status)) return status;
  return own;
}

/**
 * A calling step's status from the rows of the steps it called, as the
 * run's result has them (see {@link calledStatus}): in a call that went on
 * to its end (`own` is `success`), a called step that failed itself counts
 * in none of the call's statuses, whatever its undo at once did (`rolled_back`,
 * `rollback_failed`), as `steps.<call>.status` reads it during the run. Tests
 * read a calling step this way.
 */
export function calledRowsStatus(
  called: readonly { readonly status: StepStatus; readonly error?: string }[],
  own: StepStatus,
): StepStatus {
  const counted = own === StepStatus.SUCCESS ? called.filter((s) => !failedOnItsOwn(s)) : called;
  return calledStatus(
    counted.map((s) => s.status),
    own,
  );
}

const CALLED_STATUS_ORDER: readonly StepStatus[] = [
  StepStatus.FAILED,
  StepStatus.CANCELLED,
  StepStatus.ROLLBACK_FAILED,
  StepStatus.ROLLED_BACK,
  StepStatus.RUNNING,
];

/**
 * The steps of a workflow unit in run order. A step that calls a workflow
 * (`run: workflow release(...)`) becomes the called workflow's steps, named
 * `release/bump`…, inlined where the step is, then the step itself: it waits
 * for all of them and its output is the output of the called workflow's
 * last step. The called workflow's root steps wait for what the calling step
 * needs, so a step that needs the caller waits for the whole call.
 */
export function unitSteps(
  unit: WorkflowUnit,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  compiler: StepCompiler,
): WorkflowStep[] {
  const steps: WorkflowStep[] = [];
  for (const step of unit.decl.steps) {
    const id = unit.prefix + step.name.text;
    const own = needsOf(step);
    const needs = own.length > 0 ? own.map((n) => unit.prefix + n) : [...unit.rootNeeds];
    const call = workflowCallOf(step);
    const forEach = step.properties.find((p) => p.name.text === "for_each");
    if (call && forEach?.value && forEach.item)
      steps.push(fanOutCall(step, call, { id, needs, forEach }, unit, workflows, compiler));
    else if (call) steps.push(...calledSteps(step, call, id, needs, unit, workflows, compiler));
    else steps.push(compiler.step(step, unit, id, needs));
  }
  return steps;
}

/**
 * A step that calls a workflow once per item (`for_each`): see
 * {@link FanOutCallStep}. Each instance's call is made as a step's call is
 * (see {@link calledSteps}), named after the instance (`deploy[0]/bump`),
 * with the item in the caller's scope its arguments and `when` are read in.
 */
function fanOutCall(
  step: StepDeclaration,
  call: CallExpression,
  at: { id: string; needs: string[]; forEach: Property },
  unit: WorkflowUnit,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  compiler: StepCompiler,
): WorkflowStep {
  const { id, needs, forEach } = at;
  const item = forEach.item!.text;
  const bound = step.properties.find((p) => p.name.text === "max_parallel");
  const maxParallel = boundedSetting(
    bound?.value && evaluate(bound.value, unit.staticScope),
    1,
    bound,
    unit.path,
  );
  const unitOf = (instance: string, value: unknown): WorkflowUnit => ({
    ...unit,
    staticScope: new ItemScope(unit.staticScope, item, value),
    runtime: itemRuntime(unit.runtime, item, value, { step: step.name.text, id: instance }),
  });
  const callee = workflows.get(call.callee.text);
  return new FanOutCallStep({
    id,
    description: describe(step, unit.staticScope, true),
    needs,
    items: forEach.value!,
    maxParallel,
    runtime: unit.runtime,
    callSteps: (instance, value) =>
      calledSteps(step, call, instance, needs, unitOf(instance, value), workflows, compiler, false),
    // The item given to a `secret` param is a secret as a literal argument is, from the start.
    maskSecretArguments: (context, value) => {
      if (!callee) return;
      try {
        secretArgumentsMasking(call, callee, unitOf(id, value))?.(context);
      } catch {
        // An argument that does not fit its param: the call fails, saying so, when it binds it.
      }
    },
  });
}

/**
 * The steps of a call: the called workflow's, then the calling step.
 * `named`: the calling step's name in its unit is this call (not one of
 * several instances of it), so `steps.<name>.status` reads the call's.
 */
function calledSteps(
  step: StepDeclaration,
  call: CallExpression,
  id: string,
  needs: string[],
  unit: WorkflowUnit,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  compiler: StepCompiler,
  named = true,
): WorkflowStep[] {
  const callee = workflows.get(call.callee.text);
  if (!callee)
    throw new CompileError(
      `unknown workflow \`${call.callee.text}\``,
      unit.path,
      call.callee.range,
    );
  // A workflow already on the way here is a cycle (MF042 in check). Only that: calls nested
  // deep without one are a run like any other, not a cycle to refuse.
  if (unit.callers.includes(callee.name)) {
    throw new CompileError(
      `workflow call cycle: ${[...unit.callers, callee.name].join(" → ")}`,
      unit.path,
      call.callee.range,
    );
  }
  const prefix = id + CALL_SEPARATOR;
  const naming = new UnitNaming(prefix);
  const gate = callGate(step, unit);
  const gateReason = callGateReason(step, id, unit);
  const staticScope = new WorkflowScope(
    callee.decl,
    staticArguments(call, callee, unit),
    callee.path,
    undefined,
    undefined,
    naming,
  );
  const child: WorkflowUnit = {
    decl: callee.decl,
    path: callee.path,
    prefix,
    rootNeeds: needs,
    staticScope,
    env: { ...unit.env, workflow: workflowIdentity(callee.name, callee.path) },
    runtime: calledRuntime(call, callee, unit, naming),
    shell: compiler.shell(callee.decl, staticScope),
    naming,
    callers: [...unit.callers, callee.name],
    secrets: unit.secrets,
    secretOutputs: unit.secretOutputs,
    ...(gate && { gate }),
    ...(gateReason && { gateReason }),
  };
  for (const value of staticSecrets(call, callee, unit)) unit.secrets.add(value);
  const inner = unitSteps(child, workflows, compiler);
  const called = inner.map((s) => s.id);
  const last = callee.decl.steps.at(-1);
  const output = last && { naming, last: last.name.text, workflow: callee.name };
  if (named) unit.naming.addCall(step.name.text, id, called, output);
  const description = describe(step, unit.staticScope);
  const calling = new WorkflowCallStep(
    id,
    description,
    called,
    last && naming.idOf(last.name.text),
    gate,
  );
  const masking = secretArgumentsMasking(call, callee, unit);
  if (masking) calling.maskSecretArguments = masking;
  const when = step.properties.find((p) => p.name.text === "when")?.value;
  if (when) calling.whenFalse = whenFalseReason(when, unit.gateReason);
  else if (unit.gateReason) calling.whenFalse = calledStepReason(unit.gateReason);
  return [...inner, calling];
}

/**
 * The step that called a workflow, as the run sees it: it waits for every
 * step of the call, does nothing itself (so there is nothing of its own to
 * undo) and has the output of the called workflow's last step.
 */
export class WorkflowCallStep implements WorkflowStep {
  readonly reversible = false;
  readonly effectFree = true;
  /** A called step that failed with `continue_on_error` does not hold the call, as it does not hold the workflow run on its own. */
  readonly joinsToleratedFailures = true;
  readonly when?: (context: WorkflowContext) => boolean;
  /** Why its own `when` skipped the call (see `whenFalseReason`); set when it has one. */
  whenFalse?: (context: WorkflowContext) => string | undefined;

  /**
   * Set when the call gives the called workflow's `secret` params arguments:
   * makes their values secrets of the run in `context`, as the call does
   * when it binds them. For whoever runs a step of the run without binding
   * the call itself — the scheduler of a run on workers, a worker running a
   * later step that reads the same outputs. Evaluated in the caller's scope.
   * @throws Error when an argument reads what `context` does not hold (a
   * step's output not there).
   */
  maskSecretArguments?: (context: WorkflowContext) => void;

  constructor(
    readonly id: string,
    readonly description: string,
    readonly needs: readonly string[],
    private readonly outputOf: string | undefined,
    gate?: (context: WorkflowContext) => boolean,
  ) {
    if (gate) this.when = gate;
  }

  execute(context: WorkflowContext): Promise<StepResult> {
    const result: StepResult = {
      stepId: this.id,
      status: StepStatus.SUCCESS,
      metrics: emptyMetrics(),
      attempts: 1,
    };
    if (this.outputOf !== undefined && context.hasStepOutput(this.outputOf))
      result.output = context.getStepOutput(this.outputOf);
    return Promise.resolve(result);
  }
}

/** The called workflow's scopes in a run: its params are the call's arguments, evaluated in the caller's scope when first needed. */
function calledRuntime(
  call: CallExpression,
  callee: WorkflowSymbol,
  unit: WorkflowUnit,
  naming: UnitNaming,
): StepRuntime {
  type RunScope = { scope: ValueScope; env: ActionEnvironment };
  const runs = new WeakMap<WorkflowContext, RunScope>();
  const recordings = new WeakMap<WorkflowContext, RunScope>();
  const env = { ...unit.env, workflow: workflowIdentity(callee.name, callee.path) };
  const scopeWith = (
    context: WorkflowContext,
    caller: ValueScope,
    recording: boolean,
  ): RunScope => {
    const { values, sources } = bindArguments(call, callee, caller);
    maskSecretArguments(context, values, sources.secret);
    return {
      scope: new WorkflowScope(
        callee.decl,
        values,
        callee.path,
        context,
        recording ? { ...sources, call: naming.prefix } : undefined,
        naming,
      ),
      env: recording ? { ...env, context, recording: true } : { ...env, context },
    };
  };
  // The callee's own `env:` is read over the caller's, once per run.
  const map = environmentMap(callee.decl.properties.find((p) => p.name.text === "env"));
  const environments = new WeakMap<WorkflowContext, EnvironmentValues | undefined>();
  const environmentOf = (context: WorkflowContext): EnvironmentValues | undefined => {
    const caller = unit.runtime.environmentOf(context);
    if (!map) return caller;
    if (!environments.has(context)) {
      const live = scopeWith(context, unit.runtime.scopeOf(context).scope, false).scope;
      const recording = scopeWith(context, unit.runtime.recordingScopeOf(context).scope, true);
      environments.set(context, evaluateEnvironment(map, live, recording.scope, caller));
    }
    return environments.get(context);
  };
  /** A scope where `env.NAME` reads the call's variables (the caller's, then the callee's). */
  const withEnvironment = (
    context: WorkflowContext,
    entry: RunScope,
    recording: boolean,
  ): RunScope => {
    const values = environmentOf(context);
    if (!values) return entry;
    return {
      scope: new EnvironmentScope(entry.scope, values, recording),
      env: { ...entry.env, environment: effectiveEnvironment(context.env, values) },
    };
  };
  return {
    registry: unit.runtime.registry,
    scopeOf(context) {
      let entry = runs.get(context);
      if (!entry) {
        entry = withEnvironment(
          context,
          scopeWith(context, unit.runtime.scopeOf(context).scope, false),
          false,
        );
        runs.set(context, entry);
      }
      return entry;
    },
    recordingScopeOf(context) {
      let entry = recordings.get(context);
      if (!entry) {
        entry = withEnvironment(
          context,
          scopeWith(context, unit.runtime.recordingScopeOf(context).scope, true),
          true,
        );
        recordings.set(context, entry);
      }
      return entry;
    },
    environmentOf,
  };
}

/**
 * The called workflow's params: each argument evaluated in the caller's
 * scope, else the param's default. The checker made sure every required
 * param is given.
 */
function bindArguments(
  call: CallExpression,
  callee: WorkflowSymbol,
  caller: ValueScope,
): { values: Map<string, unknown>; sources: ParamSources } {
  const given = new Map<string, Expression>();
  for (const arg of call.args) if (arg.name && arg.value) given.set(arg.name.text, arg.value);
  const values = new Map<string, unknown>();
  const secret = new Set<string>();
  const fromDefault = new Set<string>();
  const defaults = new WorkflowScope({ ...callee.decl, vars: [] }, values, callee.path, undefined);
  for (const param of callee.decl.params) {
    const name = param.name.text;
    if (param.type?.name.text === "secret") secret.add(name);
    const arg = given.get(name);
    if (arg)
      values.set(name, argumentValue(callee.name, param, evaluate(arg, caller), arg, caller));
    else if (param.default) {
      values.set(name, evaluate(param.default, defaults));
      fromDefault.add(name);
    } else {
      throw new CompileError(
        `workflow \`${callee.name}\` needs param \`${name}\`: give it in the call`,
        caller.path,
        call.callee.range,
      );
    }
  }
  return { values, sources: { secret, fromDefault } };
}

/**
 * Makes the values of the callee's `secret` params secrets of the run from
 * the moment the call binds them, before any called step runs: an argument
 * known only during the run (`key: steps.login.output`) is then `***` in all
 * the run writes next, as one known before the run is from the start. What
 * was written before is not taken back: the step that made the value held
 * its output back and masked it itself (see `secretOutputReads`).
 */
function maskSecretArguments(
  context: WorkflowContext,
  values: ReadonlyMap<string, unknown>,
  secret: ReadonlySet<string>,
): void {
  if (secret.size === 0) return;
  context.secrets.addSecrets([...secret].map((name) => valueText(liveValue(values.get(name)))));
}

/**
 * What makes the call's `secret` arguments secrets of a run (see
 * {@link WorkflowCallStep.maskSecretArguments}); undefined when the call
 * gives no secret param an argument. Only those arguments are evaluated: a
 * later step's job carries the outputs it reads, not those every argument
 * reads.
 */
function secretArgumentsMasking(
  call: CallExpression,
  callee: WorkflowSymbol,
  unit: WorkflowUnit,
): ((context: WorkflowContext) => void) | undefined {
  const given = new Map<string, Expression>();
  for (const arg of call.args) if (arg.name && arg.value) given.set(arg.name.text, arg.value);
  const secret = callee.decl.params.flatMap((param) => {
    const arg = param.type?.name.text === "secret" ? given.get(param.name.text) : undefined;
    return arg ? [{ param, arg }] : [];
  });
  if (secret.length === 0) return undefined;
  return (context) => {
    const caller = unit.runtime.scopeOf(context).scope;
    const values = secret.map(({ param, arg }) =>
      argumentValue(callee.name, param, evaluate(arg, caller), arg, caller),
    );
    context.secrets.addSecrets(values.map((value) => valueText(liveValue(value))));
  };
}

/**
 * An argument's value as its param declares it. The checker types what it
 * can (MF007); a value it cannot know — a step's output, an `any` param —
 * is checked here, when the call starts, so that a `list` param is never a
 * number inside the called workflow. Text (a step's plain output) is read as
 * `--param` reads it: "3" for an `int` is 3.
 */
function argumentValue(
  workflow: string,
  param: WorkflowDeclaration["params"][number],
  value: unknown,
  arg: Expression,
  caller: ValueScope,
): unknown {
  // Resolving an undo recipe, a secret or an environment value is a reference
  // (`param.api_key`): its live value is what must fit, and the reference is
  // kept when that value passes as it is, so the record still holds no secret.
  const live = holdsReference(value) ? liveValue(value) : value;
  const fitted = fittedArgument(
    `workflow \`${workflow}\``,
    param.name.text,
    param.type?.name.text,
    live,
    { path: caller.path, range: arg.range },
  );
  return live !== value && fitted === live ? value : fitted;
}

/**
 * The arguments known before the run (literals, the caller's params and
 * vars), for the called steps' settings; an argument that reads a step's
 * output or `run.*` is left out (its param is only known during the run).
 */
function staticArguments(
  call: CallExpression,
  callee: WorkflowSymbol,
  unit: WorkflowUnit,
): Map<string, unknown> {
  try {
    return bindArguments(call, callee, unit.staticScope).values;
  } catch {
    const values = new Map<string, unknown>();
    for (const arg of call.args) {
      if (!arg.name || !arg.value) continue;
      try {
        values.set(arg.name.text, evaluate(arg.value, unit.staticScope));
      } catch {
        // Known only during the run.
      }
    }
    return values;
  }
}

/**
 * The values of the callee's `secret` params known before the run: an
 * argument of literals, params and vars, or the param's default (`env.TOKEN`).
 * A library workflow's secret is thus masked although its caller declares no
 * secret. An argument known only during the run (a step's output) is left out.
 */
function staticSecrets(call: CallExpression, callee: WorkflowSymbol, unit: WorkflowUnit): string[] {
  const given = new Map<string, Expression>();
  for (const arg of call.args) if (arg.name && arg.value) given.set(arg.name.text, arg.value);
  const known = staticArguments(call, callee, unit);
  const defaults = new WorkflowScope({ ...callee.decl, vars: [] }, known, callee.path, undefined);
  const values: string[] = [];
  for (const param of callee.decl.params) {
    if (param.type?.name.text !== "secret") continue;
    const name = param.name.text;
    try {
      if (known.has(name)) values.push(valueText(known.get(name)));
      else if (!given.has(name) && param.default)
        values.push(valueText(evaluate(param.default, defaults)));
    } catch {
      // A default that reads what is known only during the run.
    }
  }
  return values;
}

/**
 * What a called step's `when` must hold with: the calling step's own `when`
 * (in the caller's scope), and those of the steps that called the caller.
 */
function callGate(
  step: StepDeclaration,
  unit: WorkflowUnit,
): ((context: WorkflowContext) => boolean) | undefined {
  const when = step.properties.find((p) => p.name.text === "when")?.value;
  const outer = unit.gate;
  if (!when) return outer;
  const own = (context: WorkflowContext): boolean =>
    evaluateCondition(when, unit.runtime.scopeOf(context).scope);
  return outer ? (context) => outer(context) && own(context) : own;
}

/**
 * Why a called step is skipped when {@link callGate} is false: the calling
 * step `id`'s own `when`, named with the call (`its call release was
 * skipped: when: go is false`), after those of the steps that called the
 * caller, so a call inside a call names the outermost one skipped.
 */
function callGateReason(
  step: StepDeclaration,
  id: string,
  unit: WorkflowUnit,
): CallGateReason | undefined {
  const when = step.properties.find((p) => p.name.text === "when")?.value;
  const outer = unit.gateReason;
  if (!when) return outer;
  const reason = `its call ${id} was skipped: ${whenFalseText(when)}`;
  const own = (context: WorkflowContext): string | undefined =>
    evaluateCondition(when, unit.runtime.scopeOf(context).scope) ? undefined : reason;
  return outer ? (context) => outer(context) ?? own(context) : own;
}

/** Step ids of `needs: a` or `needs: [a, b]`. */
function needsOf(step: StepDeclaration): string[] {
  const expr = step.properties.find((p) => p.name.text === "needs")?.value;
  if (!expr) return [];
  const items = expr.kind === "list" ? expr.items : [expr];
  return items.flatMap((item) =>
    item.kind === "ref" && item.segments.length === 1 ? [item.segments[0]!.text] : [],
  );
}

/** The calling step's description, or what it calls; `written`: the text as written when a value is not known yet. */
function describe(step: StepDeclaration, scope: ValueScope, written = false): string {
  const expr = step.properties.find((p) => p.name.text === "description")?.value;
  if (!expr) return `workflow ${workflowCallOf(step)?.callee.text ?? ""}`;
  try {
    return String(evaluate(expr, scope));
  } catch {
    // A step calling once per item: its description as written, each value known only later `…`.
    if (!written || expr.kind !== "string") return "";
    return expr.parts.map((p) => (p.kind === "text" ? p.value : "…")).join("");
  }
}
