import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow test --test NAME` runs the test of that exact name (the option
 * repeats), not every test whose name holds it as `--filter` does; a name
 * no test has is bad input (exit 2, listing the tests there are), never a
 * pass of the others alone.
 */
describe("momoflow test --test NAME: the tests of those exact names (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-by-name-");

  const FLOW = `workflow ship {
  step quiet {
    run: "true"
    rollback: none
  }
}

test "deploy" {
  workflow: ship
}

test "deploy eu" {
  workflow: ship
}

test "-dash" {
  workflow: ship
}
`;

  interface Report {
    tests: { name: string; status: string }[];
    passed: number;
  }

  const names = (stdout: string): string[] =>
    (JSON.parse(stdout) as Report).tests.map((t) => `${t.name}: ${t.status}`);

  beforeEach(() => writeFileSync(join(dir(), "flow.momoflow"), FLOW));

  it("runs only the test of that name, not those whose name holds it", async () => {
    const out = await runCli(["test", "flow.momoflow", "--test", "deploy", "--json"], dir());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(names(out.stdout), ["deploy: passed"]);
    const text = await runCli(["test", "flow.momoflow", "--test", "deploy"], dir());
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /✓ deploy /);
    assert.doesNotMatch(text.stdout, /deploy eu/);
    assert.match(text.stdout, /\n1 passed, 0 failed\n$/);
  });

  it("takes the option more than once, and a name starting with a dash as --test=NAME", async () => {
    const out = await runCli(
      ["test", "flow.momoflow", "--test", "deploy eu", "--test=-dash", "--json"],
      dir(),
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.deepEqual(names(out.stdout), ["deploy eu: passed", "-dash: passed"]);
  });

  it("refuses a name no test has (exit 2), listing the tests, also beside one it ran", async () => {
    const none = await runCli(["test", "flow.momoflow", "--test", "deplyo", "--json"], dir());
    assert.equal(none.code, 2, none.stdout + none.stderr);
    assert.match(
      none.stderr,
      /^momoflow: no test is named "deplyo" \(--test\); the 3 tests are: "deploy", "deploy eu", "-dash"\n$/,
    );
    assert.deepEqual(names(none.stdout), []);
    const some = await runCli(
      ["test", "flow.momoflow", "--test", "deploy", "--test", "deplyo"],
      dir(),
    );
    assert.equal(some.code, 2, some.stdout + some.stderr);
    assert.match(some.stdout, /✓ deploy /);
    assert.match(some.stderr, /no test is named "deplyo" \(--test\)/);
  });
});
