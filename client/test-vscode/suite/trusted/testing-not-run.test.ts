import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { extensionApi, waitFor, workspaceFile } from "../support/workspace";

/**
 * The nap of the first test: a minute and a fraction that is this extension
 * host's pid, so a suite running beside this one (its own nap) is not taken
 * for it.
 */
const NAP = `sleep 62.${process.pid}`;

/**
 * Two tests of one file, run by one `momoflow test`: the first naps, so the
 * second is still waiting for its turn when the CLI is stopped.
 */
const SOURCE = `workflow sleepy {
  step nap {
    run: "${NAP}"
  }
}

workflow quick {
  step say {
    run: "echo hi"
  }
}

test "naps" {
  workflow: sleepy
  expect status == success
}

test "waits its turn" {
  workflow: quick
  expect status == success
}
`;

/** The pids of the processes whose command line, arguments joined by spaces, `matches`. */
function processes(matches: (commandLine: string) => boolean): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return matches(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim());
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("the Testing panel, when momoflow test is stopped from outside", () => {
  it("a test the CLI reports not_run (stopped, SIGTERM, before its turn) is skipped; the one it stopped, failed", async () => {
    const { testing, services } = await extensionApi();
    const file = workspaceFile("stopped-outside.momoflow");
    await vscode.workspace.fs.writeFile(file, Buffer.from(SOURCE));
    let cli: number | undefined;
    try {
      await testing!.discover();
      const item = await waitFor("the file's test items", () => {
        const found = testing!.controller.items.get(file.toString());
        return found?.children.size === 2 ? found : undefined;
      });
      const cancellation = new vscode.CancellationTokenSource();
      const summary = testing!.run([item], cancellation.token);
      await waitFor(`the first test's \`${NAP}\` to run`, () =>
        processes((line) => line === NAP).length > 0 ? true : undefined,
      );
      // The CLI that runs this file's tests (as Ctrl+C in a terminal, or a CI job's stop, would).
      [cli] = processes(
        (line) =>
          line.includes(services.paths.cliPath) &&
          line.includes(" test ") &&
          line.endsWith(file.fsPath),
      );
      assert.ok(cli, "momoflow test runs");
      process.kill(cli, "SIGTERM");
      const result = await summary;
      cancellation.dispose();
      assert.deepEqual(
        result.outcomes.map((o) => [o.name, o.state]),
        [
          ["naps", "failed"],
          ["waits its turn", "skipped"],
        ],
      );
      assert.match(result.outcomes[0]!.messages.join("\n"), /the tests were cancelled \(SIGTERM\)/);
      assert.equal(result.skipped, 1);
      await waitFor(
        `no \`${NAP}\` left`,
        () => (processes((line) => line === NAP).length === 0 ? true : undefined),
        10_000,
      );
    } finally {
      await vscode.workspace.fs.delete(file);
      // The CLI keeps a failed test's working folder (named with its pid) for a look: not this one's.
      if (cli !== undefined)
        for (const entry of readdirSync(tmpdir()))
          if (entry.startsWith("momoflow-test-") && entry.includes(`-${cli}-`))
            rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  });
});
