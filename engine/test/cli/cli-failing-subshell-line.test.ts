import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runDirOf } from "../support/run-record-files";
import { plainBash } from "../support/plain-bash";
import { scriptStepError, scriptStepWorkflow } from "../support/script-step-workflow";
import { useTempDir } from "../support/temp-dir";

/**
 * A failure inside a subshell `( … )` or a command substitution `$( … )` of
 * a multi-line bash script names the line inside it that failed — once, and
 * never a failure the script handled — and the script runs and prints as
 * under bash alone.
 */
describe("a failure inside a subshell or a command substitution names its line (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-failing-subshell-");

  /** Runs `script` as the step's `run`, checks it failed as under bash alone; its error. */
  async function failedStep(script: string): Promise<string> {
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    const plain = plainBash(script, tmp());
    assert.notEqual(plain.code, 0);
    // Its output as bash alone gives it (`$-` would show errtrace, E: none printed here),
    // line for line: stdout and stderr, read apart, may come in either order.
    assert.deepEqual(log.split("\n").sort(), plain.log.split("\n").sort());
    const error = scriptStepError(out.stdout);
    // One line named at most: a subshell's failure is not told again where the subshell ends.
    assert.ok((error.match(/ at line \d+ of the script/g) ?? []).length <= 1, error);
    return error;
  }

  it("a command failing inside a multi-line subshell is named at its own line, once", async () => {
    const script = ["echo start", "(", "  echo in", "  cat missing-file.txt", "  echo never", ")"];
    const error = await failedStep([...script, "echo never"].join("\n"));
    assert.equal(
      error,
      'shell command "echo start …" exited with code 1 at line 4 of the script (w.momoflow:7), ' +
        "`cat missing-file.txt`: cat: missing-file.txt: No such file or directory",
    );
  });

  it("the last command of a multi-line command substitution, failing, is named at its line", async () => {
    const script = [
      "echo start",
      "version=$(",
      "  echo reading >&2",
      "  cat missing-file.txt",
      ")",
      'echo "never $version"',
    ].join("\n");
    const error = await failedStep(script);
    assert.equal(
      error,
      'shell command "echo start …" exited with code 1 at line 4 of the script (w.momoflow:7), ' +
        "`cat missing-file.txt`:\nreading\ncat: missing-file.txt: No such file or directory",
    );
  });

  it("a function a command substitution calls names the line that failed in it, and the call", async () => {
    const script = [
      "get_version() {",
      "  echo reading >&2",
      "  cat VERSION",
      "}",
      "echo start",
      "version=$(get_version)",
      'echo "never $version"',
    ].join("\n");
    assert.equal(
      await failedStep(script),
      'shell command "get_version() { …" exited with code 1 at line 3 of the script (w.momoflow:6), ' +
        "`cat VERSION`, in a function called at line 6 (w.momoflow:9):\n" +
        "reading\ncat: VERSION: No such file or directory",
    );
    // Over several lines: the call is the one line of them that calls the function.
    const lines = [
      "get_version() {",
      "  echo reading >&2",
      "  cat VERSION",
      "}",
      "echo start",
      "version=$(",
      '  echo "v" | tr v w',
      "  get_version --short",
      ")",
      'echo "never $version"',
    ].join("\n");
    assert.equal(
      await failedStep(lines),
      'shell command "get_version() { …" exited with code 1 at line 3 of the script (w.momoflow:6), ' +
        "`cat VERSION`, in a function called at line 8 (w.momoflow:11):\n" +
        "reading\ncat: VERSION: No such file or directory",
    );
  });

  it("a subshell within a subshell, and a function a subshell calls, name the line that failed", async () => {
    const nested = ["echo start", "(", "  echo outer", "  (", "    false", "  )", ")"].join("\n");
    assert.equal(
      await failedStep(nested),
      'shell command "echo start …" exited with code 1 at line 5 of the script (w.momoflow:8), ' +
        "`false`:\nstart\nouter",
    );
    const called = [
      "copy() {",
      "  cat missing-file.txt",
      "}",
      "(",
      "  echo in",
      "  copy",
      ")",
    ].join("\n");
    assert.equal(
      await failedStep(called),
      'shell command "copy() { …" exited with code 1 at line 2 of the script (w.momoflow:5), ' +
        "`cat missing-file.txt`, in a function called at line 6 (w.momoflow:9): " +
        "cat: missing-file.txt: No such file or directory",
    );
  });

  it("a subshell or a function piped into another command names the line that failed in it", async () => {
    const piped = [
      "echo start",
      "(",
      "  echo building",
      "  cat missing-file.txt",
      "  echo never",
      ") | tee build.log",
      "echo never",
    ].join("\n");
    assert.equal(
      await failedStep(piped),
      'shell command "echo start …" exited with code 1 at line 4 of the script (w.momoflow:7), ' +
        "`cat missing-file.txt`: cat: missing-file.txt: No such file or directory",
    );
    const called = ["build() {", "  echo building", "  false", "}", "build | cat", "echo never"];
    assert.equal(
      await failedStep(called.join("\n")),
      'shell command "build() { …" exited with code 1 at line 3 of the script (w.momoflow:6), ' +
        "`false`, in a function called at line 5 (w.momoflow:8): building",
    );
  });

  it("failures the script handled, or that did not stop it, are never named", async () => {
    const script = [
      "if ! (",
      "  false",
      "); then echo handled; fi",
      "(",
      "  false",
      ") || true",
      'echo "got $(false; echo value)"',
      'echo "got $(',
      "  false",
      ')"',
      "(",
      "  echo in",
      "  exit 1",
      ")",
    ].join("\n");
    // The subshell's `exit` is named, not a handled `false`.
    assert.equal(
      await failedStep(script),
      'shell command "if ! ( …" exited with code 1 at line 13 of the script (w.momoflow:16), `exit 1`:\n' +
        "handled\ngot\ngot\nin",
    );
    // Nor an exit the script handled: the failure that stopped it later is.
    const handledExit = ["(", "  exit 3", ") || true", "(", "  echo in", "  false", ")"];
    assert.equal(
      await failedStep(handledExit.join("\n")),
      'shell command "( …" exited with code 1 at line 6 of the script (w.momoflow:9), `false`: in',
    );
  });

  it("an exit inside a multi-line subshell, command substitution or piped subshell, or a function one calls, names its own line", async () => {
    // No trap sees a subshell's exit: a shell function `exit` writes where it ran.
    const cases = [
      [
        ["echo start", "(", "  echo in", "  [ -n start ] || exit 4", "  exit 3", ")", "echo never"],
        "exited with code 3 at line 5 of the script (w.momoflow:8), `exit 3`:\nstart\nin",
      ],
      [
        [
          "echo start",
          "(",
          "  echo building",
          '  rc=3; exit "$rc"',
          ") | tee build.log",
          "echo never",
        ],
        'exited with code 3 at line 4 of the script (w.momoflow:7), `rc=3; exit "$rc"`:\nstart\nbuilding',
      ],
      [
        ["echo start", "version=$(", "  echo reading >&2", "  exit 3", ")", "echo never"],
        "exited with code 3 at line 4 of the script (w.momoflow:7), `exit 3`: reading",
      ],
      [
        ["echo start", "die() {", "  exit 5", "}", "(", "  echo in", "  die", ")", "echo never"],
        "exited with code 5 at line 3 of the script (w.momoflow:6), `exit 5`, in a function called at line 7 (w.momoflow:10):\nstart\nin",
      ],
      [
        ["echo start", "(", "  (", "    exit 7", "  )", ")", "echo never"],
        "exited with code 7 at line 4 of the script (w.momoflow:7), `exit 7`: start",
      ],
    ] as const;
    for (const [lines, message] of cases) {
      assert.equal(await failedStep(lines.join("\n")), `shell command "echo start …" ${message}`);
    }
  });

  it("what bash does not tell inside a multi-line subshell names the subshell at its first line, not its )", async () => {
    // An unbound variable: no ERR trap runs, and bash says nothing of its line but in its message.
    // An exit in a script that sets a trap (which would read the `exit` function's $BASH_COMMAND): none is defined.
    const cases = [
      [
        ["echo start", "(", '  echo "in $nmae"', ")", "echo never"],
        "exited with code 1 at line 2 of the script (w.momoflow:5), `( … )`:",
      ],
      [
        ["echo start", "( cd /", '  echo "in $nmae"', "  echo never )", "echo never"],
        "exited with code 1 at line 2 of the script (w.momoflow:5), `( cd / … echo never )`:",
      ],
      [
        ["echo start", "trap 'echo bye' EXIT", "(", "  echo in", "  exit 3", ") | tee build.log"],
        "exited with code 3 at line 3 of the script (w.momoflow:6), `( … ) | tee build.log`:\nstart\nin\nbye",
      ],
      [
        ["echo start", "trap 'echo bye' EXIT", "version=$(", "  exit 3", ")", "echo never"],
        "exited with code 3 at line 3 of the script (w.momoflow:6), `version=$( … )`:\nstart\nbye",
      ],
    ] as const;
    for (const [lines, message] of cases) {
      const error = await failedStep(lines.join("\n"));
      assert.ok(error.startsWith(`shell command "echo start …" ${message}`), error);
    }
  });
});
