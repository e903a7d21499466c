import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A `js()` step is told when its `timeout` is reached: `context.signal`
 * aborts, so the function can stop its work instead of running on unseen.
 */
describe("js() steps and their timeout (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-js-timeout-");

  it("aborts context.signal at the step's timeout, and the step fails as timed out", async () => {
    // The function waits for its signal (or 20 s); what it saw is written to a file.
    writeFileSync(
      join(tmp(), "slow.mjs"),
      [
        'import { writeFileSync } from "node:fs";',
        "export async function work(args, context) {",
        "  const aborted = await new Promise((resolve) => {",
        // On a busy machine the module may load after the timeout: an aborted signal fires no event.
        "    if (context.signal.aborted) return resolve(true);",
        "    const timer = setTimeout(() => resolve(false), 20000);",
        '    context.signal.addEventListener("abort", () => { clearTimeout(timer); resolve(true); });',
        "  });",
        '  writeFileSync("seen.txt", aborted ? "aborted" : "never told");',
        '  throw new Error("stopped");',
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      'workflow w {\n  step slow {\n    run: js("./slow.mjs", "work")\n    timeout: 300ms\n  }\n}\n',
    );
    const out = await runCli(["run", "wf.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const result = JSON.parse(out.stdout) as {
      steps: { id: string; status: string; error?: string }[];
    };
    assert.equal(result.steps[0]!.status, "failed");
    assert.match(result.steps[0]!.error ?? "", /timed out/i);
    assert.equal(readFileSync(join(tmp(), "seen.txt"), "utf8"), "aborted");
  });
});
