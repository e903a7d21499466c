import assert from "node:assert/strict";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import type { RunResultFile } from "../../src/record/result-file";

/**
 * A fan-out step whose instances did not run now — up to date, or reused by
 * `--resume` — says so on its own lines, live and in the summary, as a single
 * such step does (`up to date`, `reused`), not `0 ✓ 2 skipped` (the real CLI).
 */
describe("fan-out: instances up to date or reused are said to be", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-fan-out-not-run-now-");

  const UP_TO_DATE = `workflow fan {
  step conv {
    for_each: f in ["a", "b"]
    inputs: "\${f}.txt"
    outputs: "\${f}.out"
    run: "cp \${f}.txt \${f}.out"
  }
}
`;

  it("every instance up to date: the step's live line and summary row say 2 up to date; one made again counts apart", async () => {
    const file = join(tmp(), "fan.momoflow");
    writeFileSync(file, UP_TO_DATE);
    const old = new Date(Date.now() - 60_000);
    for (const name of ["a.txt", "b.txt"]) {
      writeFileSync(join(tmp(), name), name);
      utimesSync(join(tmp(), name), old, old);
    }
    const first = await runCli(["run", file], tmp());
    assert.equal(first.code, 0, said(first));
    const again = await runCli(["run", file], tmp());
    assert.equal(again.code, 0, said(again));
    assert.match(again.stdout, /\n {2}○ conv skipped {2}2 instances: 2 up to date\n/, said(again));
    assert.match(again.stdout, /\n {2}conv +skipped +— .*2 instances: 2 up to date\n/, said(again));
    assert.doesNotMatch(again.stdout, /0 ✓|skipped\n|2 skipped/, said(again));
    // --json says it as it does of a single up-to-date step: upToDate, on the step and its instances.
    const json = await runCli(["run", file, "--json"], tmp());
    assert.equal(json.code, 0, said(json));
    const steps = (JSON.parse(json.stdout) as RunResultFile).steps;
    assert.deepEqual(
      steps.map((s) => [s.id, s.status, s.upToDate, s.reason]),
      [
        ["conv", "skipped", true, "every instance was up to date"],
        ["conv[0]", "skipped", true, undefined],
        ["conv[1]", "skipped", true, undefined],
      ],
    );
    // b's input is newer than its output now: b runs, a stays up to date.
    writeFileSync(join(tmp(), "b.txt"), "b again");
    const mixed = await runCli(["run", file], tmp());
    assert.equal(mixed.code, 0, said(mixed));
    assert.match(
      mixed.stdout,
      /\n {2}conv +success +— .*2 instances: 1 ✓ 1 up to date\n/,
      said(mixed),
    );
    // One of two made again: the step ran, it is not up to date.
    writeFileSync(join(tmp(), "a.txt"), "a again");
    const mixedJson = await runCli(["run", file, "--json"], tmp());
    const conv = (JSON.parse(mixedJson.stdout) as RunResultFile).steps[0]!;
    assert.deepEqual([conv.status, conv.upToDate], ["success", undefined]);
  });

  it("every instance reused by --resume: the step's live line and summary row say 2 reused", async () => {
    const file = join(tmp(), "resumed.momoflow");
    writeFileSync(
      file,
      `workflow fan {
  param ok: bool = false
  step conv {
    for_each: f in ["a", "b"]
    run: "echo \${f}"
    rollback: none
  }
  step last {
    needs: conv
    run: "\${ok}"
    rollback: none
  }
}
`,
    );
    const failed = await runCli(["run", file, "--no-rollback"], tmp());
    assert.equal(failed.code, 1, said(failed));
    const resumed = await runCli(["run", file, "--resume", "--param", "ok=true"], tmp());
    assert.equal(resumed.code, 0, said(resumed));
    assert.match(resumed.stdout, /\n {2}✓ conv success {2}2 instances: 2 reused\n/, said(resumed));
    assert.match(resumed.stdout, /\n {2}conv +success +— .*2 instances: 2 reused\n/, said(resumed));
  });
});
