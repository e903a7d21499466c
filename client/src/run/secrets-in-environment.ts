import { secretParamVariable } from "@momoflow/runtime";

/**
 * The secret params among `names` that `env`, the extension host's
 * environment, gives: `MOMOFLOW_PARAM_<NAME>` set and not empty
 * (`MOMOFLOW_PARAM_API_KEY` for `api_key`, `MOMOFLOW_PARAM_RELEASE__KEY` for
 * a rollback's `release/key`), as when VS Code was started from a shell that
 * exports it. ▶ Run, Resume and Rollback do not ask for those: the CLI would
 * read them. They hand the value on in the task's environment all the same,
 * since VS Code's task terminal takes its environment from its server
 * process, not from the extension host's current one. An empty one (what a
 * CI job sets when its secret is not available) is asked for: the CLI would
 * refuse it.
 */
export function secretsInEnvironment(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const given: Record<string, string> = {};
  for (const name of names) {
    const value = env[secretParamVariable(name)];
    if (value !== undefined && value !== "") given[name] = value;
  }
  return given;
}
