import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestRunDir } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/** `each[1]`'s undo fails (item `b`); `boom` fails the run, so the instances are undone. */
const WORKFLOW = `workflow w {
  step each {
    for_each: x in ["a", "b", "c"]
    run: "echo do-\${x}"
    rollback: "test \${x} != b"
  }
  step boom {
    needs: each
    run: "exit 1"
    rollback: none
  }
}
`;

interface Row {
  id: string;
  status: string;
  error?: string;
}

/**
 * A fan-out step's row reads `rollback_failed` when an undo of one of its
 * instances failed. Its error must say which instance and why — as the row
 * of a fan-out step whose instance failed says which — in `run --json` and
 * in `result.json` alike: not nothing, and not "unknown error".
 */
describe("a fan-out step whose instance could not be undone: its row says which and why", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-fan-out-undo-failed-");

  const expected =
    'rollback failed: 1 of 3 instances could not be undone: "each[1]" (shell command "test b != b" exited with code 1)';

  it("in momoflow run --json, in result.json, and after momoflow rollback", async () => {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(file, WORKFLOW);
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, said(out));
    const row = (rows: Row[]): Row | undefined => rows.find((s) => s.id === "each");
    const printed = row(JSON.parse(out.stdout).steps);
    assert.equal(printed?.status, "rollback_failed");
    assert.equal(printed?.error, expected, "run --json");
    const runDir = latestRunDir(tmp())!;
    const result = (): Row[] => JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")).steps;
    assert.equal(row(result())?.error, expected, "result.json");

    const again = await runCli(["rollback", runDir], tmp());
    assert.equal(again.code, 1, said(again));
    assert.equal(row(result())?.error, expected, "result.json after momoflow rollback");
  });
});

/**
 * A step that failed and whose undo then failed too: its row's error says
 * why the undo failed — and why the step had failed, which nothing else
 * keeps when the run goes on after it (`continue_on_error`): the run's own
 * error is none, the run ends `success`.
 */
describe("a failed step whose undo failed too: its error keeps why it failed", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-failed-then-undo-failed-");

  it("in momoflow run --json and in result.json", async () => {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(
      file,
      `workflow w {
  step each {
    for_each: x in ["a", "b"]
    continue_on_error: true
    run: "echo do-\${x}; test \${x} != b"
    rollback: "echo undo-\${x}-\${steps.each.output}"
  }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 0, said(out));
    const runDir = latestRunDir(tmp())!;
    const rows: Row[][] = [
      JSON.parse(out.stdout).steps,
      JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")).steps,
    ];
    for (const steps of rows) {
      const b = steps.find((s) => s.id === "each[1]");
      assert.equal(b?.status, "rollback_failed");
      assert.match(b?.error ?? "", /^rollback failed: its rollback reads its own output/);
      assert.match(
        b?.error ?? "",
        / \(the step had failed: shell command "echo do-b; test b != b" exited with code 1/,
      );
    }
  });

  it("says why the step had failed once when the run's rollback tries its undo again and it fails again", async () => {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(
      file,
      `workflow w {
  step risky {
    run: "echo half > half.txt; exit 3"
    rollback: "exit 7"
    continue_on_error: true
  }
  step boom {
    run: "exit 1"
  }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, said(out));
    const runDir = latestRunDir(tmp())!;
    const rows: Row[][] = [
      JSON.parse(out.stdout).steps,
      JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")).steps,
    ];
    for (const steps of rows)
      assert.equal(
        steps.find((s) => s.id === "risky")?.error,
        'rollback failed: shell command "exit 7" exited with code 7 (the step had failed: shell command "echo half > half.txt; exit 3" exited with code 3)',
      );
  });
});
