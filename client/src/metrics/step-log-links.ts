/**
 * The Open log links of a step's hover: its own log, or the logs of the
 * recorded steps it stands for (a fan-out's instances, a called workflow's
 * steps), each by its id. No `vscode` import here.
 */
import {
  incompleteLogsSentence,
  recordedIncompleteLogs,
  recordedIncompleteLogsOn,
  type ResultStep,
  type RunResultFile,
} from "@momoflow/record";
import { OPEN_STEP_LOG_COMMAND } from "../commands";
import { markdownText } from "./markdown-text";
import { recordedMembers } from "./step-group-metrics";

/** A hover lists at most this many members' logs; the metrics panel has them all. */
export const MAX_MEMBER_LOG_LINKS = 20;

/**
 * A Markdown link that runs {@link OPEN_STEP_LOG_COMMAND} (for a hover whose
 * `isTrusted` enables that command), titled `title`.
 */
export function openStepLogLink(runDir: string, stepId: string, title = "Open log"): string {
  const args = encodeURIComponent(JSON.stringify([runDir, stepId]));
  return `[${title}](command:${OPEN_STEP_LOG_COMMAND}?${args} "Everything step ${stepId.replace(/"/g, "'")} printed")`;
}

/**
 * The Open log links for the declared step `name` of a run recorded in
 * `runDir`: `Open log` for a step that printed; for one recorded as several,
 * `Open log: convert[0] · convert[2]` (the members that printed, the first
 * {@link MAX_MEMBER_LOG_LINKS}). Empty when nothing printed.
 */
export function stepLogLinks(steps: readonly ResultStep[], name: string, runDir: string): string {
  const { own, members } = recordedMembers(steps, name);
  const printed = (s: ResultStep): boolean => typeof s.log === "string";
  if (members.length === 0) return own && printed(own) ? openStepLogLink(runDir, own.id) : "";
  const logged = members.filter(printed);
  if (logged.length === 0) return "";
  const links = logged
    .slice(0, MAX_MEMBER_LOG_LINKS)
    .map((m) => openStepLogLink(runDir, m.id, markdownText(m.id)));
  const more = logged.length - MAX_MEMBER_LOG_LINKS;
  const rest = more > 0 ? ` and ${more} more (in the metrics panel)` : "";
  return `Open log: ${links.join(" · ")}${rest}`;
}

/**
 * What the hover of the declared step `name` says when a full disk cut its
 * log short (or the logs of the recorded steps it stands for: a fan-out's
 * instances, a called workflow's steps), in the words of the run's summary
 * and `momoflow runs <run>`: `The log of step "loud" is incomplete: …`.
 * Empty when its logs are whole.
 */
export function incompleteLogsNote(
  result: Pick<RunResultFile, "steps" | "incompleteLogs" | "incompleteLogsOn">,
  name: string,
): string {
  const cut = new Set(recordedIncompleteLogs(result.incompleteLogs));
  if (cut.size === 0) return "";
  const { own, members } = recordedMembers(result.steps, name);
  const ids = [...(own ? [own] : []), ...members].map((s) => s.id).filter((id) => cut.has(id));
  if (ids.length === 0) return "";
  return markdownText(
    incompleteLogsSentence(ids, recordedIncompleteLogsOn(result.incompleteLogsOn)),
  );
}
