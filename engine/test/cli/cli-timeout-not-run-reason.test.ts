import assert from "node:assert/strict";
import Ajv from "ajv";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, reasonsById, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";
import type { RunResultFile } from "../../src/record/result-file";

/**
 * A run its workflow's `timeout` stops while `deploy` sleeps: `report` (a
 * handler of deploy's failure) and `notify` (after it) never start.
 */
const TIMED_OUT = `workflow timed {
  timeout: 1s
  step build {
    run: create_file(path: "build.txt", content: "built")
  }
  step deploy {
    needs: build
    run: "sleep 20"
    rollback: none
  }
  step report {
    needs: deploy
    when: steps.deploy.status == failed
    run: "touch report.txt"
    rollback: "rm -f report.txt"
  }
  step notify {
    needs: report
    run: "true"
    rollback: none
  }
}
`;

/** The same steps, without a timeout: deploy fails at once, and notify is left unstarted by it. */
const FAILED = `workflow failing {
  step build {
    run: create_file(path: "build.txt", content: "built")
  }
  step deploy {
    needs: build
    run: "exit 3"
    rollback: none
  }
  step notify {
    needs: deploy
    run: "true"
    rollback: none
  }
}
`;

/**
 * A failure first, then the timeout: \`check\` fails while \`deploy\` sleeps,
 * which stops the run starting steps; the timeout then stops \`deploy\`.
 * \`publish\` and \`later\` were blocked by the failure, the timeout only
 * kept \`report\` (a handler of check's failure, waiting for deploy) from starting.
 */
const FAILED_THEN_TIMED_OUT = `workflow mixed {
  timeout: 2s
  concurrency: 2
  step deploy {
    run: "sleep 20"
    rollback: none
  }
  step check {
    run: "sleep 0.2; exit 3"
    rollback: none
  }
  step publish {
    needs: check
    run: "true"
    rollback: none
  }
  step later {
    needs: deploy
    run: "true"
    rollback: none
  }
  step report {
    needs: [deploy, check]
    when: steps.check.status == failed
    run: "touch report.txt"
    rollback: "rm -f report.txt"
  }
}
`;

/**
 * A failure the run goes on after, then the timeout: \`lint\` fails
 * (\`continue_on_error\`) while \`slow\` sleeps, so \`publish\` and
 * \`announce\` will never run — but the scheduler reports that only once
 * nothing runs, and \`slow\` runs until the timeout. The timeout kept only
 * \`report\` (a handler waiting for publish to end) and \`later\` (after
 * slow, which it stopped) from starting.
 */
const CONTINUED_THEN_TIMED_OUT = `workflow continued {
  timeout: 3s
  concurrency: 2
  step lint {
    run: "exit 3"
    continue_on_error: true
    rollback: none
  }
  step slow {
    run: "sleep 20"
    rollback: none
  }
  step publish {
    needs: lint
    run: "true"
    rollback: none
  }
  step announce {
    needs: publish
    run: "true"
    rollback: none
  }
  step report {
    needs: publish
    when: steps.publish.status == not_run
    run: "touch report.txt"
    rollback: "rm -f report.txt"
  }
  step later {
    needs: slow
    run: "true"
    rollback: none
  }
}
`;

/**
 * The same in a call made per item: its scheduler reports what \`lint\`'s
 * failure blocked (\`publish\`, and the instance that joins the call's
 * steps) when the timeout halts it, not later.
 */
const CONTINUED_IN_CALL_THEN_TIMED_OUT = `workflow part {
  param n: int
  step lint {
    run: "exit 3"
    continue_on_error: true
    rollback: none
  }
  step slow {
    run: "sleep 20"
    rollback: none
  }
  step publish {
    needs: lint
    run: "true"
    rollback: none
  }
  step later {
    needs: slow
    run: "true"
    rollback: none
  }
}

workflow called {
  timeout: 3s
  concurrency: 4
  step each {
    for_each: n in [1]
    run: workflow part(n: n)
  }
}
`;

/** A fan-out the timeout stops at its first item: the instances after it never start. */
const FANNED_OUT = `workflow fanned {
  timeout: 1s
  step convert {
    for_each: n in [1, 2, 3]
    run: "sleep 20"
    rollback: none
  }
}
`;

const WHY = "not run after the workflow's timeout (no step starts then, not even a handler)";

/**
 * The steps a workflow's `timeout` left unstarted say why in the record, as
 * the run's summary does: their `reason` in result.json and `run --json`
 * (what the editor's metrics panel shows under their status).
 */
