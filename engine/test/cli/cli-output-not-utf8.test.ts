import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * A step's output is text: bytes that are not UTF-8 (a Latin-1 file name,
 * binary) are read as U+FFFD, so a later step or an undo that reads the
 * output gets other text than the step printed — `rm 'caf�.txt'` instead of
 * the file the step made. The run says so at the step, naming it, rather
 * than leaving the user to find out from an undo that fails (a line of the
 * step's output, kept in its log).
 */
describe("CLI: a step's output that is not UTF-8", function () {
  this.timeout(20_000);
  const tmp = useTempDir("momoflow-cli-not-utf8-");

  const WARNING =
    /^ {2}make +\| warn: its output is not UTF-8 text: the bytes that are not were read as U\+FFFD \(�\), so a later step or its rollback that reads this output gets other text than the step printed$/m;

  it("is said at the step, on its standard output or in $MOMOFLOW_OUTPUT; UTF-8 output is not", async () => {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(
      file,
      `workflow flow {
  step make {
    run: "f=$(printf 'caf\\\\351.txt'); echo x > \\"$f\\"; printf '%s' \\"$f\\""
    rollback: "rm \${steps.make.output}"
  }
  step named {
    needs: make
    run: "printf 'caf\\\\351' > \\"$MOMOFLOW_OUTPUT\\""
    rollback: none
  }
  step fine {
    needs: named
    run: "printf 'ünï \\\\357\\\\277\\\\275 ok'"
    rollback: none
  }
}
`,
    );
    const out = await runCli(["run", file], tmp());
    assert.equal(out.code, 0, said(out));
    const text = out.stdout + out.stderr;
    assert.match(text, WARNING, said(out));
    assert.match(text, /^ {2}named +\| warn: its output is not UTF-8 text/m, said(out));
    assert.doesNotMatch(text, /fine +\| warn/, said(out));
  });
});
