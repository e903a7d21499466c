import { formatDuration } from "@momoflow/units";
import type { ResultStep, RunResultFile } from "@momoflow/record";
import {
  STATUS_LOOK,
  errorBlock,
  figuresText,
  stepMetricsText,
  type StepMetricsText,
  type StepMetricsTone,
} from "./step-metrics-text";
import { declaredStepName } from "./recorded-step-name";
import { inlineCode, markdownText } from "./markdown-text";

/** The recorded steps that stand for one declared step: itself, or its instances or children. */
export function recordedMembers(
  steps: readonly ResultStep[],
  name: string,
): { own?: ResultStep; members: ResultStep[] } {
  let own: ResultStep | undefined;
  const members: ResultStep[] = [];
  for (const step of steps)
    if (step.id === name) own = step;
    else if (declaredStepName(step.id) === name) members.push(step);
  return own ? { own, members } : { members };
}

/** Statuses in the order their counts are shown: what needs attention first. */
const COUNT_ORDER = [
  "failed",
  "cancelled",
  "rollback_failed",
  "rolled_back",
  "success",
  "skipped",
  "not_run",
  "running",
  "pending",
];

/** The tone of a group: the most urgent of its members'. */
function groupTone(members: readonly ResultStep[]): StepMetricsTone {
  const tones = new Set(members.map((m) => STATUS_LOOK[m.status]?.tone ?? "muted"));
  for (const tone of ["failed", "rolled_back", "success"] as const)
    if (tones.has(tone)) return tone;
  return "muted";
}

/**
 * The inline figures of a step that ran as several recorded steps (a
 * fan-out's instances, a called workflow's steps): a count per status
 * (`12 ✓ 1 ✗`), the longest member's time, the first failure's error; the
 * hover has every member's own figures.
 */
export function stepGroupMetricsText(
  name: string,
  members: readonly ResultStep[],
  run: Pick<RunResultFile, "runId" | "status">,
  stale = false,
): StepMetricsText {
  const { rows, calls } = countedRows(name, members);
  const counts = new Map<string, number>();
  for (const m of rows) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  const statuses = [...counts.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const parts = [statuses.map((s) => `${counts.get(s)} ${STATUS_LOOK[s]?.icon ?? s}`).join(" ")];
  const timed = rows.filter((m) => m.attempts > 0);
  if (timed.length > 0)
    parts.push(`longest ${formatDuration(Math.max(...timed.map((m) => m.metrics.durationMs)))}`);
  const failure = members.find(
    (m) => m.error && (m.status === "failed" || m.status === "rollback_failed"),
  );
  const text = figuresText(
    parts,
    failure?.error ? { label: `${failure.id}: `, text: failure.error } : undefined,
    stale,
  );
  const listed = listedMembers(rows);
  const more = rows.length - listed.length;
  const counted = calls
    ? `${rows.length} call${rows.length === 1 ? "" : "s"}`
    : `${rows.length} recorded step${rows.length === 1 ? "" : "s"}`;
  const hover = [
    `**${markdownText(name)}**: ${counted} (run ${inlineCode(run.runId)})`,
    "",
    ...listed.map((m) => `- ${inlineCode(m.id)} ${markdownText(stepMetricsText(m, run).text)}`),
    ...(more > 0 ? [`- … and ${more} more (every one in the metrics panel)`] : []),
    // The error the figures cut short, whole.
    ...(failure?.error ? ["", `${inlineCode(failure.id)}:`, ...errorBlock(failure.error)] : []),
  ].join("\n");
  return { text, tone: stale ? "muted" : groupTone(rows), hover };
}

/**
 * The rows a group's figures count: a step that calls a workflow once per
 * item counts its calls — the instances (`deploy[0]`), each standing for
 * the steps its call ran (`deploy[0]/bump`…), which the metrics panel lists
 * — and any other group all its members. `calls`: the rows are such calls.
 */
function countedRows(
  name: string,
  members: readonly ResultStep[],
): { rows: readonly ResultStep[]; calls: boolean } {
  const isInstance = (id: string): boolean =>
    id.startsWith(`${name}[`) && /^\d+\]$/.test(id.slice(name.length + 1));
  const instances = members.filter((m) => isInstance(m.id));
  const calls = instances.some((i) => members.some((m) => m.id.startsWith(`${i.id}/`)));
  return calls ? { rows: instances, calls } : { rows: members, calls };
}

/** A hover lists at most this many members: a 1,000-instance fan-out would fill the screen. */
export const MAX_LISTED_MEMBERS = 20;

/**
 * The members a hover lists, in their order: all when few; else the first
 * {@link MAX_LISTED_MEMBERS}, those that need attention (failed, rolled back…) first.
 */
function listedMembers(members: readonly ResultStep[]): readonly ResultStep[] {
  if (members.length <= MAX_LISTED_MEMBERS) return members;
  const kept = members
    .map((member, index) => ({ member, index }))
    .sort((a, b) => rank(a.member.status) - rank(b.member.status) || a.index - b.index)
    .slice(0, MAX_LISTED_MEMBERS)
    .sort((a, b) => a.index - b.index);
  return kept.map((k) => k.member);
}

function rank(status: string): number {
  const at = COUNT_ORDER.indexOf(status);
  return at < 0 ? COUNT_ORDER.length : at;
}
