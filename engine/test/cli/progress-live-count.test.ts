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
 * so a run with a for_each showed "7/6".
 */
describe("momoflow run's live line on a terminal", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-live-count-");

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
    assert.ok(counts.length > 0, terminal.text);
    for (const [done, total] of counts) assert.ok(done! <= total!, `${done}/${total} shown`);
    // The last step is shown running once all the others ended: 3 declared, 3 instances.
    assert.deepEqual(counts.at(-1), [5, 6]);
  });
});
