import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A workflow's `timeout` bounds the run also when a step keeps the thread
 * busy (a `js()` function computing without awaiting), so that no timer can
 * fire until it returns: the run went past its timeout, so it timed out —
 * it is not reported a success, and what it did is rolled back.
 */
describe("a workflow's timeout when a step keeps the thread busy (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-workflow-timeout-busy-");

  it("fails the run as timed out once the busy step returns, and rolls back what it did", async () => {
    writeFileSync(
      join(tmp(), "busy.mjs"),
      [
        "export function spin() {",
        "  const until = Date.now() + 1500;",
        "  while (Date.now() < until) {}",
        '  return "spun";',
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  timeout: 300ms",
        "  step made {",
        '    run: create_file(path: "made.txt", content: "x")',
        "  }",
        "  step busy {",
        "    needs: made",
        '    run: js("./busy.mjs", "spin")',
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const out = await runCli(["run", "wf.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const result = JSON.parse(out.stdout) as { status: string; error?: string };
    assert.equal(result.status, "rolled_back", out.stdout);
    assert.match(result.error ?? "", /workflow "w" timed out after 300ms/);
    assert.equal(existsSync(join(tmp(), "made.txt")), false, "made.txt is rolled back");
  });
});
