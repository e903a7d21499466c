import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResultFile } from "../../src/record/result-file";

/** The ids of the runs recorded under `workdir`, oldest first (they start with their time). */
export function runIdsOf(workdir: string): string[] {
  return readdirSync(join(workdir, ".momoflow", "runs"))
    .filter((n) => n !== "latest")
    .sort();
}

/** The run folder that `.momoflow/runs/latest` names, or undefined before a run started. */
export function latestRunDir(workdir: string): string | undefined {
  const runs = join(workdir, ".momoflow", "runs");
  try {
    const id = readFileSync(join(runs, "latest"), "utf8").trim();
    return id ? join(runs, id) : undefined;
  } catch {
    return undefined;
  }
}

/** The run folder that `.momoflow/runs/latest` names; throws when there is none. */
export function runDirOf(workdir: string): string {
  const runDir = latestRunDir(workdir);
  if (!runDir) throw new Error(`no run under ${workdir} (no .momoflow/runs/latest)`);
  return runDir;
}

/** The `result.json` of the run `.momoflow/runs/latest` names; throws when there is none. */
export function latestResult(workdir: string): RunResultFile {
  return JSON.parse(readFileSync(join(runDirOf(workdir), "result.json"), "utf8")) as RunResultFile;
}

/** The status `result.json` of a run folder records, or undefined when there is no readable file. */
export function recordedStatus(runDir: string): string | undefined {
  const path = join(runDir, "result.json");
  if (!existsSync(path)) return undefined;
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { status?: string }).status;
  } catch {
    return undefined;
  }
}

/** The journal's events of a run folder (lines that do not parse are left out). */
export function journalEvents(runDir: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(join(runDir, "journal.jsonl"), "utf8");
  } catch {
    return [];
  }
  const events: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A torn last line (a killed writer): the reader skips it too.
    }
  }
  return events;
}

/** Each step's skip reason by id (`reason` in result.json and `--json`; undefined where it has none). */
export function reasonsById(
  steps: readonly { id: string; reason?: string }[],
): Record<string, string | undefined> {
  return Object.fromEntries(steps.map((s) => [s.id, s.reason]));
}
