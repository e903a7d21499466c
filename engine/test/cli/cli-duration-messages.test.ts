import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A message about a duration the user set (a step's or the workflow's
 * `timeout`, a `rollback_timeout`, a `retry_delay`) writes it as the language
 * does (`1.5s`, `2s`), whichever deadline it is about: it was `1500 ms` for a
 * step, `1000 ms` for the workflow and `1.00 s` for an undo (the real CLI).
 */
describe("momoflow run: durations in messages", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-duration-text-");

  it("a step's timeout, its retry delay, the workflow's timeout and an undo's deadline read as written", async () => {
    writeFileSync(
      join(tmp(), "d.momoflow"),
      `workflow w {
  timeout: 30s
  step undone {
    run: "echo made"
    rollback: "sleep 5"
    rollback_timeout: 1500ms
  }
  step slow {
    needs: undone
    run: "sleep 5"
    timeout: 250ms
    retries: 1
    retry_delay: 500ms
  }
}
`,
    );
    const out = await runCli(["run", "d.momoflow"], tmp());
    const text = out.stdout + out.stderr;
    assert.equal(out.code, 1, text);
    assert.match(text, /timed out after 250ms/);
    assert.match(text, /retrying step "slow" in 500ms \(attempt 2 of 2\)/);
    assert.match(text, /given up after 1\.5s \(its rollback_timeout\)/);
    assert.doesNotMatch(text, /\d ms \(|after \d+ ms|\d\.\d\d s \(/);
  });

  it("the workflow's timeout reads as written", async () => {
    writeFileSync(
      join(tmp(), "w.momoflow"),
      `workflow w {
  timeout: 1s
  step wait {
    run: "sleep 5"
  }
}
`,
    );
    const out = await runCli(["run", "w.momoflow"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout + out.stderr, /workflow "w" timed out after 1s/);
  });
});
