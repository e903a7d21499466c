import type { StepStatus, WorkflowStatus } from "../runtime/status";

/** ANSI colours, only on a terminal that wants them (NO_COLOR, FORCE_COLOR respected). */
export interface TerminalStyle {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  status(status: StepStatus | WorkflowStatus, text?: string): string;
  /**
   * One of a few distinct colours, chosen by `index` (cycling): tells apart
   * the steps whose output lines are shown side by side.
   */
  tint(index: number, text: string): string;
}

const codes = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
} as const;

// No red or grey: those say "failed" and "not run" in the same output.
const tints = ["cyan", "yellow", "green", "magenta", "blue"] as const;

const statusColour: Record<string, keyof typeof codes> = {
  success: "green",
  failed: "red",
  rollback_failed: "red",
  partially_rolled_back: "red",
  rolled_back: "yellow",
  cancelled: "yellow",
  skipped: "gray",
  not_run: "gray",
  pending: "gray",
  running: "cyan",
};

/** The style for a stream: colour on a TTY unless NO_COLOR; FORCE_COLOR forces it (the VS Code task terminal). */
export function styleFor(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv = process.env,
): TerminalStyle {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  const enabled =
    forced || (stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== "dumb");
  const wrap = (code: number, text: string): string =>
    enabled ? `\x1b[${code}m${text}\x1b[0m` : text;
  return {
    enabled,
    bold: (text) => wrap(1, text),
    dim: (text) => wrap(2, text),
    status: (status, text = status) => wrap(codes[statusColour[status] ?? "gray"], text),
    tint: (index, text) => wrap(codes[tints[Math.abs(index) % tints.length]!], text),
  };
}
