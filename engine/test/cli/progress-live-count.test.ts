import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadMomoflowWorkflow } from "../../src/cli/momoflow-workflow";
import { ProgressReporter } from "../../src/cli/progress-reporter";
import { styleFor } from "../../src/cli/terminal-style";
import { WorkflowContext } from "../../src/runtime/context";
import { WorkflowEngine } from "../../src/runtime/engine";
import { useTempDir } from "../support/temp-dir";

/** A terminal 200 columns wide that keeps what is written to it. */
class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 200;
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * The live line of `momoflow run` on a terminal counts the steps that ended
 * out of all of them (`⠋ 3/5 · build 1.2s`). A fan-out's instances end as
 * steps of their own: they used to be counted as done but not in the total,
 * so a run with a for_each showed "7/6". They are counted in place of their
 * step, as "% of steps succeeded" counts them: the step's own end is no
 * step more (a run of 3 steps, one of them over 4 items, showed "…/7" beside
 * "100% of 6").
 */
describe("momoflow run's live line on a terminal", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-live-count-");

  /** Runs `file` with the live line on a terminal: what it drew, and each "done/total" in order. */
  async function liveCounts(file: string): Promise<{ text: string; counts: number[][] }> {
    const definition = loadMomoflowWorkflow({ file }, () => undefined);
    const terminal = new FakeTerminal();
    const reporter = new ProgressReporter(terminal, styleFor(process.stdout, { NO_COLOR: "1" }), {
      live: true,
    });
    const result = await new WorkflowEngine().executeWorkflow(
      definition,
      new WorkflowContext({ workingDirectory: tmp(), env: {} }),
      { onEvent: reporter.onEvent },
    );
    assert.equal(result.status, "success", result.error);
    const counts = [...terminal.text.matchAll(/ (\d+)\/(\d+) · /g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    return { text: terminal.text, counts };
  }

  it("never counts more steps done than it has: a fan-out's instances are in the total", async () => {
    const file = join(tmp(), "fan.momoflow");
    writeFileSync(
      file,
      `workflow fan {
  step first {
    run: log(message: "first")
  }
  step each {
    needs: first
    for_each: region in ["eu", "us", "ap"]
    run: log(message: region)
  }
  step last {
    needs: each
    run: sleep(duration: 20ms)
  }
}
`,
    );
    const { text, counts } = await liveCounts(file);
    assert.ok(counts.length > 0, text);
    for (const [done, total] of counts) assert.ok(done! <= total!, `${done}/${total} shown`);
    // The last step is shown running once all the others ended: 3 declared, `each` counted
    // as its 3 instances.
    assert.deepEqual(counts.at(-1), [4, 5]);
  });

  it("counts a fan-out without instances as one step", async () => {
    const file = join(tmp(), "empty.momoflow");
    writeFileSync(
      file,
      `workflow empty {
  step each {
    for_each: region in []
    run: log(message: region)
  }
  step last {
    needs: each
    run: sleep(duration: 20ms)
  }
}
`,
    );
    const { text, counts } = await liveCounts(file);
    assert.deepEqual(counts.at(-1), [1, 2], text);
  });
});
