import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `files: env.NAME` with NAME not set (or set empty) read as "", which named
 * the test file's own folder: the test copied all of it and passed, where
 * `files: ""` written out is refused (MF007). It fails the test, naming the
 * variable, as a fixture that is not there does.
 */
describe("momoflow test: files: env.NAME with NAME unset or empty (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-fixture-env-");

  const FLOW = `workflow w {
  step list {
    run: "ls"
    rollback: none
  }
}

test "fixture from the environment" {
  workflow: w
  files: env.MOMOFLOW_TEST_FIXTURE
  expect output list contains "in.txt"
}
`;

  async function run(value: string | undefined) {
    mkdirSync(join(dir(), "fx"));
    writeFileSync(join(dir(), "fx", "in.txt"), "data");
    writeFileSync(join(dir(), "flow.momoflow"), FLOW);
    const { done } = startCli(["test", "flow.momoflow", "--json"], dir(), {
      MOMOFLOW_TEST_FIXTURE: value,
    });
    const out = await done;
    const report = JSON.parse(out.stdout) as {
      tests: {
        status: string;
        failures: { message: string; range: { start: { line: number } } }[];
      }[];
    };
    return { out, test: report.tests[0]! };
  }

  for (const [state, value] of [
    ["not set", undefined],
    ["set empty", ""],
  ] as const) {
    it(`fails the test at files: when the variable is ${state}`, async () => {
      const { out, test } = await run(value);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.deepEqual(
        test.failures.map((f) => [f.message, f.range.start.line]),
        [
          [
            `files: env.MOMOFLOW_TEST_FIXTURE is empty (the environment variable MOMOFLOW_TEST_FIXTURE is ${state}): name a folder or a file`,
            9,
          ],
        ],
      );
    });
  }

  it("copies the fixture the variable names", async () => {
    const { out, test } = await run("fx");
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(test.status, "passed");
  });
});

/**
 * A test's `params:` giving a `path` or a `secret` param `env.NAME` with
 * NAME not set ran with "" — a path that `--param where=` is refused for, a
 * secret refused with `give it with --param token=…`, advice for `run`, at
 * the test's name. It fails the test at that entry, naming the variable.
 */
describe("momoflow test: params: a path or a secret from an unset env.NAME (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-params-env-");

  it("fails the test at the entry, naming the variable and the param's type", async () => {
    writeFileSync(
      join(dir(), "flow.momoflow"),
      `workflow w {
  param where: path = "out"
  param token: secret = "abcdefgh"
  param note: string = "n"
  step show {
    run: "echo [\${where}] [\${note}] \${token}"
    rollback: none
  }
}

test "a path from the environment" {
  workflow: w
  params: { note: env.MOMOFLOW_TEST_UNSET, where: env.MOMOFLOW_TEST_UNSET }
}

test "a secret from the environment" {
  workflow: w
  params: { token: env.MOMOFLOW_TEST_UNSET }
}

test "a string from the environment" {
  workflow: w
  params: { note: env.MOMOFLOW_TEST_UNSET }
  expect output show contains "[out] [] "
}
`,
    );
    const { done } = startCli(["test", "flow.momoflow", "--json"], dir(), {
      MOMOFLOW_TEST_UNSET: undefined,
    });
    const out = await done;
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const report = JSON.parse(out.stdout) as {
      tests: {
        name: string;
        status: string;
        failures: { message: string; range: { start: { line: number; character: number } } }[];
      }[];
    };
    assert.deepEqual(
      report.tests.map((t) => [
        t.name,
        t.status,
        t.failures.map((f) => [f.message, f.range.start.line, f.range.start.character]),
      ]),
      [
        [
          "a path from the environment",
          "failed",
          [
            [
              "params: where: env.MOMOFLOW_TEST_UNSET is empty (the environment variable MOMOFLOW_TEST_UNSET is not set): a path param cannot be empty",
              12,
              50,
            ],
          ],
        ],
        [
          "a secret from the environment",
          "failed",
          [
            [
              "params: token: env.MOMOFLOW_TEST_UNSET is empty (the environment variable MOMOFLOW_TEST_UNSET is not set): a secret param cannot be empty",
              17,
              19,
            ],
          ],
        ],
        ["a string from the environment", "passed", []],
      ],
    );
  });
});

/**
 * A secret param the test's `params:` does not give is read as a run reads
 * it: `MOMOFLOW_PARAM_<NAME>`, else its default. Without either, the test
 * failed advising `give it with --param token=...`, an option `momoflow test`
 * does not have: it names the test's `params:` and the variable instead.
 */
describe("momoflow test: a secret param the test's params: do not give (the real CLI)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-test-secret-env-");

  const FLOW = `workflow deploy {
  param token: secret = env.MOMOFLOW_TEST_TOKEN
  step publish {
    run: "echo token=\${token} > out.txt"
  }
}

test "publishes with the token" {
  workflow: deploy
  expect file "out.txt" contains "token=from-param-variable"
}
`;

  async function run(env: Record<string, string | undefined>) {
    writeFileSync(join(dir(), "flow.momoflow"), FLOW);
    const { done } = startCli(["test", "flow.momoflow", "--json"], dir(), {
      MOMOFLOW_TEST_TOKEN: undefined,
      MOMOFLOW_PARAM_TOKEN: undefined,
      ...env,
    });
    const out = await done;
    const report = JSON.parse(out.stdout) as {
      tests: { status: string; failures: { message: string }[] }[];
    };
    return { out, test: report.tests[0]! };
  }

  it("reads MOMOFLOW_PARAM_<NAME> before the param's default", async () => {
    const { out, test } = await run({
      MOMOFLOW_PARAM_TOKEN: "from-param-variable",
      MOMOFLOW_TEST_TOKEN: "from-default-variable",
    });
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(test.status, "passed");
  });

  it("without either, fails naming the test's params: and the variable, not --param", async () => {
    const { out, test } = await run({});
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const messages = test.failures.map((f) => f.message).join("\n");
    assert.match(
      messages,
      /the secret `token` is empty \(its default reads the environment variable MOMOFLOW_TEST_TOKEN, which is not set\): give it in the test's params \(`params: \{ token: env\.NAME \}`\) or the environment variable MOMOFLOW_PARAM_TOKEN/,
      messages,
    );
    assert.doesNotMatch(messages, /--param/, messages);
  });
});