describe("steps the workflow's timeout left unstarted say why (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-timeout-reason-");

  /** Writes `text` as `name`.momoflow, runs it with --json (it fails) and gives what it printed. */
  async function failedRun(
    name: string,
    text: string,
    ...args: string[]
  ): Promise<{ file: string; printed: RunResultFile }> {
    const file = join(tmp(), `${name}.momoflow`);
    writeFileSync(file, text);
    const out = await startCli(["run", file, ...args, "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    return { file, printed: JSON.parse(out.stdout) as RunResultFile };
  }

  /** The steps' reasons are `expected`, in what the run printed and in its result.json. */
  function assertReasons(
    printed: RunResultFile,
    expected: Record<string, string | undefined>,
  ): void {
    assert.deepEqual(reasonsById(printed.steps), expected);
    assert.deepEqual(reasonsById(latestResult(tmp()).steps), expected);
  }

  /**
   * The record keeps which steps have the reason: a later rollback rewrites
   * result.json from the journal alone, and `momoflow runs` lists `listed`.
   */
  async function assertKeptByRollback(
    file: string,
    expected: Record<string, string | undefined>,
    listed: string,
  ): Promise<void> {
    const rolledBack = await startCli(["rollback", file], tmp()).done;
    assert.ok(rolledBack.code === 0 || rolledBack.code === 1, said(rolledBack));
    assert.deepEqual(reasonsById(latestResult(tmp()).steps), expected);
    const shown = await startCli(["runs", runDirOf(tmp())], tmp()).done;
    assert.match(shown.stdout, new RegExp(`\\n {2}${escaped(WHY)}: ${listed}\\n`), said(shown));
  }

  it("gives them the reason in result.json and run --json; the steps that ran have none", async () => {
    const { printed } = await failedRun("timed", TIMED_OUT);
    const expected = { build: undefined, deploy: undefined, report: WHY, notify: WHY };
    assert.deepEqual(reasonsById(printed.steps), expected);
    assert.equal(printed.steps.find((s) => s.id === "report")?.status, "not_run");

    const result = latestResult(tmp());
    assert.deepEqual(reasonsById(result.steps), expected);
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const valid = ajv.compile(resultSchema);
    assert.ok(valid(result), ajv.errorsText(valid.errors));
  });

  it("momoflow runs <run> says it once, under the run's error, as the run's own summary did", async () => {
    const file = join(tmp(), "timed.momoflow");
    writeFileSync(file, TIMED_OUT);
    const run = await startCli(["run", file], tmp()).done;
    assert.equal(run.code, 1, said(run));
    const shown = await startCli(["runs", runDirOf(tmp())], tmp()).done;
    assert.equal(shown.code, 0, said(shown));
    for (const out of [run, shown]) {
      assert.match(out.stdout, /^ {2}report +not_run +0 +— +—$/m, said(out));
      assert.equal(out.stdout.split(WHY).length, 2, said(out));
      assert.match(out.stdout, new RegExp(`\\n {2}${escaped(WHY)}: report, notify\\n`), said(out));
    }
  });

  it("gives it only to the steps the timeout kept from starting, not to those a failure before it blocked", async () => {
    const { file, printed } = await failedRun("mixed", FAILED_THEN_TIMED_OUT);
    assert.match(printed.error ?? "", /step "check" failed/);
    const notRun = printed.steps.filter((s) => s.status === "not_run").map((s) => s.id);
    assert.deepEqual(notRun.sort(), ["later", "publish", "report"]);
    const expected = {
      deploy: undefined,
      check: undefined,
      publish: undefined,
      later: undefined,
      report: WHY,
    };
    assertReasons(printed, expected);
    await assertKeptByRollback(file, expected, "report");
  });

  it("gives it not to the steps a continue_on_error failure blocked, though the run went on until the timeout", async () => {
    const { file, printed } = await failedRun("continued", CONTINUED_THEN_TIMED_OUT);
    assert.match(printed.error ?? "", /workflow "continued" timed out after 3s/);
    const notRun = printed.steps.filter((s) => s.status === "not_run").map((s) => s.id);
    assert.deepEqual(notRun.sort(), ["announce", "later", "publish", "report"]);
    // As the same run without the timeout leaves them: not_run, without a reason.
    const expected = {
      lint: undefined,
      slow: undefined,
      publish: undefined,
      announce: undefined,
      report: WHY,
      later: WHY,
    };
    assertReasons(printed, expected);
    await assertKeptByRollback(file, expected, "report, later");
  });

  it("gives it not to the steps of a call made per item that a continue_on_error failure blocked", async () => {
    const { printed } = await failedRun(
      "called",
      CONTINUED_IN_CALL_THEN_TIMED_OUT,
      "--workflow",
      "called",
    );
    assert.match(printed.error ?? "", /workflow "called" timed out after 3s/);
    const expected = {
      each: undefined,
      "each[0]/lint": undefined,
      "each[0]/slow": undefined,
      "each[0]/publish": undefined,
      "each[0]/later": WHY,
      "each[0]": undefined,
    };
    assertReasons(printed, expected);
  });

  it("gives it to a fan-out's instances the timeout kept from starting", async () => {
    const { printed } = await failedRun("fanned", FANNED_OUT);
    const expected = {
      convert: undefined,
      "convert[0]": undefined,
      "convert[1]": WHY,
      "convert[2]": WHY,
    };
    assertReasons(printed, expected);
  });

  it("gives no such reason to a step a failure left unstarted in a run without a timeout", async () => {
    const { printed } = await failedRun("failing", FAILED);
    assert.equal(printed.steps.find((s) => s.id === "notify")?.status, "not_run");
    assert.equal(reasonsById(printed.steps).notify, undefined);
    assert.equal(reasonsById(latestResult(tmp()).steps).notify, undefined);
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
