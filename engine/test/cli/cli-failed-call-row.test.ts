import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * `rel` calls `release`, whose second step fails (`exit 3`), after a pause
 * long enough to stop the run in it when `pause` is given; `fan` calls it once per region. The calling step never starts
 * once a called step failed: its row said `not_run` for a call that ran and
 * failed.
 */
const FLOW = `workflow release {
  param pause: number = 0
  step bump {
    run: "echo bump"
    rollback: "echo unbump"
  }
  step tag {
    needs: [bump]
    run: "sleep \${pause}; exit 3"
    rollback: none
  }
}

workflow ship {
  param pause: number = 0
  step pre {
    run: "echo pre"
    rollback: none
  }
  step rel {
    needs: [pre]
    run: workflow release(pause: pause)
  }
}

workflow fan {
  step deploy {
    for_each: r in ["eu", "us"]
    run: workflow release()
  }
}
`;

type Rows = Record<string, string>;

interface Figures {
  startTime: number;
  endTime: number;
  durationMs: number;
  cpuUserMs: number;
  peakMemoryBytes: number;
}

interface Row {
  id: string;
  status: string;
  attempts: number;
  metrics: Figures;
}

function rowOf(steps: Row[], id: string): Row {
  const row = steps.find((s) => s.id === id);
  assert.ok(row, `no row ${id} in ${JSON.stringify(steps)}`);
  return row;
}

/** `call`'s row: one try, its time from its first called step's start to its last one's end. */
function assertCallFigures(steps: Row[], call: string, first: string, last: string): void {
  const row = rowOf(steps, call);
  assert.equal(row.attempts, 1, JSON.stringify(row));
  assert.equal(row.metrics.startTime, rowOf(steps, first).metrics.startTime);
  assert.equal(row.metrics.endTime, rowOf(steps, last).metrics.endTime);
  assert.equal(row.metrics.durationMs, row.metrics.endTime - row.metrics.startTime);
  // Its CPU and memory are its called steps', on their own rows.
  assert.equal(row.metrics.cpuUserMs, 0);
  assert.equal(row.metrics.peakMemoryBytes, 0);
}

function resultSteps(runDir: string): Row[] {
  return (JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as { steps: Row[] }).steps;
}

function rowsOf(steps: { id: string; status: string }[]): Rows {
  return Object.fromEntries(steps.map((s) => [s.id, s.status]));
}

function resultRows(runDir: string): Rows {
  const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
    steps: { id: string; status: string }[];
  };
  return rowsOf(result.steps);
}

