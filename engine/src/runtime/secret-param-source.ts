/**
 * The environment variable a `secret` param may be given with instead of
 * `--param` (which other users see in the process list):
 * `MOMOFLOW_PARAM_<NAME>`, the name in capitals (`api_token` →
 * `MOMOFLOW_PARAM_API_TOKEN`). `momoflow run` and `momoflow rollback` read it.
 */
export function secretParamVariable(name: string): string {
  return `${SECRET_PARAM_PREFIX}${name.toUpperCase()}`;
}

/** What the name of every variable {@link secretParamVariable} gives begins with. */
export const SECRET_PARAM_PREFIX = "MOMOFLOW_PARAM_";
