import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { said } from "../support/cli-said";
import { DEAF_MODULE } from "../support/deaf-run";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/** A fan-out step of one instance that ignores the run's cancellation (it prints `tick n`). */
const FLOW = `workflow deaf {
  step fan {
    for_each: x in ["a"]
    run: js("./deaf.mjs", "run")
    rollback: none
  }
}
`;

/** A call made per item whose second step ignores the run's cancellation, after one that makes made.txt. */
const CALLS_FLOW = `workflow deaf {
  step call {
    for_each: x in ["a"]
    run: workflow deafer()
  }
}

workflow deafer {
  step make {
    run: create_file(path: "made.txt", content: "made")
  }
  step deaf {
    needs: make
    run: js("./deaf.mjs", "run")
    rollback: none
  }
}
`;

interface ResultRows {
  status: string;
  steps: { id: string; status: string }[];
}

/**
 * A run stopped at once (a second SIGTERM) gives up its running step, through
 * the real CLI: the step has no figures (it was not timed to an end), so the
 * summary shows `—`, not `0.00 ms` and `+0 B heap`; and the fan-out step whose
 * instance was given up ends `cancelled` as its instance, not `not_run`, in
 * the summary and in result.json, which a rollback then reads.
 */
describe("momoflow run: a step given up by a stop at once", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-given-up-figures-");

  /** Runs the workflow with `args` and stops it at once (two SIGTERMs) once its instance prints. */
  async function stoppedAtOnce(
    args: string[],
    flow = FLOW,
  ): Promise<CliOutcome & { progress: string }> {
    writeFileSync(join(tmp(), "deaf.mjs"), DEAF_MODULE);
    writeFileSync(join(tmp(), "deaf.momoflow"), flow);
    const { child, done } = startCli(["run", "deaf.momoflow", ...args], tmp());
    let progress = "";
    const json = args.includes("--json");
    (json ? child.stderr! : child.stdout!).on("data", (chunk) => (progress += chunk));
    try {
      await waitFor(() => /tick 2/.test(progress), "the instance to print");
      child.kill("SIGTERM");
      await waitFor(() => /cancelling the run/.test(progress), "the first stop to be taken");
      child.kill("SIGTERM");
      return { ...(await done), progress };
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }

  it("shows — for its figures, and its fan-out step cancelled as its instance", async () => {
    {
      const { progress, ...out } = await stoppedAtOnce([]);
      assert.equal(out.code, 130, said(out));
      const summary = progress.slice(progress.lastIndexOf("  step "));
      assert.match(summary, /^ +fan +cancelled +— +— +—/m, summary);
      assert.match(summary, /^ +fan\[0\] +cancelled +1 +— +—$/m, summary);
      assert.doesNotMatch(progress, /0\.00 ms|\+0 B/, progress);
      assert.doesNotMatch(progress, /not_run/, progress);
      const runDir = runDirOf(tmp());
      const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
        status: string;
        steps: { id: string; status: string }[];
      };
      assert.equal(result.status, "cancelled");
      assert.deepEqual(
        result.steps.map((s) => [s.id, s.status]),
        [
          ["fan", "cancelled"],
          ["fan[0]", "cancelled"],
        ],
      );
      const rollback = await runCli(["rollback", runDir, "--json"], tmp());
      assert.equal(rollback.code, 0, said(rollback));
      const report = JSON.parse(rollback.stdout) as { status: string };
      assert.equal(report.status, "cancelled", rollback.stdout);
    }
    const json = await stoppedAtOnce(["--json"]);
    assert.equal(json.code, 130, said(json));
    const ran = JSON.parse(json.stdout) as { steps: { id: string; status: string }[] };
    assert.deepEqual(
      ran.steps.map((s) => [s.id, s.status]),
      [
        ["fan", "cancelled"],
        ["fan[0]", "cancelled"],
      ],
    );
  });

  it("ends a call made per item cancelled as its given-up step, and a rollback undoes the call", async () => {
    const { progress, ...out } = await stoppedAtOnce(["--workflow", "deaf"], CALLS_FLOW);
    assert.equal(out.code, 130, said(out));
    const summary = progress.slice(progress.lastIndexOf("  step "));
    assert.match(summary, /^ +call +cancelled +— +— +—/m, summary);
    assert.match(summary, /^ +call\[0\]\/deaf +cancelled +1 +— +—$/m, summary);
    // No zero figures for what was given up; call[0]/make ran, and its heap may well not have grown.
    const givenUp = progress
      .split("\n")
      .filter((line) => !line.includes("call[0]/make"))
      .join("\n");
    assert.doesNotMatch(givenUp, /0\.00 ms|\+0 B/, progress);
    const rows = [
      ["call[0]/make", "success"],
      ["call[0]/deaf", "cancelled"],
      ["call[0]", "cancelled"],
      ["call", "cancelled"],
    ];
    const byId = (r: ResultRows): string[][] =>
      r.steps.map((s) => [s.id, s.status]).sort((a, b) => a[0]!.localeCompare(b[0]!));
    const sorted = [...rows].sort((a, b) => a[0]!.localeCompare(b[0]!));
    const runDir = runDirOf(tmp());
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as ResultRows;
    assert.equal(result.status, "cancelled");
    assert.deepEqual(byId(result), sorted);
    // The stop at once left the call's made file: the rollback undoes it.
    assert.equal(existsSync(join(tmp(), "made.txt")), true);
    const rollback = await runCli(["rollback", runDir, "--json"], tmp());
    assert.equal(rollback.code, 0, said(rollback));
    assert.equal(existsSync(join(tmp(), "made.txt")), false, "the rollback undid call[0]/make");
    const json = await stoppedAtOnce(["--workflow", "deaf", "--json"], CALLS_FLOW);
    assert.equal(json.code, 130, said(json));
    assert.deepEqual(byId(JSON.parse(json.stdout) as ResultRows), sorted);
  });
});
