import type { ParamDeclaration, StepDeclaration, WorkflowDeclaration } from "../ast";
import type { WorkflowSymbol } from "../scope";
import { CALL_SEPARATOR, workflowCalls } from "../workflow-call";
import { SECRET_PARAM_PREFIX, secretParamVariable } from "../../runtime/secret-param-source";
import type { DiagnosticSink } from "./diagnostic-sink";

/**
 * MF023 on a workflow's `secret` param whose environment variable
 * (`MOMOFLOW_PARAM_<NAME>`) is also the one `momoflow rollback` reads for a
 * secret of a workflow it calls, kept under its name in the call
 * (`release/key` → `MOMOFLOW_PARAM_RELEASE__KEY`, see secret-param-source.ts):
 * a param `release__key` would have its value, or the called undo the
 * param's, and undo something else. Only a `__` in the name can clash, and
 * the param is what the user can rename, so it is said there, as an error:
 * `momoflow run` then refuses the file before a record could hold both.
 *
 * A called workflow's secrets count whatever its argument reads (a record
 * keeps only some under the call's name, and the call's argument may change),
 * through nested calls (`release/inner/key`) and for each instance of a call
 * made once per item (`deploy[1]/key` → `DEPLOY_1__KEY`). Workflow-wide: it
 * reads the params and every calling step.
 */
export function reportCallSecretVariables(
  workflow: WorkflowDeclaration,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
): void {
  // Every name in a call holds a `/`, which the variable writes as `__`.
  const candidates = (workflow.params ?? []).filter(
    (param) =>
      param?.type?.name?.text === "secret" &&
      param.name?.text &&
      secretParamVariable(param.name.text).includes("__"),
  );
  if (candidates.length === 0) return;
  const seen = new Set(workflow.name?.text ? [workflow.name.text] : []);
  const secrets = [...calledSecrets(workflow, workflows, [], seen)];
  for (const param of candidates) {
    const variable = secretParamVariable(param.name.text);
    for (const secret of secrets) {
      const match = secret.variable.exec(variable);
      if (!match) continue;
      report(param, variable, secret, match, sink);
      break;
    }
  }
}

/** One step of the way to a called workflow: a calling step, and whether it calls once per item. */
interface CallLink {
  step: StepDeclaration;
  perItem: boolean;
}

/** A secret param of a workflow called (maybe through others) from the one checked. */
interface CalledSecret {
  /** The calling steps from the checked workflow's to the one calling `workflow`. */
  path: readonly CallLink[];
  key: string;
  workflow: string;
  /** The variable it is read from, an instance's index a group of its own. */
  variable: RegExp;
}

function* calledSecrets(
  workflow: WorkflowDeclaration,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  path: readonly CallLink[],
  seen: ReadonlySet<string>,
): Generator<CalledSecret> {
  for (const { step, call } of workflowCalls(workflow)) {
    const callee = workflows.get(call.callee.text);
    // A call cycle is MF042; an unknown workflow MF040.
    if (!callee || seen.has(callee.name) || !step.name?.text) continue;
    const perItem = (step.properties ?? []).some((p) => p?.name?.text === "for_each");
    const here = [...path, { step, perItem }];
    for (const param of callee.decl.params ?? []) {
      if (param?.type?.name?.text !== "secret" || !param.name?.text) continue;
      yield {
        path: here,
        key: param.name.text,
        workflow: callee.name,
        variable: variablePattern(here, param.name.text),
      };
    }
    yield* calledSecrets(callee.decl, workflows, here, new Set([...seen, callee.name]));
  }
}

/** `MOMOFLOW_PARAM_RELEASE__KEY`, `MOMOFLOW_PARAM_DEPLOY_(\d+)__KEY`: as secretParamVariable writes them. */
function variablePattern(path: readonly CallLink[], key: string): RegExp {
  const upper = (name: string): string => escaped(name.toUpperCase());
  const links = path.map((link) => upper(link.step.name.text) + (link.perItem ? "_(\\d+)" : ""));
  return new RegExp(`^${escaped(SECRET_PARAM_PREFIX)}${[...links, upper(key)].join("__")}$`);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function report(
  param: ParamDeclaration,
  variable: string,
  secret: CalledSecret,
  match: RegExpExecArray,
  sink: DiagnosticSink,
): void {
  const indexes = match.slice(1);
  const inCall = secret.path
    .map((link) => `${link.step.name.text}${link.perItem ? `[${indexes.shift()}]` : ""}`)
    .concat(secret.key)
    .join(CALL_SEPARATOR);
  const first = secret.path[0]!.step;
  const how = secret.path.length === 1 ? "called by" : "called through";
  const name = param.name.text;
  // Every run of underscores made one: "a___b" is not left with a "__".
  const renamed = name.replace(/_{2,}/g, "_");
  sink.report(
    "MF023",
    param.name.range,
    `${variable}, the environment variable of the secret "${name}", is also the one momoflow rollback reads for ${inCall}, the secret "${secret.key}" of workflow "${secret.workflow}" ${how} step "${first.name.text}": one variable cannot give both; rename the param without "__" (as "${renamed}")`,
    {
      data: { renameSecretTo: renamed },
      related: [
        {
          path: sink.path,
          range: first.name.range,
          message: `the call whose secret momoflow rollback reads as ${inCall}`,
        },
      ],
    },
  );
}
