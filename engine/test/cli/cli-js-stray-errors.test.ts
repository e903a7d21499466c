import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { assertRolledBackAfterCode, runWithoutCrash } from "../support/stray-error-runs";
import { useTempDir } from "../support/temp-dir";

/**
 * A js() function runs in the momoflow process, so an error its code throws
 * outside the call — a promise it never awaited that rejects, a timer's
 * callback that throws — reached Node as an unhandled rejection or an
 * uncaught exception, which ended the whole run with Node's stack trace: no
 * rollback, no summary, a record left "killed". Such an error belongs to the
 * step whose function started that work: the step fails with it, and the
 * run goes on as after any failed step (its rollback, its summary, exit 1).
 */
describe("errors a js() function throws outside its call (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-js-stray-");

  /** The later step waits (up to 20 s) for the file a stray timer writes before it throws: the throw has happened by its end. */
  const AFTER_THE_THROW =
    '"for i in $(seq 400); do [ -f thrown.marker ] && break; sleep 0.05; done; echo after"';

  const MODULE = [
    'import { writeFileSync } from "node:fs";',
    "export async function unawaited() {",
    '  Promise.reject(new Error("nobody awaited me"));',
    "  await new Promise((r) => setTimeout(r, 60_000));",
    "}",
    "export async function timerThrows() {",
    '  setTimeout(() => { throw new Error("thrown in a timer"); }, 10);',
    "  await new Promise((r) => setTimeout(r, 60_000));",
    "}",
    "export async function throwsAfterReturning() {",
    '  setTimeout(() => { writeFileSync("thrown.marker", ""); throw new Error("thrown after returning"); }, 10);',
    '  return "returned";',
    "}",
    "export async function exits() {",
    "  process.exit(0);",
    "}",
    "export async function exitsInATimer() {",
    "  setTimeout(() => process.exit(0), 10);",
    "  await new Promise((r) => setTimeout(r, 60_000));",
    "}",
    "export async function exitsAfterReturning() {",
    '  setTimeout(() => { writeFileSync("thrown.marker", ""); process.exit(0); writeFileSync("went-on.txt", ""); }, 10);',
    '  return "returned";',
    "}",
    "export async function undoUnawaited() {",
    '  Promise.reject(new Error("undo nobody awaited"));',
    "  await new Promise((r) => setTimeout(r, 60_000));",
    "}",
  ].join("\n");

  function workflow(fn: string, after = '"echo after"', rollback = "none"): string {
    return [
      "workflow w {",
      "  step make {",
      '    run: create_file(path: "made.txt", content: "made")',
      "  }",
      "  step code {",
      "    needs: make",
      `    run: js("./m.mjs", "${fn}")`,
      `    rollback: ${rollback}`,
      "  }",
      "  step after {",
      "    needs: code",
      `    run: ${after}`,
      "    rollback: none",
      "  }",
      "}",
    ].join("\n");
  }

  for (const [fn, message] of [
    ["unawaited", "nobody awaited me"],
    ["timerThrows", "thrown in a timer"],
  ] as const) {
    it(`fails the step and rolls the run back: ${fn}`, async () => {
      writeFileSync(join(tmp(), "m.mjs"), MODULE);
      writeFileSync(join(tmp(), "wf.momoflow"), workflow(fn));
      const out = await runWithoutCrash("wf.momoflow", tmp(), 1);
      assert.match(
        out.stdout,
        new RegExp(
          `step "code" failed: js\\("\\./m\\.mjs", "${fn}"\\): .*outside its call.*${message}`,
        ),
      );
      assertRolledBackAfterCode(tmp());
    });
  }

  it("keeps the run going when the error comes after the function returned, and says so", async () => {
    writeFileSync(join(tmp(), "m.mjs"), MODULE);
    writeFileSync(join(tmp(), "wf.momoflow"), workflow("throwsAfterReturning", AFTER_THE_THROW));
    const out = await runWithoutCrash("wf.momoflow", tmp(), 0);
    const said = out.said;
    assert.match(
      said,
      /code .*warn: js\("\.\/m\.mjs", "throwsAfterReturning"\) had returned when work it left threw .*thrown after returning/,
    );
    assert.equal(latestResult(tmp()).status, "success");
  });

  it("fails the undo, not the process, when a js() rollback throws outside its call", async () => {
    writeFileSync(join(tmp(), "m.mjs"), MODULE);
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      workflow("throwsAfterReturning", '"exit 3"', 'js("./m.mjs", "undoUnawaited")'),
    );
    const out = await runWithoutCrash("wf.momoflow", tmp(), 1);
    assert.match(out.stdout, /✗ code rollback_failed.*outside its call.*undo nobody awaited/);
    const result = latestResult(tmp());
    assert.equal(result.status, "partially_rolled_back");
  });

  for (const fn of ["exits", "exitsInATimer"]) {
    it(`fails the step, rather than end the run with exit code 0, when the function calls process.exit: ${fn}`, async () => {
      writeFileSync(join(tmp(), "m.mjs"), MODULE);
      writeFileSync(join(tmp(), "wf.momoflow"), workflow(fn));
      const out = await runCli(["run", "wf.momoflow"], tmp());
      const said = out.stdout + out.stderr;
      assert.equal(out.code, 1, said);
      assert.match(
        out.stdout,
        new RegExp(
          `step "code" failed: .*js\\("\\./m\\.mjs", "${fn}"\\) called process\\.exit\\(0\\)`,
        ),
      );
      assert.equal(existsSync(join(tmp(), "made.txt")), false, "the rollback undid make");
      assert.equal(latestResult(tmp()).status, "rolled_back");
    });
  }

  it("keeps the run going when work the function left calls process.exit after it returned, and says so", async () => {
    writeFileSync(join(tmp(), "m.mjs"), MODULE);
    writeFileSync(join(tmp(), "wf.momoflow"), workflow("exitsAfterReturning", AFTER_THE_THROW));
    const out = await runWithoutCrash("wf.momoflow", tmp(), 0);
    assert.match(
      out.said,
      /code .*warn: js\("\.\/m\.mjs", "exitsAfterReturning"\) had returned when work it left called process\.exit\(0\): ignored, the run goes on/,
    );
    assert.match(out.stdout, /✓ after success/);
    // The exit ended the timer's callback, as an exit would have: nothing after it ran.
    assert.equal(existsSync(join(tmp(), "went-on.txt")), false);
    const result = latestResult(tmp());
    assert.equal(result.status, "success");
    assert.deepEqual(
      result.steps.map((s) => `${s.id} ${s.status}`),
      ["make success", "code success", "after success"],
    );
  });

  it("keeps the run going when the module's own code leaves an error as it loads, and says so", async () => {
    writeFileSync(
      join(tmp(), "m.mjs"),
      [
        'Promise.reject(new Error("rejected as the module loaded"));',
        'import { writeFileSync } from "node:fs";',
        'setTimeout(() => { writeFileSync("thrown.marker", ""); throw new Error("thrown after the module loaded"); }, 10);',
        'export function fine() { return "fine"; }',
      ].join("\n"),
    );
    writeFileSync(join(tmp(), "wf.momoflow"), workflow("fine", AFTER_THE_THROW));
    const out = await runWithoutCrash("wf.momoflow", tmp(), 0);
    const said = out.said;
    assert.match(
      said,
      /code .*warn: js\("\.\/m\.mjs", "fine"\) had returned .*rejected as the module loaded/,
    );
    assert.match(
      said,
      /code .*warn: js\("\.\/m\.mjs", "fine"\) had returned .*thrown after the module loaded/,
    );
    assert.equal(latestResult(tmp()).status, "success");
  });
});
