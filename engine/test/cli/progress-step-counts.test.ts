import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { ProgressReporter } from "../../src/cli/progress-reporter";
import { styleFor } from "../../src/cli/terminal-style";

/** A pipe that keeps what is written to it. */
class Collected extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The run's first line and the rollback's count their steps in words: "1 step", "2 steps". */
describe("momoflow run: step counts on the terminal", () => {
  for (const [ids, words] of [
    [["a"], "1 step"],
    [["a", "b"], "2 steps"],
  ] as const) {
    it(`says "${words}"`, () => {
      const out = new Collected();
      const reporter = new ProgressReporter(out, styleFor(process.stdout, { NO_COLOR: "1" }), {
        live: false,
      });
      reporter.onEvent({
        type: "run_started",
        v: 1,
        time: 0,
        runId: "r",
        workflow: { id: "w", name: "w", version: "1" },
        workdir: "/",
        pid: 1,
        steps: ids.map((id) => ({ id, needs: [], reversible: true })),
      } as never);
      reporter.onEvent({
        type: "rollback_started",
        time: 1,
        reason: "failure",
        steps: ids,
      } as never);
      assert.match(out.text, new RegExp(`▶ w run r · ${words}\\n`));
      assert.match(out.text, new RegExp(`↶ rolling back ${words}: ${ids.join(", ")}\\n`));
    });
  }
});
