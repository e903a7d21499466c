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

/**
 * What a timed-out step's error says of how it was stopped: at once, or only
 * after the grace it was given — a `js()` function that ignores its signal is
 * given up 5 s later, a shell that ignores SIGTERM is killed 2 s later.
 */
describe("a timed-out step says how it was stopped (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-timeout-stop-");

  const errorOf = async (run: string, timeout = "300ms"): Promise<string> => {
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      `workflow w {\n  step slow {\n    run: ${run}\n    timeout: ${timeout}\n    rollback: none\n  }\n}\n`,
    );
    const out = await runCli(["run", "wf.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const result = JSON.parse(out.stdout) as { steps: { error?: string }[] };
    return result.steps[0]!.error ?? "";
  };

  it("a js() function that ignores its signal: given up after its 5 s grace, and the error says so", async () => {
    writeFileSync(
      join(tmp(), "deaf.mjs"),
      "export async function work() {\n  await new Promise((resolve) => setTimeout(resolve, 8000));\n}\n",
    );
    assert.equal(
      await errorOf('js("./deaf.mjs", "work")'),
      "timed out after 300ms; it did not stop within 5s of its signal and was given up (it may still be running)",
    );
  });

  it("a js() function that ignores its signal but returns within its grace: failed as timed out, not a success", async () => {
    writeFileSync(
      join(tmp(), "late.mjs"),
      'export async function work() {\n  await new Promise((resolve) => setTimeout(resolve, 1500));\n  return "late";\n}\n',
    );
    assert.match(
      await errorOf('js("./late.mjs", "work")'),
      /^timed out after 300ms; it did not stop at its signal and returned \d+(\.\d+)? (ms|s) later, within the 5s it is given to stop: its output is not used$/,
    );
  });

  it("a shell that ignores SIGTERM: killed (SIGKILL) after its 2 s grace, and the error says so; one that stops says only the timeout", async () => {
    // A timeout long enough for the shell to set its trap first, even on a loaded machine.
    assert.equal(
      await errorOf(`"trap '' TERM; sleep 8"`, "2s"),
      "timed out after 2s; it did not stop within 2s of SIGTERM and was killed (SIGKILL)",
    );
    assert.equal(await errorOf('"sleep 8"'), "timed out after 300ms");
  });
});
