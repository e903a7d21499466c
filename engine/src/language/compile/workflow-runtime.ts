import type { CommandRegistry } from "../../commands/registry";
import type { WorkflowContext } from "../../runtime/context";
import type { MapLiteral, Property, WorkflowDeclaration } from "../ast";
import {
  EnvironmentScope,
  effectiveEnvironment,
  evaluateEnvironment,
  type EnvironmentValues,
} from "./environment-scope";
import type { StepRuntime } from "./language-step";
import type { ActionEnvironment } from "./resolve-action";
import { WorkflowScope, type ParamSources, type StepNaming, type ValueScope } from "./value-scope";

type RunScope = { scope: ValueScope; env: ActionEnvironment };

/**
 * What the steps of a compiled workflow share at run time: per run (context),
 * its scope of values and action environment, once each. With an `env:` on
 * the workflow, its variables are evaluated once per run, when first needed,
 * and `env.NAME` in the scopes reads them over the run's environment.
 */
export function workflowRuntime(
  decl: WorkflowDeclaration,
  params: ReadonlyMap<string, unknown>,
  sources: ParamSources,
  path: string,
  env: ActionEnvironment,
  registry: CommandRegistry,
  /** How the run names its steps, once a step calls a workflow (read when a run starts). */
  naming: () => StepNaming | undefined = () => undefined,
): StepRuntime {
  const map = environmentMap(decl.properties.find((p) => p.name.text === "env"));
  const bare = (context: WorkflowContext, recording: boolean): RunScope => ({
    scope: new WorkflowScope(
      decl,
      params,
      path,
      context,
      recording ? sources : undefined,
      naming(),
    ),
    env: recording ? { ...env, context, recording: true } : { ...env, context },
  });
  const environments = new WeakMap<WorkflowContext, EnvironmentValues>();
  const environmentOf = (context: WorkflowContext): EnvironmentValues | undefined => {
    if (!map) return undefined;
    let values = environments.get(context);
    if (!values) {
      values = evaluateEnvironment(map, bare(context, false).scope, bare(context, true).scope);
      environments.set(context, values);
    }
    return values;
  };
  const scopes = (recording: boolean): ((context: WorkflowContext) => RunScope) => {
    const cache = new WeakMap<WorkflowContext, RunScope>();
    return (context) => {
      let entry = cache.get(context);
      if (!entry) {
        entry = bare(context, recording);
        const values = environmentOf(context);
        if (values) {
          entry = {
            scope: new EnvironmentScope(entry.scope, values, recording),
            env: { ...entry.env, environment: effectiveEnvironment(context.env, values) },
          };
        }
        cache.set(context, entry);
      }
      return entry;
    };
  };
  return {
    registry,
    scopeOf: scopes(false),
    recordingScopeOf: scopes(true),
    environmentOf,
  };
}

/** An `env:` property's map (the checker made sure it is one). */
export function environmentMap(property: Property | undefined): MapLiteral | undefined {
  return property?.value?.kind === "map" ? property.value : undefined;
}
