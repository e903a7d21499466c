import { describeStepMemory, formatStepMemory, formatDuration } from "@momoflow/units";
import { stepMemoryOf, type StepMemory } from "@momoflow/runtime";
import type { ResultStep, RunResultFile } from "@momoflow/record";
import { stepUndo, stepUndoText } from "./step-undo";
import { inlineCode, markdownText } from "./markdown-text";

/** How a step's figures read: the colour the editor gives them. */
export type StepMetricsTone = "success" | "failed" | "rolled_back" | "muted";

/** What the editor shows after a step's name, and in its hover. */
export interface StepMetricsText {
  /** One line: `✓ success · 1.52 s · 34.0 MB peak` (or `+1.2 MB heap`). */
  text: string;
  tone: StepMetricsTone;
  /** Markdown: every figure, the whole error, the run. */
  hover: string;
}

const ERROR_LENGTH = 80;

/** How one step status is shown. */
export interface StatusLook {
  icon: string;
  words: string;
  tone: StepMetricsTone;
}

/** Icon, words and tone of each step status (language.md §6). */
export const STATUS_LOOK: Record<string, StatusLook> = {
  success: { icon: "✓", words: "success", tone: "success" },
  failed: { icon: "✗", words: "failed", tone: "failed" },
  cancelled: { icon: "✗", words: "cancelled", tone: "failed" },
  rolled_back: { icon: "↶", words: "rolled back", tone: "rolled_back" },
  rollback_failed: { icon: "⚠", words: "rollback failed", tone: "failed" },
  skipped: { icon: "–", words: "skipped", tone: "muted" },
  not_run: { icon: "○", words: "not run", tone: "muted" },
  pending: { icon: "○", words: "pending", tone: "muted" },
  running: { icon: "…", words: "running", tone: "muted" },
};

/**
 * The step's own memory figure: its shell processes' peak, or the engine's
 * heap growth for an in-process step; undefined when not measured.
 */
export function stepMemory(step: ResultStep): StepMemory | undefined {
  return stepMemoryOf(step.metrics);
}

/** Whether the step ran at all (skipped and not-run steps have no figures worth showing). */
function ran(step: ResultStep): boolean {
  return step.attempts > 0 && step.status !== "skipped" && step.status !== "not_run";
}

/**
 * Why a step was skipped, as the record tells it: up to date, a fan-out's own
 * reason, or — the record keeps no reason then — its `when` was false.
 */
export function skipReason(step: ResultStep): string {
  if (step.upToDate) return "up to date";
  return step.reason ?? "its when was false";
}

/** The fewest characters of a quoted part kept when it is shortened. */
const QUOTED_KEPT = 12;

/**
 * The first line of an error, cut to a length that fits after a step's name.
 * Why it failed comes last (`shell command "…" exited with code 3: boom`), so
 * the cut never drops the end: the longest quoted part (the command) is
 * shortened first, and otherwise the middle of the line goes.
 */
export function shortError(error: string, max = ERROR_LENGTH): string {
  const line = (error.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim();
  if (line.length <= max) return line;
  const quoted = longestQuoted(line);
  if (quoted) {
    const keep = quoted.length - 2 - (line.length - max) - 1;
    if (keep >= QUOTED_KEPT) {
      const inner = quoted.text.slice(1, 1 + keep).replace(/\\$/, "");
      return `${line.slice(0, quoted.start)}"${inner}…"${line.slice(quoted.start + quoted.length)}`;
    }
  }
  const head = Math.floor((max - 1) / 3);
  return `${line.slice(0, head)}…${line.slice(line.length - (max - 1 - head))}`;
}

/** The longest double-quoted part of `line` (escaped quotes inside it allowed). */
function longestQuoted(line: string): { start: number; length: number; text: string } | undefined {
  let longest: { start: number; length: number; text: string } | undefined;
  for (const match of line.matchAll(/"(?:[^"\\]|\\.)*"/g))
    if (!longest || match[0].length > longest.length)
      longest = { start: match.index, length: match[0].length, text: match[0] };
  return longest;
}

/**
 * The inline figures of one step of a finished run: status, wall time, its
 * memory figure when measured (formatted as the CLI's summary does), attempts when retried, the
 * error of a failed step; `(stale)` when the workflow changed since.
 */
export function stepMetricsText(
  step: ResultStep,
  run: Pick<RunResultFile, "runId" | "status">,
  stale = false,
): StepMetricsText {
  const look = STATUS_LOOK[step.status] ?? { icon: "?", words: step.status, tone: "muted" };
  const parts = [`${look.icon} ${look.words}`];
  if (ran(step)) {
    parts.push(formatDuration(step.metrics.durationMs));
    const memory = stepMemory(step);
    if (memory) parts.push(formatStepMemory(memory));
    if (step.attempts > 1) parts.push(`${step.attempts} attempts`);
  }
  if (step.error && (step.status === "failed" || step.status === "rollback_failed"))
    parts.push(shortError(step.error));
  if (step.status === "skipped") parts.push(skipReason(step));
  let text = parts.join(" · ");
  if (stale) text += "  (stale)";
  return { text, tone: stale ? "muted" : look.tone, hover: stepMetricsHover(step, run, stale) };
}

/** The hover of a step's figures: everything the record holds about it. */
export function stepMetricsHover(
  step: ResultStep,
  run: Pick<RunResultFile, "runId" | "status">,
  stale = false,
): string {
  const look = STATUS_LOOK[step.status];
  const lines = [
    `**${markdownText(step.id)}**: ${markdownText(look?.words ?? step.status)} (run ${inlineCode(run.runId)}, ${markdownText(run.status.replace(/_/g, " "))})`,
    "",
  ];
  if (stale)
    lines.push(
      "_The workflow changed since this run: these figures may not match it any more._",
      "",
    );
  if (step.status === "skipped") lines.push(`- skipped: ${markdownText(skipReason(step))}`);
  if (step.worker) lines.push(`- ran on worker ${inlineCode(step.worker)}`);
  if (ran(step)) {
    const m = step.metrics;
    lines.push(`- time: ${formatDuration(m.durationMs)}`);
    if (step.attempts > 1) lines.push(`- attempts: ${step.attempts}`);
    lines.push(
      `- CPU: ${formatDuration(m.cpuUserMs)} user, ${formatDuration(m.cpuSystemMs)} system`,
    );
    lines.push(`- ${describeStepMemory(stepMemory(step))}`);
    const child = m.child;
    if (child?.cpuUserMs !== undefined || child?.cpuSystemMs !== undefined)
      lines.push(
        `- CPU of its process: ${formatDuration(child.cpuUserMs ?? 0)} user, ${formatDuration(child.cpuSystemMs ?? 0)} system`,
      );
  }
  lines.push(`- ${stepUndoText(stepUndo(step))}`);
  if (step.error) {
    // A fence longer than any run of backticks in the error.
    const longest = Math.max(2, ...(step.error.match(/`+/g) ?? []).map((r) => r.length));
    const fence = "`".repeat(longest + 1);
    lines.push("", `${fence}text`, step.error, fence);
  }
  return lines.join("\n");
}
