import { isExactNumber } from "./exact-number";
import { SecretMask, writtenOtherwise } from "./secret-mask";
import { StepStatus } from "./status";
import type { OutputPath, StepResult } from "./step";
import type { StepOutput } from "./step-output";

/**
 * A value inside a structured output shorter than this is not masked as a
 * leaf: `true`, `42` or `"ok"` occur in ordinary text (see
 * `MIN_SECRET_LENGTH`, the same rule for secret params).
 */
const MIN_LEAF_LENGTH = 4;

/**
 * The texts that hide a step's secret output (see
 * `WorkflowStep.secretOutput`): the value at each path as text, and, of a
 * value that is a list or a map, each string or number in it (a JSON output
 * printed over several lines matches no single text). A path the output
 * does not have gives nothing: the call that reads it fails, saying so.
 */
export function secretOutputValues(output: unknown, paths: readonly OutputPath[]): string[] {
  const values: string[] = [];
  for (const path of paths) {
    const value = valueAt(output, path);
    if (value === undefined || value === null) continue;
    if (typeof value !== "object" || isExactNumber(value)) {
      values.push(String(value));
      continue;
    }
    values.push(JSON.stringify(value));
    collectLeaves(value, values);
  }
  return values.filter((v) => v !== "");
}

function valueAt(output: unknown, path: OutputPath): unknown {
  let value = output;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    if (typeof key === "number") {
      if (!Array.isArray(value)) return undefined;
      value = value[key];
    } else {
      if (Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}

function collectLeaves(value: unknown, into: string[]): void {
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
    const text = String(value);
    if ([...text].length >= MIN_LEAF_LENGTH) into.push(text);
  } else if (Array.isArray(value)) for (const item of value) collectLeaves(item, into);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) collectLeaves(item, into);
}

/**
 * Ends an attempt of a step whose output is a secret, before its
 * {@link StepOutput.endAttempt}: a success makes the values of its output
 * secrets of the run (`mask`), then writes what the attempt printed, masked
 * with them; an attempt without an output gives no value to know, so what it
 * printed on stdout is written as one line of `***`, and its error (which may
 * quote that stdout) has those lines as `***` too.
 */
export function settleSecretOutput(
  paths: readonly OutputPath[],
  result: StepResult,
  output: StepOutput,
  mask: SecretMask,
): StepResult {
  if (result.status === StepStatus.SUCCESS && result.output !== undefined) {
    mask.addSecrets(secretOutputValues(result.output, paths));
    output.releaseWithheld(true);
    return result;
  }
  const withheld = output.releaseWithheld(false);
  const error = result.error;
  if (error === undefined || withheld === "") return result;
  const lines = new Set<string>();
  for (const line of quotableLines(withheld)) {
    const text = line.trim();
    // A line of none of the characters a shell or JSON writes otherwise is found as it is, or not at all.
    if ([...text].length >= MIN_LEAF_LENGTH && (writtenOtherwise(text) || error.includes(text)))
      lines.add(text);
  }
  if (lines.size === 0) return result;
  return { ...result, error: SecretMask.of(lines).text(error) };
}

/**
 * Of what a failed attempt printed, the part an error message may quote: its
 * start and its end (a shell action's error quotes its first and last lines,
 * from at most 64 MB kept of it). The middle of stdout of megabytes is not
 * looked at: a mask of millions of lines takes minutes to apply.
 */
function quotableLines(stdout: string): string[] {
  if (stdout.length <= 2 * QUOTABLE_PART) return stdout.split(/\r?\n/);
  return [
    ...stdout.slice(0, QUOTABLE_PART).split(/\r?\n/),
    ...stdout.slice(-QUOTABLE_PART).split(/\r?\n/),
  ];
}

/** How much of the start and of the end of stdout {@link quotableLines} takes. */
const QUOTABLE_PART = 128 * 1024;
