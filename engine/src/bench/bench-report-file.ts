import { renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BenchReport } from "./bench-report";
import { makeFolders } from "../runtime/make-folders";

/** Folder of benchmark reports for a working directory: `<workDir>/.momoflow/bench`. */
export function benchReportsDir(workDir: string): string {
  return join(workDir, ".momoflow", "bench");
}

/** Name of the newest report in {@link benchReportsDir}. */
export const LATEST_BENCH_REPORT = "latest.json";

/** Where {@link saveBenchReport} put a report. */
export interface SavedBenchReport {
  latest: string;
  timestamped: string;
}

/** Writes `report` to `file` as indented JSON (atomically: a reader never sees half a report). */
export function writeBenchReport(report: BenchReport, file: string): void {
  makeFolders(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(report, null, 2) + "\n");
  renameSync(tmp, file);
}

/**
 * Saves `report` as `<workDir>/.momoflow/bench/latest.json` and beside it as
 * `bench-<createdAt>.json` (e.g. `bench-20261125-173012-456.json`), which sorts by time.
 */
export function saveBenchReport(report: BenchReport, workDir: string): SavedBenchReport {
  const dir = benchReportsDir(workDir);
  const stamp = report.createdAt
    .replace(/[-:]/g, "")
    .replace("T", "-")
    .replace(".", "-")
    .replace("Z", "");
  const saved = {
    latest: join(dir, LATEST_BENCH_REPORT),
    timestamped: join(dir, `bench-${stamp}.json`),
  };
  writeBenchReport(report, saved.timestamped);
  writeBenchReport(report, saved.latest);
  return saved;
}