describe("momoflow run: the row of a call that failed", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-failed-call-row-");

  beforeEach(() => writeFileSync(join(tmp(), "flow.momoflow"), FLOW));

  it("reads failed in the summary, --json and result.json, its note counting the called steps", async () => {
    const out = await runCli(["run", "flow.momoflow", "--workflow", "ship"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(
      out.stdout,
      /^ {2}rel +failed +1 +[\d.]+ m?s +— +2 called steps: 0 ✓ 1 ✗ 1 ↶$/m,
      out.stdout,
    );
    assert.doesNotMatch(out.stdout, /not_run/, out.stdout);
    const expected = {
      pre: "success",
      "rel/bump": "rolled_back",
      "rel/tag": "failed",
      rel: "failed",
    };
    assert.deepEqual(resultRows(runDirOf(tmp())), expected);
    const json = await runCli(["run", "flow.momoflow", "--workflow", "ship", "--json"], tmp());
    assert.equal(json.code, 1, said(json));
    const ran = JSON.parse(json.stdout) as { steps: { id: string; status: string }[] };
    assert.deepEqual(rowsOf(ran.steps), expected);
  });

  it("shows the call's one try and its time, from its first called step's start to its last one's end", async () => {
    const args = ["run", "flow.momoflow", "--workflow", "ship", "--param", "pause=0.3"];
    const out = await runCli(args, tmp());
    assert.equal(out.code, 1, said(out));
    const runDir = runDirOf(tmp());
    const steps = resultSteps(runDir);
    assertCallFigures(steps, "rel", "rel/bump", "rel/tag");
    assert.ok(rowOf(steps, "rel").metrics.durationMs >= 300, JSON.stringify(steps));
    const row = /^ {2}rel +failed +1 +[\d.]+ m?s +— +2 called steps: 0 ✓ 1 ✗ 1 ↶$/m;
    assert.match(out.stdout, row, out.stdout);
    const shown = await runCli(["runs", runDir], tmp());
    assert.equal(shown.code, 0, said(shown));
    assert.match(shown.stdout, row, shown.stdout);
    const json = await runCli([...args, "--json"], tmp());
    assert.equal(json.code, 1, said(json));
    const ran = (JSON.parse(json.stdout) as { steps: Row[] }).steps;
    assertCallFigures(ran, "rel", "rel/bump", "rel/tag");
  });

  it("shows the try and time of each call made per item that ran, none for one that never started", async () => {
    const out = await runCli(["run", "flow.momoflow", "--workflow", "fan"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(out.stdout, /^ {2}deploy\[0\] +failed +1 +[\d.]+ m?s +— /m, out.stdout);
    assert.match(out.stdout, /^ {2}deploy\[1\] +not_run +0 +— +—$/m, out.stdout);
    const steps = resultSteps(runDirOf(tmp()));
    assertCallFigures(steps, "deploy[0]", "deploy[0]/bump", "deploy[0]/tag");
    assert.equal(rowOf(steps, "deploy[1]").attempts, 0);
  });

  it("shows each nested call's try and time: a call per item whose called workflow's call failed", async () => {
    writeFileSync(
      join(tmp(), "nested.momoflow"),
      `workflow inner {
  step a {
    run: "echo a"
    rollback: "echo una"
  }
  step b {
    needs: [a]
    run: "exit 4"
    rollback: none
  }
}

workflow mid {
  step first {
    run: "echo first"
    rollback: "echo unfirst"
  }
  step deep {
    needs: [first]
    run: workflow inner()
  }
}

workflow top {
  step go {
    for_each: r in ["x"]
    run: workflow mid()
  }
}
`,
    );
    const out = await runCli(["run", "nested.momoflow", "--workflow", "top"], tmp());
    assert.equal(out.code, 1, said(out));
    assert.match(out.stdout, /^ {2}go\[0\]\/deep +failed +1 +[\d.]+ m?s +— /m, out.stdout);
    assert.match(out.stdout, /^ {2}go\[0\] +failed +1 +[\d.]+ m?s +— /m, out.stdout);
    const steps = resultSteps(runDirOf(tmp()));
    assertCallFigures(steps, "go[0]/deep", "go[0]/deep/a", "go[0]/deep/b");
    assertCallFigures(steps, "go[0]", "go[0]/first", "go[0]/deep/b");
  });

  it("reads failed for the instance whose call failed, not_run for the one that never started", async () => {
    const out = await runCli(["run", "flow.momoflow", "--workflow", "fan", "--json"], tmp());
    assert.equal(out.code, 1, said(out));
    const ran = rowsOf(
      (JSON.parse(out.stdout) as { steps: { id: string; status: string }[] }).steps,
    );
    assert.equal(ran["deploy[0]"], "failed", out.stdout);
    assert.equal(ran["deploy[1]"], "not_run", out.stdout);
    assert.equal(ran["deploy"], "failed", out.stdout);
    const recorded = resultRows(runDirOf(tmp()));
    assert.equal(recorded["deploy[0]"], "failed");
    assert.equal(recorded["deploy[1]"], "not_run");
  });

  it("reads cancelled when the run was cancelled in the call, also after momoflow rollback", async () => {
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "ship", "--param", "pause=30", "--no-rollback"],
      tmp(),
    );
    let progress = "";
    child.stdout!.on("data", (chunk) => (progress += chunk));
    try {
      await waitFor(() => /… rel\/tag/.test(progress), "the called step to start");
      child.kill("SIGTERM");
      const out = await done;
      assert.equal(out.code, 130, said(out));
      assert.match(
        out.stdout,
        /^ {2}rel +cancelled +1 +[\d.]+ m?s +— +2 called steps: 1 ✓ 1 ✗$/m,
        out.stdout,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    const runDir = runDirOf(tmp());
    assert.equal(resultRows(runDir)["rel"], "cancelled");
    const undo = await runCli(["rollback", runDir], tmp());
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(resultRows(runDir), {
      pre: "success",
      "rel/bump": "rolled_back",
      "rel/tag": "cancelled",
      rel: "cancelled",
    });
  });

  it("reads failed after momoflow rollback of a run killed while a called step ran", async () => {
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "ship", "--param", "pause=30"],
      tmp(),
    );
    let progress = "";
    child.stdout!.on("data", (chunk) => (progress += chunk));
    try {
      await waitFor(() => /… rel\/tag/.test(progress), "the called step to start");
      child.kill("SIGKILL");
      await done;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    const runDir = runDirOf(tmp());
    const undo = await runCli(["rollback", runDir], tmp());
    assert.equal(undo.code, 0, said(undo));
    const rows = resultRows(runDir);
    assert.equal(rows["rel/tag"], "failed");
    assert.equal(rows["rel"], "failed");
    // It ran, but the kill left its end (its called step's) unknown: one try, no time.
    const shown = await runCli(["runs", runDir], tmp());
    assert.match(shown.stdout, /^ {2}rel +failed +1 +— +— +2 called steps/m, shown.stdout);
  });
});
