import { shortSecretProblem } from "@momoflow/language";
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

/** The secrets a run takes from the environment, and those it would refuse. */
export interface RunSecretsInEnvironment {
  /** The values to hand on to the CLI, by param name. */
  given: Record<string, string>;
  /**
   * Why a run refuses the value `MOMOFLOW_PARAM_<NAME>` gives, by param name,
   * in the CLI's own words (`MOMOFLOW_PARAM_PIN: the secret \`pin\` is 2
   * characters long: a secret must have at least 4, …`): asked for instead.
   */
  refused: Record<string, string>;
}

/**
 * {@link secretsInEnvironment} for ▶ Run and Resume: a value shorter than a
 * secret may be (the run's own rule, `shortSecretProblem`) is not handed on,
 * as the CLI would refuse it and the run fail at once (exit 2), but asked
 * for, the box saying why. A rollback takes such a value: its undos only
 * read it.
 */
export function runSecretsInEnvironment(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): RunSecretsInEnvironment {
  const given = secretsInEnvironment(names, env);
  const refused: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const problem = shortSecretProblem(name, value);
    if (problem === undefined) continue;
    refused[name] = `${secretParamVariable(name)}: ${problem}`;
    delete given[name];
  }
  return { given, refused };
}
