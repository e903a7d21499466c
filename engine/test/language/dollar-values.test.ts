import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check } from "../support/checked-file";

/*
 * Shell and template habits outside a string — `when: ${n} > 2`, `$n`,
 * `env: { HOME_DIR: $HOME }` — and other tools' roots inside one
 * (`${params.n}`) are one error each saying how momoflow reads the value.
 */
describe("${…}, $name and params.n where momoflow reads a name: one error each", () => {
  const workflow = (...lines: string[]): string =>
    [
      "workflow w {",
      "  param n: int = 3",
      "  step a {",
      ...lines.map((l) => `    ${l}`),
      "  }",
      "}",
      "",
    ].join("\n");

  it("says ${n} in a condition is n", () => {
    assert.deepEqual(check(workflow("when: ${n} > 2", 'run: "echo"')), [
      "4:11-4:15 MF001 `${n}` interpolates into a string; a condition reads `n` as it is: write `n`",
    ]);
  });

  it("says ${n} as a value is n", () => {
    assert.deepEqual(check(workflow("retries: ${n}", 'run: "echo"')), [
      "4:14-4:18 MF001 `${n}` interpolates into a string; a value outside a string reads `n` as it is: write `n`",
    ]);
  });

  it("says $n is n", () => {
    assert.deepEqual(check(workflow("when: $n > 2", 'run: "echo"')), [
      "4:11-4:13 MF001 `$n` is how a shell reads a variable; outside a string, a param or var is read by its name: write `n`",
    ]);
  });

  it("says $HOME once: how an environment variable is read", () => {
    assert.deepEqual(check(workflow("env: { HOME_DIR: $HOME }", 'run: "echo ${n}"')), [
      '4:22-4:27 MF008 "HOME" is not defined here; an environment variable is read as `env.HOME` (`${env.HOME}` in a string), and in a shell action `$HOME` or `\\${HOME}` leaves it to the shell',
    ]);
  });

  it("says ${params.n}, ${inputs.n} and params.n are n", () => {
    assert.deepEqual(check(workflow('run: "echo ${params.n} ${inputs.n}"')), [
      "4:18-4:26 MF008 a param or var is read by its name alone: `n`, not `params.n`",
      "4:30-4:38 MF008 a param or var is read by its name alone: `n`, not `inputs.n`",
    ]);
    assert.deepEqual(check(workflow("when: params.n > 2", 'run: "echo"')), [
      "4:11-4:19 MF008 a param or var is read by its name alone: `n`, not `params.n`",
    ]);
  });

  it("still reads a map whose first key follows a $ in a string, and a param called params", () => {
    const text = [
      "workflow w {",
      "  param params: map = { n: 1 }",
      '  step a { run: "echo ${params.n}" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(check(text), []);
  });
});
