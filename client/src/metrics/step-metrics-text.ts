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

/**
 * The most characters of figures after a step's line (status, time, memory,
 * error, `(stale)` together): longer, they ran under the minimap or off
 * screen. A step's line is short (`  step deploy {`), so they end near
 * column 100. What is cut stays whole in the hover.
 */
export const INLINE_TEXT_MAX = 80;

/** The fewest characters an error (or a skip's reason) keeps inline, however long the figures before it. */
const NOTE_KEPT = 20;

/** What the figures end with when stale. */
const STALE_MARK = "  (stale)";

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
 * Why a step was skipped, as the record tells it: up to date, or its reason
 * (the `when` that was false, or its call's, a fan-out without items); a
 * record without one (made before reasons were recorded) says only that its
 * `when` was false.
 */
export function skipReason(step: ResultStep): string {
  if (step.upToDate) return "up to date";
  return step.reason ?? "its when was false";
}

/**
 * Why a step did not run, short, for the figures after its `○ not run`: the
 * record's reason (a workflow's `timeout` left it unstarted: `not run after
 * the workflow's timeout (no step starts then, not even a handler)`) without
 * the words the status already says and without its closing explanation in
 * parentheses, which the hover keeps whole — `after the workflow's timeout`.
 * Undefined when the record gives no reason.
 */
export function shortNotRunReason(step: ResultStep): string | undefined {
  if (step.reason === undefined) return undefined;
  const short = step.reason
    .replace(/^not run /, "")
    .replace(/ \([^()]*\)$/, "")
    .trim();
  return short === "" ? step.reason : short;
}

/** The fewest characters of a quoted part kept when it is shortened. */
const QUOTED_KEPT = 12;

/**
 * The first line of an error, cut to `max` characters (one line, an
 * ellipsis where it was cut). Why it failed comes last (`shell command "…"
 * exited with code 3: boom`), so the cut never drops the end: the longest
 * quoted part (the command) is shortened first (to `"…"` when even that is
 * not enough), and otherwise the middle of the line goes, at a space when
 * one is near.
 */
export function shortError(error: string, max = INLINE_TEXT_MAX): string {
  const whole = firstLine(error);
  if (whole.length <= max) return whole;
  const line = withoutScriptLineLead(whole);
  if (line.length <= max) return line;
  const command = scriptLineCommand(line);
  if (command) return cutMiddle(shortenedCommand(line, command, max), max);
  const quoted = longestQuoted(line);
  if (!quoted) return cutMiddle(line, max);
  const keep = quoted.length - 2 - (line.length - max) - 1;
  const inner = keep >= QUOTED_KEPT ? quoted.text.slice(1, 1 + keep).replace(/\\$/, "") : "";
  return cutMiddle(
    `${line.slice(0, quoted.start)}"${inner}…"${line.slice(quoted.start + quoted.length)}`,
    max,
  );
}

/**
 * How the engine says which line stopped a failed bash script: `shell
 * command "…" exited with code 1 at line 2 of the script (w.momoflow:25),
 * `. Groups: its exit code (with the signal it may stand for), the script's line.
 */
const SCRIPT_LINE_LEAD =
  /shell command "(?:[^"\\]|\\.)*" exited with (code \d+(?: \([A-Z0-9]+\?\))?) at line (\d+) of the script(?: \([^)]*\))?, /;

/**
 * A failed bash script's error without what the figures' place already
 * says: the command's text (the step's own script) and the file's line
 * (both whole in the hover), so that the script's line, its command and why
 * stay in view, its exit code said short: `exit code 1 at line 2,
 * \`false\`: starting`.
 * Any other error as it is.
 */
export function withoutScriptLineLead(line: string): string {
  if (!SCRIPT_LINE_LEAD.test(line)) return line;
  return line
    .replace(SCRIPT_LINE_LEAD, (_all, code: string, at: string) => `exit ${code} at line ${at}, `)
    .replace(CALLED_AT, "`");
}

/**
 * The line that called the shell function a failed command was in, after
 * that command (`\`false\`, in a function called at line 8 (w.momoflow:11): why`):
 * the hover has it, the figures keep the failing line and why.
 */
const CALLED_AT = /`, in a function called at line \d+(?: \([^)]*\))?(?=: |$)/;

/** The fewest characters of a script line's command kept when it is shortened. */
const COMMAND_KEPT = 4;

/**
 * Where the command of a failed script's line is in `line` as
 * {@link withoutScriptLineLead} gives it (`exit code 1 at line 2, \`cmd\`: why`),
 * between its backticks; undefined in any other error.
 */
