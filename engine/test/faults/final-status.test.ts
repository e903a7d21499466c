import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runRecorded } from "../support/recorded-run";
import { recordedStatus } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * The status a failed run ends with says what its rollback did: `failed` when
 * there was nothing to undo, `rolled_back` when everything that changed
 * something was undone. Steps that change nothing (`log`, `sleep`) never make
 * a rollback partial.
 */
describe("the status of a failed run after its rollback", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-status-");

  it("is failed, not rolled_back, when the first step failed and nothing was undone", async () => {
    const { out, runDir } = await runRecorded(
      tmp(),
      "first-fails",
      `workflow first_fails {
  step boom { run: fail(message: "boom") }
  step later {
    needs: boom
    run: create_file(path: "later.txt", content: "x")
  }
}
`,
      1,
      ["--json"],
    );
    assert.equal(JSON.parse(out.stdout).status, "failed");
    assert.equal(recordedStatus(runDir), "failed");
  });

  it("is rolled_back, not partially_rolled_back, when log and sleep steps completed before the failure", async () => {
    const { workdir, out, runDir } = await runRecorded(
      tmp(),
      "effect-free",
      `workflow effect_free_then_fail {
  step hello { run: log(message: "hello") }
  step nap {
    needs: hello
    run: sleep(duration: 10ms)
  }
  step write {
    needs: nap
    run: create_file(path: "w.txt", content: "x")
  }
  step boom {
    needs: write
    run: fail(message: "boom")
  }
}
`,
      1,
      ["--json"],
    );
    assert.equal(JSON.parse(out.stdout).status, "rolled_back");
    assert.equal(recordedStatus(runDir), "rolled_back");
    assert.equal(existsSync(join(workdir, "w.txt")), false);
  });
});
