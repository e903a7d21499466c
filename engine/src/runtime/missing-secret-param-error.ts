import { secretParamVariable } from "./secret-param-source";

/**
 * Thrown when an undo from the record reads a secret param (`param.key`,
 * `param.release/key`) that the rollback was not given: the record keeps
 * only its name. Says how to give it to `momoflow rollback`; a worker,
 * which cannot be given `--param`, says it its own way (see `param`).
 */
export class MissingSecretParamError extends Error {
  constructor(
    /** The param's name as the record names it (`release/key`). */
    readonly param: string,
  ) {
    super(
      `it reads the secret param \`${param}\`, which the record does not keep: give it with --param ${param}=... or the environment variable ${secretParamVariable(param)}`,
    );
    this.name = "MissingSecretParamError";
  }
}
