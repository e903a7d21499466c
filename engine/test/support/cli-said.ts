import type { CliOutcome } from "./cli-process";

/**
 * What a CLI process said, for an assertion's message: how it ended (its
 * exit code, and the signal that ended it if one did), then its stdout and
 * stderr.
 */
export function said(out: CliOutcome): string {
  const signal = out.signal ? ` (signal ${out.signal})` : "";
  return `exit ${out.code}${signal}\n${out.stdout}${out.stderr}`;
}
