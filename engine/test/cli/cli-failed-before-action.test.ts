import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A step that fails before its action could start — its `workdir` is
 * missing, or a value its `run` reads is not there — did nothing: the run's
 * rollback must not run its undo (which may remove what was there before the
 * run, or fail for ever in a folder that never existed), and the run ends
 * `rolled_back`, not `partially_rolled_back`.
 */
describe("CLI: a step that failed before its action started is not undone", function () {
  this.timeout(20_000);
  const tmp = useTempDir("momoflow-cli-before-action-");

  function write(body: string): string {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(file, body);
    return file;
  }

  it("a missing workdir: the step fails, is not undone, and the run is rolled back", async () => {
    const file = write(`workflow flow {
  step make {
    run: "echo made > made.txt"
    rollback: "rm made.txt"
  }
  step report {
    needs: make
    workdir: "reports"
    run: "echo hi > report.txt"
    rollback: "rm -f report.txt; echo undo-ran >> ../undo-ran.txt"
  }
}
`);
    const out = await runCli(["run", file, "--quiet"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /its workdir "reports" does not exist/);
    assert.match(out.stdout, /^ {2}rolled_back /m, out.stdout);
    assert.doesNotMatch(out.stdout, /rollback_failed|partially_rolled_back/);
    assert.equal(existsSync(join(tmp(), "made.txt")), false, "make was not undone");
    assert.equal(existsSync(join(tmp(), "undo-ran.txt")), false, "report's undo ran");
    // Nothing is left for a later rollback.
    const again = await runCli(["rollback", file], tmp());
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.doesNotMatch(again.stdout + again.stderr, /rollback_failed|could not undo/);
  });

  it("a value its run reads is missing: its undo is not run", async () => {
    const file = write(`workflow flow {
  step a {
    run: "echo '{\\"x\\": 1}'"
    output: json
    rollback: none
  }
  step b {
    needs: a
    run: "touch made-by-b-\${steps.a.output.y}"
    rollback: "echo undo-ran > undo-ran.txt"
  }
}
`);
    const out = await runCli(["run", file, "--quiet"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /steps\.a\.output has no field "y"; it has "x"/);
    assert.equal(existsSync(join(tmp(), "undo-ran.txt")), false, "b's undo ran");
    assert.match(out.stdout, /^ {2}b +failed /m, out.stdout);
    const journal = readFileSync(
      join(tmp(), ".momoflow", "runs", runId(out.stdout), "journal.jsonl"),
      "utf8",
    );
    assert.doesNotMatch(
      journal,
      /"type":"step_started"[^\n]*"step":"b"/,
      "b's intent was recorded",
    );
  });
});

function runId(stdout: string): string {
  const found = /run record: .*\/runs\/(\S+)/.exec(stdout);
  assert.ok(found, stdout);
  return found[1]!;
}
