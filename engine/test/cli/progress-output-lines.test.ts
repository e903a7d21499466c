import assert from "node:assert/strict";
import { ProgressReporter } from "../../src/cli/progress-reporter";
import { styleFor } from "../../src/cli/terminal-style";
import { CollectedOutput } from "../support/collected-output";
import { runStartedEvent } from "../support/run-started-event";

function reporterTo(out: CollectedOutput): ProgressReporter {
  const reporter = new ProgressReporter(out, styleFor(process.stdout, { NO_COLOR: "1" }), {
    live: false,
  });
  reporter.onEvent(runStartedEvent([{ id: "bar", needs: [], reversible: false }]));
  return reporter;
}

/**
 * A step's output is shown line by line after its id; a line still being
 * written waits for its line break. A progress bar (`curl -#`, `pip`, a
 * download) writes for minutes without one: each chunk used to be appended
 * to the whole waiting text and that text searched again for a line break,
 * so the time went with the square of the line (20 MB: 15 s instead of 1 s,
 * 100 MB: 5 minutes).
 */
describe("momoflow run: a step's output lines on the terminal", () => {
  it("a line cut into many chunks is shown once, whole, after the step's id", () => {
    const out = new CollectedOutput();
    const reporter = reporterTo(out);
    for (const text of ["do", "wn", "lo", "ad 1\nsec", "ond line", "\n", "\r3", "0%\r", "100%"])
      reporter.onOutput({ step: "bar", stream: "stdout", text });
    reporter.onEvent({
      type: "step_finished",
      time: 1,
      step: "bar",
      status: "success",
      attempts: 1,
      metrics: { durationMs: 1 },
    } as never);
    const lines = out.text.split("\n").filter((line) => line.startsWith("  bar |"));
    assert.deepEqual(lines, ["  bar | download 1", "  bar | second line", "  bar | \r30%\r100%"]);
  });

  it("each character of a long unfinished line is searched for a line break a bounded number of times", () => {
    const out = new CollectedOutput();
    const reporter = reporterTo(out);
    const chunk = "#".repeat(1000);
    const chunks = 2000;
    let searched = 0;
    const { indexOf, lastIndexOf } = String.prototype;
    // Counts what the reporter's searches for a line break read: linear, or the square of the line.
    String.prototype.lastIndexOf = function (this: string, ...args: [string, number?]) {
      searched += this.length;
      return lastIndexOf.apply(this, args);
    };
    String.prototype.indexOf = function (this: string, ...args: [string, number?]) {
      searched += this.length;
      return indexOf.apply(this, args);
    };
    try {
      for (let i = 0; i < chunks; i++)
        reporter.onOutput({ step: "bar", stream: "stderr", text: chunk });
      reporter.onOutput({ step: "bar", stream: "stderr", text: "done\n" });
    } finally {
      String.prototype.lastIndexOf = lastIndexOf;
      String.prototype.indexOf = indexOf;
    }
    assert.ok(searched <= 4 * chunks * chunk.length, `searched ${searched} characters`);
    assert.equal(out.text.split("\n").filter((line) => line.startsWith("  bar |")).length, 1);
    assert.ok(out.text.includes(`  bar | ${chunk.repeat(chunks)}done\n`));
  });
});
