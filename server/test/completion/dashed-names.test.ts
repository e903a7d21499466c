import assert from "node:assert/strict";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A name written with dashes (`fetch-data`, as YAML writes one) is read as
 * its `_` name (MF001 on its declaration): completion after its `.` offers
 * what follows that name, in code and inside `${…}` alike.
 */

/** A workflow with a dashed step id and a dashed map param; `body` is the step `b`'s members. */
const workflow = (body: string): string =>
  [
    "workflow w {",
    '  param site-config: map = {"region": "eu", "tier": 1}',
    "  step fetch-data {",
    '    run: "echo {}"',
    "    output: json",
    "    rollback: none",
    "  }",
    "  step b {",
    "    needs: fetch-data",
    body,
    "  }",
    "}",
    "",
  ].join("\n");

describe("language server: completion after a dashed name (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-dashed-completion-" });

  async function labels(body: string): Promise<string[]> {
    const items = await workspace.completionAtMark("dashed.momoflow", workflow(body), ".");
    return items.map((i) => i.label).sort();
  }

  it("offers what follows a dashed step's id after its `.`, in code and in `${…}`", async () => {
    assert.deepEqual(await labels("    when: steps.fetch-data.|"), ["output", "status"]);
    // In a string, as for any step: its output (a status is read by conditions).
    assert.deepEqual(await labels('    run: "echo ${steps.fetch-data.|}"'), ["output"]);
    assert.deepEqual(await labels('    run: """\n      echo ${steps.fetch-data.|\n    """'), [
      "output",
    ]);
  });

  it("offers a dashed map param's keys after its `.`, in code and in `${…}`", async () => {
    assert.deepEqual(await labels("    when: site-config.|"), ["region", "tier"]);
    assert.deepEqual(await labels('    run: "echo ${site-config.|}"'), ["region", "tier"]);
  });
});
