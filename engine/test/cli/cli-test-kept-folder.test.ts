import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A step that leaves a file and fails (nothing to undo), and a test of it that passes and one that fails. */
const TESTED = `
workflow leaves {
  step half {
    run: "echo partial > left.txt; echo why it failed >&2; exit 3"
    rollback: none
  }
}

workflow fine {
  step ok { run: "echo ok > ok.txt"  rollback: none }
}

test "fine passes" {
  workflow: fine
  expect status == success
}

test "leaves fails" {
  workflow: leaves
  expect status == success
}
`;

describe("momoflow test: a failing test's working folder is kept, a passing one's removed", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-test-kept-");
  /** Runs `momoflow test` with its temporary folders in `tmp/t`; returns the outcome and what is left there. */
  const runTests = async (args: string[]) => {
    const temp = join(tmp(), "t");
    mkdirSync(temp, { recursive: true });
    writeFileSync(join(tmp(), "w.momoflow"), TESTED);
    const out = await startCli(["test", "w.momoflow", ...args], tmp(), { TMPDIR: temp }).done;
    const left = readdirSync(temp).filter((name) => name.startsWith("momoflow-test-"));
    return { out, left: left.map((name) => join(temp, name)) };
  };

  it("keeps only the failing test's folder, with what its step left, and prints its path", async () => {
    const { out, left } = await runTests([]);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.equal(left.length, 1, `one folder kept: ${left.join(", ")}`);
    const kept = left[0]!;
    assert.equal(readFileSync(join(kept, "left.txt"), "utf8"), "partial\n");
    assert.ok(existsSync(join(kept, ".momoflow", "runs")), "with the run's record and logs");
    assert.ok(
      out.stdout.includes(`working folder kept: ${kept}`),
      `the path is printed under the failing test:\n${out.stdout}`,
    );
    const lines = out.stdout.split("\n");
    const at = lines.findIndex((l) => l.includes("working folder kept"));
    assert.ok(
      lines.slice(0, at).some((l) => l.includes("✗ leaves fails")),
      "under the failing test",
    );
  });

  it("a test run again replaces its kept folder: one per test, not one per run (the editor reruns tests)", async () => {
    const first = await runTests([]);
    const second = await runTests([]);
    assert.equal(second.out.code, 1, second.out.stdout + second.out.stderr);
    assert.equal(second.left.length, 1, `one folder kept: ${second.left.join(", ")}`);
    assert.notDeepEqual(second.left, first.left, "the second run's own folder");
    assert.ok(second.out.stdout.includes(`working folder kept: ${second.left[0]}`));
  });

  it("--json gives the kept folder as the failed test's workingDirectory, none for a passed one", async () => {
    const { out, left } = await runTests(["--json"]);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as {
      tests: { name: string; status: string; workingDirectory?: string }[];
    };
    const byName = new Map(report.tests.map((t) => [t.name, t]));
    assert.equal(byName.get("fine passes")!.workingDirectory, undefined);
    assert.deepEqual([byName.get("leaves fails")!.workingDirectory], left);
  });
});
