import { resolve } from "node:path";
import type { Expression, MapLiteral } from "../ast";
import type { WorkflowContext } from "../../runtime/context";
import { liveValue } from "../../runtime/recipe-reference";
import { CompileError } from "./compile-error";
import {
  EnvironmentScope,
  effectiveEnvironment,
  evaluateEnvironment,
  type EnvironmentValues,
} from "./environment-scope";
import { evaluate } from "./evaluate";
import type { ActionEnvironment } from "./resolve-action";
import type { ValueScope } from "./value-lookup";
import { valueText } from "./value-text";
import { nulByteProblem } from "../../commands/nul-byte";

/** A run's scope of values and action environment, as a step's actions are resolved in. */
export interface PlacedScope {
  scope: ValueScope;
  env: ActionEnvironment;
}

/** Where and with which variables one step runs in one run, resolved when it is due. */
export interface StepPlace {
  /** The variables the workflow's and the step's `env:` set (the step's win); undefined: none. */
  values: EnvironmentValues | undefined;
  /** The environment its actions run with: the run's, with those variables set over it. */
  environment: Record<string, string | undefined>;
  /** Its `workdir:` as written (resolved values in it) and as an absolute folder. */
  workdir?: { written: string; folder: string };
  /** The scopes its `run` and `rollback` are resolved in: `env.NAME` reads `values` first. */
  run: PlacedScope;
  recording: PlacedScope;
}

/**
 * The `env:` and `workdir:` of one step (with its workflow's `env:`): how
 * they are resolved when the step is due. A step with neither, in a workflow
 * without `env:`, has no placement at all, so its hot path pays nothing.
 */
export class StepPlacement {
  constructor(
    private readonly stepId: string,
    private readonly env: MapLiteral | undefined,
    private readonly workdir: Expression | undefined,
  ) {}

  /**
   * Resolves the step's variables (over its workflow's, `workflowValues`) in
   * the run's scopes, then its folder, which may read them (`${env.OUT}`),
   * relative to the run's working directory.
   *
   * @throws CompileError when a value cannot be read or the folder is empty.
   */
  resolve(
    context: WorkflowContext,
    run: PlacedScope,
    recording: PlacedScope,
    workflowValues: EnvironmentValues | undefined,
  ): StepPlace {
    const values = this.env
      ? evaluateEnvironment(this.env, run.scope, recording.scope, workflowValues)
      : workflowValues;
    if (this.env && values) this.refuseNulBytes(values, run.scope.path);
    // Without its own variables, the step shares the run's effective environment.
    const environment =
      this.env && values
        ? effectiveEnvironment(context.env, values)
        : (run.env.environment ?? context.env);
    const place: StepPlace = {
      values,
      environment,
      // The run's scopes read the workflow's variables already: only a step's own wrap them.
      run: this.env ? withEnvironment(run, values, environment, false) : run,
      recording: this.env ? withEnvironment(recording, values, environment, true) : recording,
    };
    if (this.workdir) {
      const written = valueText(liveValue(evaluate(this.workdir, place.run.scope)));
      if (written === "")
        throw new CompileError(
          `step "${this.stepId}": its workdir is empty`,
          run.scope.path,
          this.workdir.range,
        );
      const nul = nulByteProblem(written);
      if (nul)
        throw new CompileError(
          `step "${this.stepId}": its workdir ${nul}, which no folder name can hold`,
          run.scope.path,
          this.workdir.range,
        );
      place.workdir = { written, folder: resolve(context.workingDirectory, written) };
    }
    return place;
  }

  /** A step's own variable with a NUL byte (a step output read into it) fails the step, naming it. */
  private refuseNulBytes(values: EnvironmentValues, path: string): void {
    for (const entry of this.env?.entries ?? []) {
      const name = entry.key.text;
      const nul = nulByteProblem(values.live[name] ?? "");
      if (nul)
        throw new CompileError(
          `step "${this.stepId}": env ${name} ${nul}, which no environment variable can hold`,
          path,
          entry.value?.range ?? entry.key.range,
        );
    }
  }
}

/**
 * The placement of a step, or undefined when it needs none: no `env:`, no
 * `workdir:`, and a workflow without `env:`.
 */
export function stepPlacement(
  stepId: string,
  env: MapLiteral | undefined,
  workdir: Expression | undefined,
  workflowEnv: boolean,
): StepPlacement | undefined {
  if (!env && !workdir && !workflowEnv) return undefined;
  return new StepPlacement(stepId, env, workdir);
}

function withEnvironment(
  base: PlacedScope,
  values: EnvironmentValues | undefined,
  environment: Record<string, string | undefined>,
  recording: boolean,
): PlacedScope {
  if (!values) return base;
  return {
    scope: new EnvironmentScope(base.scope, values, recording),
    env: { ...base.env, environment },
  };
}
