/**
 * A workspace with real records for the metrics panel's tests: runs of
 * `publish-site.momoflow` made by the built CLI (three that succeed, one that
 * fails through a param, one whose publish fails and is rolled back), before
 * them one run of `release-notes.momoflow` (steps of all three undo kinds,
 * rolled back), and a benchmark report made in-process with the `tiny` profile.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runBenchmarks } from "@momoflow/bench";

export const REPO = resolve(__dirname, "../../..");
export const CLI = join(REPO, "dist", "cli.js");
/**
 * A workflow with a reversible step, a `log` step and a `rollback: none` step
 * (nothing to undo), and irreversible steps; its push fails and the run is
 * rolled back.
 */
export const RELEASE_NOTES_FIXTURE = join(
  REPO,
  "client",
  "test",
  "fixtures",
  "release-notes.momoflow",
);

/** A folder with records, and how to remove it. */
export interface MetricsWorkspace {
  root: string;
  /** The workflow file, inside `root`. */
  source: string;
  /** Run ids in the order they were made, with the status each should have. */
  runs: { status: string }[];
  /** `release-notes.momoflow`, inside `root`: its one run is the workspace's oldest. */
  releaseSource: string;
  cleanup(): void;
}

/** Runs the built CLI in `cwd`; returns its exit code. */
export function cli(args: string[], cwd: string): number {
  try {
    execFileSync(process.execPath, [CLI, ...args], {
      cwd,
      stdio: "pipe",
      env: { ...process.env, NO_COLOR: "1" },
    });
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

/** Makes the workspace (about 2 s). Needs `npm run build` (the CLI). */
export async function makeMetricsWorkspace(
  options: { bench?: boolean } = {},
): Promise<MetricsWorkspace> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const root = mkdtempSync(join(tmpdir(), "momoflow-metrics-"));
  // First, so that the newest run of the workspace stays publish_site's.
  const releaseSource = runReleaseNotes(root);
  const source = join(root, "publish-site.momoflow");
  copyFileSync(join(REPO, "test-fixtures", "valid", "publish-site.momoflow"), source);
  const runs: { status: string }[] = [];
  const run = (extra: string[], status: string, code: number): void => {
    const exit = cli(["run", source, "--workdir", root, ...extra], root);
    if (exit !== code)
      throw new Error(`momoflow run ${extra.join(" ")} exited with ${exit}, not ${code}`);
    runs.push({ status });
  };
  run([], "success", 0);
  run(["--param", "target=production"], "success", 0);
  // A target outside any writable folder: the build step's mkdir fails; nothing to undo.
  run(
    ["--param", "retries=0", "--param", "target=../../../../../../../../../proc/momoflow-cannot"],
    "rolled_back",
    1,
  );
  run([], "success", 0);
  // `public` is a file, so publish cannot copy into it: build is rolled back.
  rmSync(join(root, "public"), { recursive: true, force: true });
  writeFileSync(join(root, "public"), "not a folder\n");
  run(["--param", "retries=0"], "rolled_back", 1);
  rmSync(join(root, "public"));
  if (options.bench ?? true) await runBenchmarks({ profile: "tiny", workDir: root, save: true });
  return {
    root,
    source,
    runs,
    releaseSource,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Copies `release-notes.momoflow` into `root` and runs it there with the
 * built CLI (it fails and is rolled back, exit 1); returns the copy's path.
 */
export function runReleaseNotes(root: string): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const source = join(root, "release-notes.momoflow");
  copyFileSync(RELEASE_NOTES_FIXTURE, source);
  const exit = cli(["run", source, "--workdir", root], root);
  if (exit !== 1) throw new Error(`momoflow run release-notes.momoflow exited with ${exit}, not 1`);
  return source;
}
