import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useTempDir } from "../support/temp-dir";
import type { RunResultFile } from "../../src/record/result-file";

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

  /** `flaky` fails, then waits 30 s to retry: the run is stopped then (SIGTERM, or its `timeout`). */
  const waiting = (timeout: string): string => `workflow w {
  ${timeout}
  step flaky {
    retries: 1
    retry_delay: 30s
    run: "echo tried >> tries.txt; exit 4"
    rollback: "echo undone >> undo.txt"
  }
}
`;

  for (const [stop, timeout, code, runStatus, why] of [
    ["SIGTERM", "", 130, "cancelled", "cancelled by SIGTERM"],
    ["the workflow's timeout", "timeout: 2s", 1, "rolled_back", 'workflow "w" timed out after 2s'],
  ] as const) {
    it(`a step stopped by ${stop} while it waits to retry says so, not only that its attempt failed`, async () => {
      writeFileSync(join(tmp(), "w.momoflow"), waiting(timeout));
      const { child, done } = startCli(["run", "w.momoflow", "--json"], tmp());
      let progress = "";
      child.stderr!.on("data", (d) => (progress += d));
      await waitFor(() => /retrying step "flaky" in 30s/.test(progress), "the retry's wait");
      if (stop === "SIGTERM") child.kill("SIGTERM");
      const out = await done;
      assert.equal(out.code, code, said(out));
      const result = JSON.parse(out.stdout) as RunResultFile;
      const flaky = result.steps.find((s) => s.id === "flaky")!;
      assert.equal(flaky.status, "rolled_back", JSON.stringify(flaky));
      assert.equal(
        flaky.error,
        `${why}, while it waited to retry: attempt 1 failed: shell command "echo tried >> tries.txt; exit 4" exited with code 4`,
      );
      assert.equal(flaky.attempts, 1);
      assert.ok(existsSync(join(tmp(), "undo.txt")), "its half-done attempt is undone");
      assert.equal(result.status, runStatus, said(out));
    });
  }
});
