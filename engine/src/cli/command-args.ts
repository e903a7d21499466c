import { parseArgs, type ParseArgsConfig } from "node:util";
import { nearestNames } from "../language/edit-distance";
import { UsageError } from "./usage-error";

/**
 * `parseArgs` for `momoflow <command>`, its mistakes said as momoflow says a
 * usage error (exit code 2): what is wrong, the nearest option for a
 * mistyped one, and where the help is. Node's own messages name neither the
 * command nor the option meant, and one of them ends mid-quote.
 *
 * @param command the command's name (`run`), for the messages
 * @param otherOptions options the command takes out of its arguments before
 *   this (run's `--resume`, whose value is optional): suggested too
 * @throws UsageError for an unknown option, a missing value (also one taken for
 *   an option, as it starts with a dash), a value given to a switch, or an
 *   argument the command does not take
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
  otherOptions: readonly string[] = [],
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const known = [...Object.keys(config.options ?? {}), ...otherOptions];
    throw usageErrorOf(command, known, error);
  }
}

/** The usage error saying what `error` (from `parseArgs`) found, or `error` itself when it is not one of its. */
function usageErrorOf(command: string, known: readonly string[], error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  const message = (error as { message?: unknown }).message;
  if (typeof code !== "string" || typeof message !== "string") return error;
  const help = `"momoflow ${command} --help"`;
  const of = `"momoflow ${command}"`;
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && quoted !== undefined) {
    const guess = quoted.startsWith("--") ? nearestNames(quoted.slice(2), known, 1)[0] : undefined;
    const hint = guess === undefined ? "" : `; did you mean --${guess}?`;
    return new UsageError(`unknown option ${quoted} for ${of}${hint} (${help} lists the options)`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && quoted !== undefined) {
    // "Option '-q, --quiet <value>' argument missing" or "Option '--json' does not take an argument".
    const option = /(--[^\s<]+)/.exec(quoted)?.[1] ?? quoted;
    if (message.includes("argument missing")) {
      return new UsageError(
        `option ${option} of ${of} needs a value: ${option} <value> (${help} says what it takes)`,
      );
    }
    // "Option '--workdir' argument is ambiguous": the word after it starts with a dash.
    if (message.includes("ambiguous")) {
      return new UsageError(
        `option ${option} of ${of} needs a value, and the word after it starts with "-": ` +
          `a value that starts with "-" is written ${option}=-… (${help} says what it takes)`,
      );
    }
    return new UsageError(`option ${option} of ${of} takes no value (${help} lists the options)`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && quoted !== undefined) {
    return new UsageError(`${of} takes no argument ${JSON.stringify(quoted)} (see ${help})`);
  }
  return error;
}

/**
 * The one argument of a command that takes one file (or folder).
 *
 * @param command the command's name (`run`), for the messages
 * @param positionals the arguments that are not options
 * @param expects what the command expects, for the messages ("one workflow file")
 * @param help the command's help, shown when the argument is missing
 * @throws UsageError with the help when there is no argument, and naming the
 *   others when there are more: a `name=value` among them is a parameter
 *   written without its own `--param`
 */
export function oneArgument(
  command: string,
  positionals: readonly string[],
  expects: string,
  help: string,
): string {
  const [first, ...more] = positionals;
  if (first === undefined) throw new UsageError(`${command} expects ${expects}\n\n${help}`);
  if (more.length === 0) return first;
  const named = more.map((extra) => JSON.stringify(extra)).join(", ");
  const which = more.length === 1 ? `${named} is a second` : `${named} are more`;
  const param = more.find((extra) => /^[A-Za-z_][\w.-]*=/.test(extra));
  const hint =
    param !== undefined
      ? `each parameter needs its own --param: --param ${param}`
      : `options go before or after it; "momoflow ${command} --help" lists them`;
  throw new UsageError(`${command} expects ${expects}; ${which} (${hint})`);
}
