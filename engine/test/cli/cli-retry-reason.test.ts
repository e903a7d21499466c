import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";

/** A retried step says why the attempt before failed: otherwise it is said nowhere (the real CLI). */
describe("momoflow run: a retry says why the attempt before it failed", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-retry-reason-");

  it("names the failed attempt and its error: a timeout, then an exit code", async () => {
    writeFileSync(
      join(tmp(), "r.momoflow"),
      `workflow r {
  step flaky {
    retries: 2
    retry_delay: 0s
    timeout: 2s
    run: """
      n=$(cat n.txt 2>/dev/null || echo 0); n=$((n+1)); echo $n > n.txt
      if [ $n -eq 1 ]; then sleep 10; fi
      [ $n -eq 3 ] || exit 4
      """
    rollback: none
  }
}
`,
    );
    const out = await runCli(["run", "r.momoflow"], tmp());
    assert.equal(out.code, 0, said(out));
    assert.match(
      out.stdout,
      /retrying step "flaky" in 0s \(attempt 2 of 3\): attempt 1 timed out after 2s\n/,
      said(out),
    );
    assert.match(
      out.stdout,
      /retrying step "flaky" in 0s \(attempt 3 of 3\): attempt 2 failed: shell command ".*" exited with code 4 at line 3 of the script \(r\.momoflow:9\), `\[ \$n -eq 3 \] \|\| exit 4`\n/,
      said(out),
    );
  });
});
