/**
 * The environment variable a `secret` param may be given with instead of
 * `--param` (which other users see in the process list):
 * `MOMOFLOW_PARAM_<NAME>`, the name in capitals (`api_token` →
 * `MOMOFLOW_PARAM_API_TOKEN`). `momoflow run` and `momoflow rollback` read it.
 * A called workflow's secret that an undo reads under its name in the call
 * (`release/key`, `deploy[0]/key`, see `ParamSources.call`) is a name no
 * shell variable can have: each `/` is `__` and an instance's `[0]` is `_0`
 * (`MOMOFLOW_PARAM_RELEASE__KEY`, `MOMOFLOW_PARAM_DEPLOY_0__KEY`).
 */
export function secretParamVariable(name: string): string {
  const shellName = name.replace(/\[(\d+)\]/g, "_$1").replaceAll("/", "__");
  return `${SECRET_PARAM_PREFIX}${shellName.toUpperCase()}`;
}

/** What the name of every variable {@link secretParamVariable} gives begins with. */
export const SECRET_PARAM_PREFIX = "MOMOFLOW_PARAM_";
