/**
 * Where a run's params are given: on the command line (`momoflow run
 * --param`), or in a test's `params:` (`momoflow test` has no `--param`).
 * A message that says how to give a param names the place the user has.
 */
export type ParamsGivenIn = "command line" | "test";

/** How to give param `name` where params are given: `with --param key=...`, or in the test's `params:`. */
export function howToGiveParam(name: string, where: ParamsGivenIn): string {
  return where === "test"
    ? `in the test's params (\`params: { ${name}: env.NAME }\`)`
    : `with --param ${name}=...`;
}
