import type { Logger } from "../runtime/logger";
import { SecretMask } from "../runtime/secret-mask";
import { SECRET_PARAM_PREFIX } from "../runtime/secret-param-source";
import type { StepOutputSinks } from "../runtime/step-output";
import { LOG_LIMIT_BYTES } from "./step-job";

/**
 * What the undos a worker runs for one job print, gathered to travel back
 * with the job's result (`UndoJobResult.log`): masked here with the secrets
 * the worker was given (`MOMOFLOW_PARAM_<NAME>`, what a recipe's secret
 * param is read from on a worker) and those its undos read from its memory
 * (see `UndoParamValues`), and kept to its last
 * {@link LOG_LIMIT_BYTES} characters (the end of a long output says how it
 * ended).
 */
export class PrintedOutput {
  private printed = "";
  private readonly mask: SecretMask;

  constructor(
    private readonly logger: Logger,
    /** Secrets the undos read besides those of the worker's environment. */
    read: readonly string[] = [],
  ) {
    const secrets = [...read];
    for (const [name, value] of Object.entries(process.env))
      if (name.startsWith(SECRET_PARAM_PREFIX) && value) secrets.push(value);
    this.mask = SecretMask.of(secrets);
  }

  /** Where an undo's output goes (see `undoExecution`). */
  sinks(): StepOutputSinks {
    return {
      onOutput: (chunk) => this.add(chunk.text),
      mask: this.mask,
      context: { logger: this.logger },
    };
  }

  /** What was printed, its end kept. */
  text(): string {
    return this.printed.length > LOG_LIMIT_BYTES
      ? this.printed.slice(-LOG_LIMIT_BYTES)
      : this.printed;
  }

  private add(text: string): void {
    this.printed += text;
    // Cut now and then, not at every chunk: only the end travels back.
    if (this.printed.length > 2 * LOG_LIMIT_BYTES)
      this.printed = this.printed.slice(-LOG_LIMIT_BYTES);
  }
}
