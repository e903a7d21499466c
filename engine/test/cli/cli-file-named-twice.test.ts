import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A file named twice — directly and through its folder, or as `a` and `./a`:
 * before, check printed its problems twice and counted them twice ("6 errors
 * in 2 files" for one file), and test ran its tests twice.
 */
describe("momoflow check and test: a file named twice is taken once", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-named-twice-");
  const setUp = (): void => {
    mkdirSync(join(tmp(), "flows"));
    writeFileSync(
      join(tmp(), "flows", "a.momoflow"),
      [
        "workflow w {",
        '  step s { run: "true"  rollback: none  timeout: 1x }',
        "}",
        'test "t" {',
        "  workflow: w",
        "  expect status == success",
        "}",
        "",
      ].join("\n"),
    );
  };

  it("check: each problem once, the file counted once", async () => {
    setUp();
    const out = await runCli(["check", "flows", "flows/a.momoflow", "./flows/a.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const lines = out.stdout.trim().split("\n");
    assert.equal(new Set(lines).size, lines.length, `a problem printed twice:\n${out.stdout}`);
    assert.match(out.stderr, / in 1 file\n/);
    // A folder whose file was named before it still holds one: it is no empty folder.
    const first = await runCli(["check", "flows/a.momoflow", "flows"], tmp());
    assert.equal(first.code, 1, first.stdout + first.stderr);
    assert.match(first.stderr, / in 1 file\n/);
  });

  it("test: each test run once", async () => {
    setUp();
    writeFileSync(
      join(tmp(), "flows", "a.momoflow"),
      'workflow w {\n  step s { run: "true"  rollback: none }\n}\ntest "t" {\n  workflow: w\n  expect status == success\n}\n',
    );
    const out = await runCli(["test", "flows", "flows/a.momoflow", "--json"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as { tests: unknown[]; passed: number };
    assert.equal(report.tests.length, 1, out.stdout);
  });
});
