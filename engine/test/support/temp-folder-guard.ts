/**
 * The fast tier's guard against temporary folders left behind (loaded by
 * .mocharc.json): the run gets a temporary folder of its own — TMPDIR, which
 * `os.tmpdir()` and every process the tests start read — and at its end a
 * folder of momoflow's still in it fails the run, named; then it is removed.
 * A folder of its own, not a look at /tmp before and after: other runs on the
 * machine (another checkout's tests, the CLI used by hand) make their folders
 * there meanwhile, and could not be told from this run's.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Folders meant to be there until the run ends: V8's code cache of the CLI
 * (cli/code-cache.ts: kept on purpose, for the next process), and the one
 * `keptTestFolders` (cli-process.ts) removes as the process exits.
 */
const MEANT_TO_STAY = [/^momoflow-code-cache(-\d+)?$/, /^momoflow-cli-tests-/];

const runFolder = mkdtempSync(join(tmpdir(), "momoflow-tier-"));
process.env.TMPDIR = runFolder;
// Interrupted (Ctrl+C, a failed hook): not left behind either.
process.once("exit", () => {
  try {
    rmSync(runFolder, { recursive: true, force: true });
  } catch {
    // A tmpfs a failed test left mounted in it: that test's failure says so.
  }
});

/** The folders of momoflow's the run left in its temporary folder, but those meant to stay. */
function leftBehind(): string[] {
  return readdirSync(runFolder)
    .filter((name) => name.startsWith("momoflow-"))
    .filter((name) => !MEANT_TO_STAY.some((meant) => meant.test(name)))
    .sort();
}

/** Mocha's root hooks (a root hook plugin: `require`d by .mocharc.json). */
export const mochaHooks = {
  afterAll(): void {
    const left = leftBehind();
    if (left.length > 0)
      throw new Error(
        `the tests left ${left.length} temporary folder(s) behind (in ${runFolder}, made ` +
          `the run's TMPDIR by engine/test/support/temp-folder-guard.ts): ${left.join(", ")}. ` +
          "Give the CLI a TMPDIR inside the test's temp folder, or remove what the test made.",
      );
  },
};
