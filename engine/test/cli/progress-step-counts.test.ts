import assert from "node:assert/strict";
import { ProgressReporter } from "../../src/cli/progress-reporter";
import { styleFor } from "../../src/cli/terminal-style";
import { CollectedOutput } from "../support/collected-output";
import { runStartedEvent } from "../support/run-started-event";

/** The run's first line and the rollback's count their steps in words: "1 step", "2 steps". */
describe("momoflow run: step counts on the terminal", () => {
  for (const [ids, words] of [
    [["a"], "1 step"],
    [["a", "b"], "2 steps"],
  ] as const) {
    it(`says "${words}"`, () => {
      const out = new CollectedOutput();
      const reporter = new ProgressReporter(out, styleFor(process.stdout, { NO_COLOR: "1" }), {
        live: false,
      });
      reporter.onEvent(runStartedEvent(ids.map((id) => ({ id, needs: [], reversible: true }))));
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
