import * as assert from "node:assert/strict";
import { codeLensTitles, openInEditor } from "../support/workspace";

describe("CodeLens", () => {
  it("offers Run and Graph above the workflow and Run test above each test (no run yet: no Rollback)", async () => {
    const document = await openInEditor("report.momoflow");
    const titles = await codeLensTitles(document.uri);
    assert.deepEqual(titles.filter((t) => t === "▶ Run").length, 1);
    assert.deepEqual(titles.filter((t) => t === "Graph").length, 1);
    assert.deepEqual(titles.filter((t) => t === "▶ Run test").length, 3);
    assert.ok(!titles.includes("↶ Rollback"), titles.join(" | "));
  });
});
