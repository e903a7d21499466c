import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A run that did not do all its work never ends `success` (the real CLI). */
describe("momoflow run: no silent success", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-honest-cli-");

  const write = (name: string, text: string): string => {
    const path = join(tmp(), name);
    writeFileSync(path, text);
    return path;
  };

  it("fails, exits 1 and names the step when a continue_on_error failure left a dependent unrun", async () => {
    const file = write(
      "lint.momoflow",
      `workflow lint_then_publish {
  step notes {
    run: create_file(path: "notes.txt", content: "notes")
  }
  step lint {
    run: "exit 3"
    continue_on_error: true
  }
  step publish {
    needs: [lint]
    run: create_file(path: "published.txt", content: "yes")
  }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "rolled_back");
    assert.equal(result.error, '1 step never ran: "publish" (it needs "lint", which failed)');
    assert.deepEqual(
      result.steps.map((s: { status: string }) => s.status),
      ["rolled_back", "failed", "not_run"],
    );
    assert.equal(result.successRate, 0);
    assert.equal(existsSync(join(tmp(), "notes.txt")), false, "the failed run was undone");
    assert.equal(existsSync(join(tmp(), "published.txt")), false);
    const record = JSON.parse(readFileSync(join(result.runDir, "result.json"), "utf8"));
    assert.equal(record.status, "rolled_back");
    assert.equal(record.successRate, 0);
  });

  it("the summary says the run failed, why, and counts only the steps that succeeded", async () => {
    const file = write(
      "summary.momoflow",
      `workflow summary {
  rollback_on_failure: false
  step notes {
    run: create_file(path: "notes.txt", content: "notes")
  }
  step lint {
    run: "exit 3"
    continue_on_error: true
  }
  step publish {
    needs: [lint]
    run: "echo published"
  }
}
`,
    );
    const out = await runCli(["run", file], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const text = out.stdout + out.stderr;
    assert.match(text, /failed .*33% of steps succeeded/);
    assert.match(text, /1 step never ran: "publish" \(it needs "lint", which failed\)/);
    assert.equal(readFileSync(join(tmp(), "notes.txt"), "utf8"), "notes", "nothing was undone");
  });

  it("a step skipped by its own when, and the steps needing it, end success with exit 0", async () => {
    const file = write(
      "skip.momoflow",
      `workflow skip {
  step maybe {
    when: false
    run: "echo never"
  }
  step after {
    needs: [maybe]
    run: "echo after"
  }
}
`,
    );
    const out = await runCli(["run", file, "--json"], tmp());
    assert.equal(out.code, 0, out.stderr);
    const result = JSON.parse(out.stdout);
    assert.equal(result.status, "success");
    assert.deepEqual(
      result.steps.map((s: { status: string }) => s.status),
      ["skipped", "success"],
    );
  });

  it('momoflow test: an expect output on a step that never ran fails, saying so; one that printed nothing is ""', async () => {
    const file = write(
      "deploy.momoflow",
      `workflow ship {
  param go: bool = false
  step quiet { run: "true" }
  step deploy {
    when: go
    run: "echo deployed"
  }
}

test "deploy did not fail" {
  workflow: ship
  expect output deploy != "error"
}

test "quiet printed nothing" {
  workflow: ship
  expect output quiet == ""
}
`,
    );
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /✗ deploy did not fail/);
    assert.match(
      out.stdout,
      /expect output deploy != "error": step deploy has no output \(it ended skipped\)/,
    );
    assert.match(out.stdout, /✓ quiet printed nothing/);
  });

  it("momoflow test --filter matching no test says so, lists the tests there are and exits 2", async () => {
    const file = write(
      "filter.momoflow",
      `workflow ship {
  step quiet { run: "true" }
}

test "ships" {
  workflow: ship
  expect status == success
}

test "ships twice" {
  workflow: ship
  expect status == success
}
`,
    );
    const out = await runCli(["test", file, "--filter", "deploy"], tmp());
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.doesNotMatch(out.stdout + out.stderr, /0 passed/);
    assert.match(
      out.stderr,
      /no test matches --filter "deploy"; the 2 tests are: "ships", "ships twice"/,
    );
    const json = await runCli(["test", file, "--filter", "deploy", "--json"], tmp());
    assert.equal(json.code, 2, json.stderr);
    assert.match(json.stderr, /no test matches --filter "deploy"/);
    // --json prints its report also when no test ran, as for a file with errors: a program reads it.
    assert.deepEqual(JSON.parse(json.stdout), {
      tests: [],
      passed: 0,
      failed: 0,
      notRun: 0,
      errors: [],
    });
  });

  it("momoflow test of files with no test blocks says so and exits 2", async () => {
    const file = write("none.momoflow", `workflow ship {\n  step quiet { run: "true" }\n}\n`);
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.doesNotMatch(out.stdout + out.stderr, /0 passed/);
    assert.match(out.stderr, /no test blocks in none\.momoflow/);
    const json = await runCli(["test", file, "--json"], tmp());
    assert.equal(json.code, 2, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      tests: [],
      passed: 0,
      failed: 0,
      notRun: 0,
      errors: [],
    });
  });

  it("refuses a file with a misspelt property: nothing runs, the error says did you mean", async () => {
    const file = write(
      "typo.momoflow",
      `workflow typo {
  step flaky {
    run: create_file(path: "out.txt", content: "x")
    retires: 3
  }
}
`,
    );
    const out = await runCli(["run", file], tmp());
    assert.equal(out.code, 2, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /typo\.momoflow:4:5: error MF009: .*"retires".*did you mean "retries"/,
    );
    assert.match(out.stderr, /1 error; nothing was run/);
    assert.equal(existsSync(join(tmp(), "out.txt")), false);
    assert.equal(existsSync(join(tmp(), ".momoflow")), false, "no run record either");
  });
});
