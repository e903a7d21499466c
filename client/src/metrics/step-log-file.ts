import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { readResultFile, runRecordPaths, stepLogPath } from "@momoflow/record";

/**
 * The log file of step `stepId` in the run record `runDir`: where its
 * `result.json` says, or where the record keeps logs (a killed run has no
 * result yet); undefined when the step printed nothing. A path that would
 * lead out of the run folder is never returned.
 */
export function stepLogFile(runDir: string, stepId: string): string | undefined {
  let recorded: string | undefined;
  try {
    recorded = readResultFile(runRecordPaths(runDir).result)?.steps.find(
      (s) => s.id === stepId,
    )?.log;
  } catch {
    recorded = undefined;
  }
  const file = resolve(runDir, typeof recorded === "string" ? recorded : stepLogPath(stepId));
  const inside = relative(runDir, file);
  if (inside.startsWith("..") || isAbsolute(inside)) return undefined;
  return existsSync(file) ? file : undefined;
}
