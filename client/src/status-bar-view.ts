import type { LastRunDetail, LastRunStatus, ServerState } from "./client-services";
import { formatElapsed } from "@momoflow/units";
import {
  incompleteLogsSentence,
  recordedIncompleteLogs,
  recordedIncompleteLogsOn,
  type RunResultFile,
} from "@momoflow/record";

/** What the status bar item shows: pure, so it is tested without VS Code. */
export interface StatusBarView {
  text: string;
  tooltip: string;
  /** What a screen reader says: the tooltip's lines as sentences, each ended by one period. */
  label: string;
  /** A theme colour id for the background, or undefined for the default. */
  backgroundColor: "statusBarItem.errorBackground" | "statusBarItem.warningBackground" | undefined;
}

export interface StatusBarModel {
  server: ServerState;
  serverMessage?: string | undefined;
  lastRun?: { status: LastRunStatus; detail: LastRunDetail } | undefined;
  trusted: boolean;
}

const serverIcon: Record<ServerState, string> = {
  starting: "$(loading~spin)",
  running: "$(workflow)",
  stopped: "$(circle-slash)",
  error: "$(error)",
};

const runIcon: Record<LastRunStatus, string> = {
  running: "$(sync~spin)",
  success: "$(pass)",
  failed: "$(error)",
  rolled_back: "$(history)",
  partially_rolled_back: "$(warning)",
  cancelled: "$(circle-slash)",
  not_run: "$(circle-slash)",
};

const runWords: Record<LastRunStatus, string> = {
  running: "running",
  success: "succeeded",
  failed: "failed",
  rolled_back: "rolled back",
  partially_rolled_back: "partially rolled back",
  cancelled: "cancelled",
  not_run: "nothing ran",
};

/**
 * What a last run's detail says of its logs, from its result.json: the
 * steps whose logs a full disk cut short (read as a hand-edited file may
 * hold them); nothing when its logs are whole.
 */
export function incompleteLogsOf(
  result: Pick<RunResultFile, "incompleteLogs" | "incompleteLogsOn">,
): Pick<LastRunDetail, "incompleteLogs" | "incompleteLogsOn"> {
  const ids = recordedIncompleteLogs(result.incompleteLogs);
  if (ids.length === 0) return {};
  const on = recordedIncompleteLogsOn(result.incompleteLogsOn);
  return Object.keys(on).length > 0
    ? { incompleteLogs: ids, incompleteLogsOn: on }
    : { incompleteLogs: ids };
}

export function renderStatusBar(model: StatusBarModel): StatusBarView {
  const parts = [`${serverIcon[model.server]} momoflow`];
  const lines = [
    `Language server: ${model.server}${model.serverMessage ? ` (${model.serverMessage})` : ""}`,
  ];
  if (model.lastRun) {
    const { status, detail } = model.lastRun;
    const what = detail.workflow || detail.fileName || "last run";
    parts.push(`${runIcon[status]} ${what}`);
    const action =
      detail.action === "rollback" ? "Rollback" : detail.action === "test" ? "Test" : "Run";
    const duration =
      detail.durationMs === undefined ? "" : ` in ${formatElapsed(detail.durationMs)}`;
    const reason = detail.reason ? `, ${detail.reason}` : "";
    lines.push(`${action} of ${what}: ${runWords[status]}${reason}${duration}`);
    // Said where the run's outcome is first seen, as the run's summary says it.
    if (detail.incompleteLogs?.length)
      lines.push(incompleteLogsSentence(detail.incompleteLogs, detail.incompleteLogsOn));
  }
  if (!model.trusted) {
    parts.unshift("$(shield)");
    lines.push(
      "Restricted mode: language features work; running, rolling back and testing need a trusted workspace.",
    );
  }
  lines.push("Click to show the momoflow output.");
  const backgroundColor =
    model.server === "error"
      ? "statusBarItem.errorBackground"
      : model.lastRun?.status === "failed" ||
          model.lastRun?.status === "partially_rolled_back" ||
          model.lastRun?.status === "not_run"
        ? "statusBarItem.warningBackground"
        : undefined;
  // A line may end in a period already: "workspace." must not become "workspace..".
  const label = lines.map((line) => `${line.replace(/\.+$/, "")}.`).join(" ");
  return { text: parts.join("  "), tooltip: lines.join("\n"), label, backgroundColor };
}
