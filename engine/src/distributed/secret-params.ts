import type { CheckResult } from "../language/scope";
import { environmentReads } from "../language/compile/environment-reads";
import { secretParamVariable } from "../runtime/secret-param-source";

/**
 * Secret params on workers. Whatever is in a job is in Redis in the clear
 * (and in its append-only file, and readable by whoever can reach it), so a
 * `secret` param's value never travels in one: each worker reads it from its
 * own environment (`MOMOFLOW_PARAM_<NAME>`, or the param's default, such as
 * `= env.DEPLOY_TOKEN`), as `momoflow rollback` does.
 */

/** The names of the `secret` params of `workflow` in a checked file. */
export function secretParamNames(check: CheckResult, workflow: string): Set<string> {
  const decl = check.scope.workflows.get(workflow)?.decl;
  return new Set(
    (decl?.params ?? []).filter((p) => p.type?.name.text === "secret").map((p) => p.name.text),
  );
}

/** The params a job may carry: those given, less the secret ones. */
export function paramsForJobs(
  params: Readonly<Record<string, string>>,
  secrets: ReadonlySet<string>,
): Record<string, string> {
  const sent = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) if (!secrets.has(name)) sent[name] = value;
  return sent;
}

/**
 * Refuses, on a worker, a workflow whose secret param without a default is
 * not in this worker's environment: said so, rather than as the compiler's
 * "give it with --param", which a worker cannot be given.
 * @throws Error naming the variable to set on the worker.
 */
export function requireWorkerSecrets(
  check: CheckResult,
  workflow: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const decl = check.scope.workflows.get(workflow)?.decl;
  for (const param of decl?.params ?? []) {
    if (param.type?.name.text !== "secret" || param.default) continue;
    const variable = secretParamVariable(param.name.text);
    if (env[variable] === undefined)
      throw new Error(
        `the secret param \`${param.name.text}\` is not sent through Redis: start this worker with ${variable} in its environment`,
      );
  }
}

/**
 * Why a workflow did not compile on a worker when the reason is a secret
 * param whose default reads environment variables none of which is set
 * here (`= env.DEPLOY_TOKEN`): the compiler's "give it with --param" names
 * what a worker cannot be given. Undefined when no such param explains it.
 */
export function unsetWorkerSecretDefault(
  check: CheckResult,
  workflow: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const decl = check.scope.workflows.get(workflow)?.decl;
  for (const param of decl?.params ?? []) {
    if (param.type?.name.text !== "secret" || !param.default) continue;
    const variable = secretParamVariable(param.name.text);
    const reads = [...new Set(environmentReads(param.default))];
    if (env[variable] !== undefined || reads.length === 0) continue;
    if (reads.some((name) => (env[name] ?? "") !== "")) continue;
    const which =
      reads.length === 1
        ? `the environment variable ${reads[0]}, which is not set`
        : `the environment variables ${reads.join(", ")}, none of which is set`;
    return `the secret param \`${param.name.text}\` is not sent through Redis, and its default reads ${which} on this worker: start this worker with ${reads.join(" or ")} or ${variable} in its environment`;
  }
  return undefined;
}