function scriptLineCommand(line: string): { start: number; end: number } | undefined {
  const lead = /^exit code \d+(?: \([A-Z0-9]+\?\))? at line \d+, `/.exec(line);
  if (!lead) return undefined;
  const start = lead[0].length;
  const beforeWhy = line.indexOf("`: ", start);
  const end = beforeWhy >= 0 ? beforeWhy : line.endsWith("`") ? line.length - 1 : -1;
  return end > start ? { start, end } : undefined;
}

/** `line` with the script line's command cut at its end (`\`test "…\``) to fit `max`, when it can. */
function shortenedCommand(
  line: string,
  command: { start: number; end: number },
  max: number,
): string {
  const text = line.slice(command.start, command.end);
  const keep = text.length - (line.length - max) - 1;
  const kept = keep >= COMMAND_KEPT ? text.slice(0, keep) : "";
  return `${line.slice(0, command.start)}${kept}…${line.slice(command.end)}`;
}

/**
 * The first line that says something, its escape sequences (terminal
 * colours) and runs of blanks gone. A line that ends in a colon
 * (`exited with code 1:`, the output that says why on the lines below) gets
 * the next line after it: the reason is what the figures must show.
 */
function firstLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "");
  const lines = plain
    .split(/\r?\n/)
    // eslint-disable-next-line no-control-regex
    .map((l) => l.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim())
    .filter((l) => l !== "");
  const first = lines[0] ?? "";
  return first.endsWith(":") && lines[1] ? `${first} ${lines[1]}` : first;
}

/** How far from a cut a space is looked for, so that words are not broken. */
const WORD_REACH = 10;

/**
 * `line` with its middle replaced by an ellipsis: about a third of `max`
 * from its start stays and the rest from its end; a cut near a space is
 * made at that space, so no word is broken there.
 */
function cutMiddle(line: string, max: number): string {
  if (line.length <= max) return line;
  const head = Math.floor((max - 1) / 3);
  const tail = line.length - (max - 1 - head);
  // The space itself is kept (beside the ellipsis), so neither side grows.
  const space = line.lastIndexOf(" ", head);
  const start =
    space > 0 && head - space <= WORD_REACH ? `${line.slice(0, space)} ` : line.slice(0, head);
  const next = line.indexOf(" ", tail);
  const end =
    next >= 0 && next - tail <= WORD_REACH ? ` ${line.slice(next + 1)}` : line.slice(tail);
  return `${start}…${end}`;
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
 * error of a failed step, why a step was skipped or not run; `(stale)` when the workflow changed since.
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
  const note =
    step.error && (step.status === "failed" || step.status === "rollback_failed")
      ? step.error
      : step.status === "skipped"
        ? skipReason(step)
        : step.status === "not_run"
          ? shortNotRunReason(step)
          : undefined;
  const text = figuresText(parts, note === undefined ? undefined : { text: note }, stale);
  return { text, tone: stale ? "muted" : look.tone, hover: stepMetricsHover(step, run, stale) };
}

/** What the figures end with: an error, a skip's reason or why a step did not run, after its `label` (`convert[2]: `). */
export interface FiguresNote {
  label?: string;
  text: string;
}

/**
 * The figures as one line of at most {@link INLINE_TEXT_MAX} characters:
 * `parts` joined, then the note's first line cut to the room left (see
 * {@link shortError}; never fewer than `NOTE_KEPT` characters), then
 * `(stale)` when stale.
 */
export function figuresText(
  parts: readonly string[],
  note: FiguresNote | undefined,
  stale: boolean,
): string {
  let text = parts.join(" · ");
  if (note) {
    const label = note.label ?? "";
    const room = INLINE_TEXT_MAX - text.length - " · ".length - label.length;
    const left = room - (stale ? STALE_MARK.length : 0);
    text += ` · ${label}${shortError(note.text, Math.max(NOTE_KEPT, left))}`;
  }
  return stale ? text + STALE_MARK : text;
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
  if (step.status === "not_run" && step.reason !== undefined)
    lines.push(
      `- ${markdownText(step.reason.startsWith("not run") ? step.reason : `not run: ${step.reason}`)}`,
    );
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
  if (step.error) lines.push("", ...errorBlock(step.error));
  return lines.join("\n");
}

/** A whole error as hover Markdown: a text block, every line as the record has it. */
export function errorBlock(error: string): string[] {
  // A fence longer than any run of backticks in the error.
  const longest = Math.max(2, ...(error.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, error, fence];
}
