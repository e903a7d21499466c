import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * MF024 through the real CLI: `momoflow run` warns of a `\"` or `\$` of a
 * `"""` script that the shell never sees, and runs on (a warning); the
 * spelling its message and preferred quick fix give (`\\"`, `\\$`) hands the
 * shell the escape as the script's author wrote it.
 */
describe('CLI: escapes of a `"""` shell script meant for the shell (MF024)', function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-cooked-escapes-");

  const flow = (line: string): string =>
    `workflow w {\n  step s {\n    run: """\n      ${line}\n    """\n    rollback: none\n  }\n}\n`;

  it("warns where the script as written differs from what the shell gets, and still runs it", async () => {
    writeFileSync(join(tmp(), "flow.momoflow"), flow("echo \\$HOME"));
    const out = await runCli(["run", "flow.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /flow\.momoflow:4:12: warning MF024: `\\\$` gives the shell a bare `\$`, which it expands/,
    );
    // What the warning says: the shell expanded it.
    assert.match(out.stdout, new RegExp(`s \\| ${process.env.HOME ?? "/"}`));
  });

  it("prints one warning per script, counting its escapes and naming their lines", async () => {
    const script = 'echo "a\\"b"\n      echo "c\\"d" "e\\"f"';
    writeFileSync(join(tmp(), "flow.momoflow"), flow(script));
    const out = await runCli(["check", "flow.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(out.stdout.trim().split("\n"), [
      'flow.momoflow:4:14: warning MF024: 3 `\\"` in this script give the shell a bare `"` (a `"""` string needs no escape for quotes), on lines 4 and 5: write `\\\\"` to pass `\\"` to the shell, or `"` alone',
    ]);
    assert.match(out.stderr, /1 warning in 1 file/);
  });

  it('hands the shell `\\"` and `\\$` when written as the message says, with no warning', async () => {
    writeFileSync(join(tmp(), "flow.momoflow"), flow('echo "a\\\\"b" \\\\$HOME'));
    const checked = await runCli(["check", "flow.momoflow"], tmp());
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.doesNotMatch(checked.stdout + checked.stderr, /MF024/);
    const out = await runCli(["run", "flow.momoflow"], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /s \| a"b \$HOME$/m);
  });
});
