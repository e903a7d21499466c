import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/**
 * An option that takes a value, followed by a word that starts with a dash
 * (`--concurrency -1`, `--workdir -out`, or a forgotten value before the
 * next option: `--workdir --json`), was refused saying the option "takes no
 * value": the opposite of the truth. It needs one, and one that starts with
 * a dash is written after `=`.
 */
describe("an option's value that starts with a dash (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-dash-values-");

  for (const args of [
    ["run", "wf.momoflow", "--concurrency", "-1"],
    ["run", "wf.momoflow", "--workdir", "--json"],
    ["runs", "--last", "-1"],
  ]) {
    it(`says the option needs a value, and how to give one with a dash: ${args.join(" ")}`, async () => {
      writeFileSync(
        join(tmp(), "wf.momoflow"),
        'workflow w {\n  step a {\n    run: log(message: "a")\n  }\n}\n',
      );
      const out = await runCli(args, tmp());
      assert.equal(out.code, 2, said(out));
      const option = args.find((a) => a.startsWith("--"))!;
      assert.match(
        out.stderr,
        new RegExp(
          `^momoflow: option ${option} of "momoflow ${args[0]}" needs a value, and the word after it starts with "-": ` +
            `a value that starts with "-" is written ${option}=-…`,
        ),
      );
      assert.doesNotMatch(out.stderr, /takes no value/);
    });
  }
});
