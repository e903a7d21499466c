import { secretParamVariable } from "../../runtime/secret-param-source";
import { howToGiveParam, type ParamsGivenIn } from "./params-given-in";

/**
 * The fewest characters a secret may have. A secret is masked by replacing
 * each of its occurrences with `***` wherever a run writes (the terminal, the
 * logs, the run record): a value of one to three characters occurs in
 * ordinary text — a letter, a digit, a space — so masking it would garble
 * every line and every recorded undo, and an undo garbled so is a different
 * command. Such a value is refused before the run starts instead.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Why the secret param `name`'s value cannot be used, or undefined when it can.
 * An empty one is refused too: it is almost always a variable that was not set
 * (`= env.DEPLOY_TOKEN`, or an empty `MOMOFLOW_PARAM_<NAME>` in CI), and a
 * step would go on with no credential at all.
 *
 * @param fromDefault given when the value is the param's default, not one
 *   given to the run: the environment variables that default reads, each
 *   with its value now (undefined: not set), which an empty value names.
 * @param givenIn where the run's params are given, which an empty value's
 *   message names (`--param`, or a test's `params:`).
 */
export function shortSecretProblem(
  name: string,
  value: string,
  fromDefault?: ReadonlyMap<string, string | undefined>,
  givenIn: ParamsGivenIn = "command line",
): string | undefined {
  const length = [...value].length;
  if (length === 0) {
    const why = fromDefault ? ` (${emptyDefault(fromDefault)})` : "";
    return `the secret \`${name}\` is empty${why}: give it ${howToGiveParam(name, givenIn)} or the environment variable ${secretParamVariable(name)}`;
  }
  if (length >= MIN_SECRET_LENGTH) return undefined;
  return `the secret \`${name}\` is ${length} character${length === 1 ? "" : "s"} long: a secret must have at least ${MIN_SECRET_LENGTH}, since masking a shorter one as *** would hide those characters everywhere the run writes (its output, its logs, its record's undos); use a longer value, or declare the param \`string\` if it is not secret`;
}

/** Why a default gave no value: `its default reads the environment variable DEPLOY_TOKEN, which is not set`. */
function emptyDefault(variables: ReadonlyMap<string, string | undefined>): string {
  const state = (value: string | undefined): string => (value === undefined ? "not set" : "empty");
  const entries = [...variables];
  if (entries.length === 0) return "its default gave no value";
  if (entries.length === 1) {
    const [[variable, value]] = entries as [[string, string | undefined]];
    return `its default reads the environment variable ${variable}, which is ${state(value)}`;
  }
  const each = entries.map(([variable, value]) => `${variable} (${state(value)})`);
  return `its default gave no value; it reads the environment variables ${each.join(", ")}`;
}
