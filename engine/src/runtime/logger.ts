/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Where the engine and the steps write their log lines. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything: the library default, so embedding stays quiet. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger writing `level message` lines to a stream (stderr by default). */
export function createStreamLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  minLevel: "debug" | "info" | "warn" | "error" = "info",
): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const emit =
    (level: keyof typeof order) =>
    (message: string, fields?: LogFields): void => {
      if (order[level] < order[minLevel]) return;
      const suffix = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : "";
      write(`${level} ${message}${suffix}\n`);
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
