import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { journalText } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { bashOnPath, plainBash } from "../support/plain-bash";
import { scriptStepError, scriptStepWorkflow } from "../support/script-step-workflow";
import { useTempDir } from "../support/temp-dir";

/** A `"""` script failing on its third line (line 7 of the file); `shell` set by `SHELL_LINE`. */
const workflow = (shellLine: string): string => `workflow w {
  param token: secret = "s3cr3t-value"
  ${shellLine}
  step s {
    run: """
      echo "lineno \${token} $LINENO"
      echo start
      test "\${token}" != other | cat && cat missing-file.txt
      echo never
    """
    rollback: none
  }
}
`;

/** A shell step's error without its `shell command "first line …" ` start. */
function afterLabel(error: string): string {
  return error.slice(error.indexOf('…" ') + 3);
}

/**
 * A multi-line script that fails under bash says which line stopped it — its
 * number in the script, the file's line and the line's text, the secret in
 * it masked — and the script's own $LINENO and output are as without it;
 * under sh (no ERR trap) the message is as before.
 */
describe("a failed multi-line shell script names its failing line (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-failing-line-");

  it("under bash: the line in the script and in the file, its text masked; $LINENO and output unchanged", async () => {
    const file = join(tmp(), "w.momoflow");
    writeFileSync(file, workflow(""));
    const out = await startCli(["run", file, "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    const error = scriptStepError(out.stdout);
    assert.match(
      error,
      /^shell command "echo \\"lineno \*\*\* \$LINENO\\" …" exited with code 1 at line 3 of the script \(w\.momoflow:8\), `test "\*\*\*" != other \| cat && cat missing-file\.txt`: cat: missing-file\.txt: No such file or directory$/,
      error,
    );
    assert.ok(!out.stdout.includes("s3cr3t"), said(out));
    assert.ok(!out.stderr.includes("s3cr3t"), said(out));
    assert.ok(!journalText(tmp()).includes("s3cr3t"));
    // The script's own output, as it wrote it: its $LINENO counts from its first line.
    const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    assert.match(
      log,
      /^lineno \*\*\* 1\nstart\ncat: missing-file\.txt: No such file or directory\n$/,
      log,
    );
  });

  it("a command continued over lines with \\ is named from its first line, its lines joined", async () => {
    const file = join(tmp(), "w.momoflow");
    writeFileSync(
      file,
      `workflow w {\n  step s {\n    run: """\n      echo start\n      ls \\\n        /no-such-dir\n      echo never\n    """\n    rollback: none\n  }\n}\n`,
    );
    const out = await startCli(["run", file, "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.match(
      scriptStepError(out.stdout),
      /^shell command "echo start …" exited with code 2 at line 2 of the script \(w\.momoflow:5\), `ls \/no-such-dir`: ls: /,
    );
  });

  it("under sh: exit code and output only, as before", async () => {
    const file = join(tmp(), "w.momoflow");
    writeFileSync(file, workflow('shell: "sh"'));
    const out = await startCli(["run", file, "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    const error = scriptStepError(out.stdout);
    assert.match(
      error,
      /^shell command "echo \\"lineno \*\*\* \$LINENO\\" …" exited with code 1: cat: missing-file\.txt: No such file or directory$/,
      error,
    );
  });

  it("a script that goes on past a failure (set +e) and exits with its own code names its exit, not the failure", async () => {
    for (const code of [3, 1]) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(`set +e\nfalse\nexit ${code}`));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      assert.equal(
        scriptStepError(out.stdout),
        `shell command "set +e …" exited with code ${code} at line 3 of the script (w.momoflow:6), \`exit ${code}\``,
      );
    }
  });

  it('an exit written on several lines names the one that ran; exit "$rc" and a bare exit too', async () => {
    const cases = [
      // Bash's $BASH_COMMAND alone reads alike for both: the `exit` function says which ran.
      ["echo start\n[ -n start ] || exit 1\nexit 1\necho never", 1, 3, "exit 1"],
      ['echo start\nrc=4\n[ -n start ] || exit 1\nexit "$rc"', 4, 4, 'exit "$rc"'],
      ["echo start\nset +e\nfalse\nexit\necho never", 1, 4, "exit"],
    ] as const;
    for (const [script, code, line, text] of cases) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      assert.equal(
        scriptStepError(out.stdout),
        `shell command "echo start …" exited with code ${code} at line ${line} of the script ` +
          `(w.momoflow:${line + 3}), \`${text}\`: start`,
      );
      const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
      assert.equal(log, plainBash(script, tmp()).log);
    }
  });

  it("under set -x, the script's exit and trap calls are traced as bash alone traces them, none of ours", async () => {
    const cases = [
      ["set -x\necho start\n(\n  exit 4\n)", 4, "`exit 4`"],
      ["set -x\ntrap 'echo bye' EXIT\necho start\nexit 3", 4, "`exit 3`"],
      ["set -x\ntrap 'echo bye' EXIT\ntrap - EXIT\necho start\nfalse", 5, "`false`"],
    ] as const;
    for (const [script, line, text] of cases) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      assert.match(
        scriptStepError(out.stdout),
        new RegExp(` at line ${line} of the script \\(w\\.momoflow:${line + 3}\\), ${text}`),
      );
      const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
      assert.ok(!log.includes("momoflow"), log);
      // stdout and stderr (where the trace goes), read apart, may come in either order.
      assert.deepEqual(log.split("\n").sort(), plainBash(script, tmp()).log.split("\n").sort());
    }
  });

  it("in POSIX mode (POSIXLY_CORRECT), which refuses functions named trap or exit, the script runs as without them", async () => {
    const cases = [
      [
        "echo start\n(\n  exit 3\n)\necho never",
        "at line 2 of the script (w.momoflow:5), `( … )`: start",
        "start\n",
      ],
      ["trap 'echo bye' EXIT\necho start\nexit 3", ":\nstart\nbye", "start\nbye\n"],
    ] as const;
    for (const [script, named, log] of cases) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp(), { POSIXLY_CORRECT: "1" })
        .done;
      assert.equal(out.code, 1, said(out));
      assert.ok(
        scriptStepError(out.stdout).endsWith(`exited with code 3 ${named}`.replace(" :", ":")),
        said(out),
      );
      assert.equal(readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8"), log);
    }
  });

  it("an unbound variable (set -u) names its line", async () => {
    const script = 'echo start\nname=world\necho "hello  $nmae" >&2\necho never';
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.equal(
      scriptStepError(out.stdout).replace(/: \S*bash: (line 3: )?nmae: unbound variable$/, ": "),
      'shell command "echo start …" exited with code 1 at line 3 of the script (w.momoflow:6), ' +
        '`echo "hello  $nmae" >&2`: ',
    );
    const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    assert.equal(log, plainBash(script, tmp()).log);
  });

  it("a failure the script went on past (set +e) is not named for a later unbound variable", async () => {
    const script = 'echo start\nset +e\nfalse\nset -e\necho "$nmae" >&2\necho never';
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.equal(
      scriptStepError(out.stdout).replace(/: \S*bash: (line 5: )?nmae: unbound variable$/, ": "),
      'shell command "echo start …" exited with code 1 at line 5 of the script (w.momoflow:8), ' +
        '`echo "$nmae" >&2`: ',
    );
  });

  it("an exit N in a function names that exit and the line that called the function; exit 0 succeeds", async () => {
    const script = [
      "die() {",
      '  echo "error: $1" >&2',
      "  exit 4",
      "}",
      "echo start",
      'die "no config"',
    ].join("\n");
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.equal(
      scriptStepError(out.stdout),
      'shell command "die() { …" exited with code 4 at line 3 of the script (w.momoflow:6), ' +
        "`exit 4`, in a function called at line 6 (w.momoflow:9): error: no config",
    );
    // An exit 0 after a failure the script went past is a success, as under bash.
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow("set +e\nfalse\nexit 0"));
    const ok = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(ok.code, 0, said(ok));
  });

  it("a script with its own EXIT trap: its trap runs as under bash alone ($?, $BASH_COMMAND, $LINENO); an exit, an unbound variable and a failure name their line", async () => {
    // Its trap runs after ours, which it would otherwise replace: bash alone gives its handler the same.
    const exits =
      "trap 'echo \"cleanup $? [$BASH_COMMAND] $LINENO\"' EXIT\necho start\n[ -n start ] || exit 4\nexit 3";
    const unbound = 'trap \'echo "cleanup $?"\' EXIT\necho start\necho "hello $nmae"\necho never';
    const fails = "trap 'echo \"cleanup $?\"' EXIT\necho start\ncat missing-file.txt\necho never";
    // A function as its handler, set with another signal; then in a function of the script.
    const called = [
      'cleanup() { echo "cleanup $?"; }',
      "trap cleanup EXIT INT",
      "die() {",
      "  exit 4",
      "}",
      "echo start",
      "die",
    ].join("\n");
    for (const [script, message, log] of [
      [
        exits,
        "exited with code 3 at line 4 of the script (w.momoflow:7), `exit 3`",
        "start\ncleanup 3 [exit 3] 1\n",
      ],
      [
        unbound,
        'exited with code 1 at line 3 of the script (w.momoflow:6), `echo "hello $nmae"`',
        "start\nBASH: line 3: nmae: unbound variable\ncleanup 1\n",
      ],
      [
        fails,
        "exited with code 1 at line 3 of the script (w.momoflow:6), `cat missing-file.txt`",
        "start\ncat: missing-file.txt: No such file or directory\ncleanup 1\n",
      ],
      [
        called,
        "exited with code 4 at line 4 of the script (w.momoflow:7), `exit 4`, in a function called at line 7 (w.momoflow:10)",
        "start\ncleanup 4\n",
      ],
    ] as const) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      assert.ok(afterLabel(scriptStepError(out.stdout)).startsWith(`${message}:`), said(out));
      const written = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
      const bash = bashOnPath();
      assert.deepEqual(written.split("\n").sort(), log.replaceAll("BASH", bash).split("\n").sort());
      // Its lines as bash alone prints them (there, stdout's before stderr's).
      assert.deepEqual(written.split("\n").sort(), plainBash(script, tmp()).log.split("\n").sort());
    }
  });

  it("a script's EXIT trap reset, or set again from what trap -p printed, keeps ours once", async () => {
    const script = [
      "trap 'echo bye' EXIT",
      "saved=$(trap -p EXIT)",
      "trap - EXIT",
      'eval "$saved"',
      '[ "$(trap -p EXIT)" = "$saved" ] && echo same',
      "exit 1",
    ].join("\n");
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.equal(
      afterLabel(scriptStepError(out.stdout)),
      "exited with code 1 at line 6 of the script (w.momoflow:9), `exit 1`:\nsame\nbye",
    );
    const written = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    assert.equal(written, plainBash(script, tmp()).log);
    // Reset, it is ours alone: an exit is named still, and nothing of the script's runs.
    writeFileSync(
      join(tmp(), "w.momoflow"),
      scriptStepWorkflow("trap 'echo bye' EXIT\ntrap - EXIT\necho start\nexit 2"),
    );
    const reset = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(
      afterLabel(scriptStepError(reset.stdout)),
      "exited with code 2 at line 4 of the script (w.momoflow:7), `exit 2`: start",
    );
  });

  it("a script that never says trap gets no shell function of ours: bash's own trap", async () => {
    const script = "declare -F\ntype -t tr''ap\nfalse";
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    const written = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    assert.equal(written, "builtin\n");
    assert.equal(written, plainBash(script, tmp()).log);
  });

  it("a command failing inside a shell function is named, and the line that called it", async () => {
    const script = [
      "g() {",
      '  echo "in g $LINENO"',
      "  cat missing-file.txt",
      "  echo never",
      "}",
      "f() { g; }",
      'echo "start $LINENO $-"',
      "f",
      "echo never",
    ].join("\n");
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.equal(
      scriptStepError(out.stdout),
      'shell command "g() { …" exited with code 1 at line 3 of the script (w.momoflow:6), ' +
        "`cat missing-file.txt`, in a function called at line 8 (w.momoflow:11): " +
        "cat: missing-file.txt: No such file or directory",
    );
    // Its output and $LINENO as bash alone gives them (`$-` shows errtrace, E: the one difference).
    const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    const plain = plainBash(script, tmp());
    assert.equal(plain.code, 1);
    assert.equal(log.replace(/^(start 7 \w*)E/, "$1"), plain.log);
  });

  it("a script with its own ERR trap: its trap runs as under bash alone ($?, $LINENO, $BASH_COMMAND), and the line is named", async () => {
    const inFunction = [
      "trap 'echo \"my trap at $LINENO\"' ERR",
      "g() {",
      "  false",
      "}",
      "echo start $LINENO",
      "g",
    ].join("\n");
    const topLevel = [
      "trap 'echo \"my trap at $LINENO: $BASH_COMMAND ($?)\" >&2; exit 5' ERR",
      "echo start $LINENO",
      "cat missing-file.txt",
      "echo never",
    ].join("\n");
    for (const [script, code, named, log] of [
      // Without errtrace (bash alone has none here) its trap does not run in a function.
      [
        inFunction,
        1,
        "at line 3 of the script (w.momoflow:6), `false`, in a function called at line 6 (w.momoflow:9)",
        "start 5\n",
      ],
      [
        topLevel,
        5,
        "at line 3 of the script (w.momoflow:6), `cat missing-file.txt`",
        "start 2\ncat: missing-file.txt: No such file or directory\n" +
          "my trap at 3: cat missing-file.txt (1)\n",
      ],
    ] as const) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      const error = scriptStepError(out.stdout);
      assert.ok(afterLabel(error).startsWith(`exited with code ${code} ${named}`), error);
      const written = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
      assert.deepEqual(written.split("\n").sort(), log.split("\n").sort());
      assert.deepEqual(written.split("\n").sort(), plainBash(script, tmp()).log.split("\n").sort());
    }
    // With its own EXIT trap too, ours runs before it: the line is named from there.
    const both = `trap 'echo bye' EXIT\n${topLevel}`;
    writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(both));
    const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
    assert.equal(out.code, 1, said(out));
    assert.ok(
      afterLabel(scriptStepError(out.stdout)).startsWith(
        "exited with code 5 at line 4 of the script (w.momoflow:7), `cat missing-file.txt`:",
      ),
      scriptStepError(out.stdout),
    );
    const written = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
    // Its lines as bash alone prints them (there, stdout's before stderr's).
    assert.deepEqual(written.split("\n").sort(), plainBash(both, tmp()).log.split("\n").sort());
    assert.match(written, /^my trap at 4: cat missing-file\.txt \(1\)$/m);
    assert.match(written, /^bye$/m);
  });

  it("a failure or an exit in a file the script sources is never put on a script line that reads alike", async () => {
    writeFileSync(join(tmp(), "fails.sh"), "echo in lib\nfalse\n");
    writeFileSync(join(tmp(), "exits.sh"), "echo in lib\nexit 4\n");
    const script = (lib: string): string =>
      `echo start\n[ -n start ] || false\n[ -n start ] || exit 4\nsource ./${lib}\necho never`;
    // Its $LINENO counts the sourced file's lines: the script's line named is the
    // one bash says it was running, its `source`, not line 2's `false` or line 3's `exit 4`.
    for (const [lib, code] of [
      ["fails.sh", 1],
      ["exits.sh", 4],
    ] as const) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script(lib)));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      assert.equal(
        scriptStepError(out.stdout),
        `shell command "echo start …" exited with code ${code} at line 4 of the script (w.momoflow:7), ` +
          `\`source ./${lib}\`:\nstart\nin lib`,
      );
    }
  });

  it("an exit N or a failure inside a function of a sourced file names the script's line that called into it", async () => {
    writeFileSync(
      join(tmp(), "lib.sh"),
      'die() {\n  echo "error: $1" >&2\n  exit 4\n}\ncopy() {\n  cat missing-file.txt\n}\n',
    );
    // Called from the script's own code: that line; from a function of the script: the line
    // in it, and the line that called that function.
    const cases = [
      [
        'echo start\nsource ./lib.sh\n[ -n start ] || exit 4\ndie "no config"\necho never',
        'exited with code 4 at line 4 of the script (w.momoflow:7), `die "no config"`: error: no config',
      ],
      [
        'echo start\nsource ./lib.sh\nsetup() {\n  die "in setup"\n}\nsetup',
        'exited with code 4 at line 4 of the script (w.momoflow:7), `die "in setup"`, ' +
          "in a function called at line 6 (w.momoflow:9): error: in setup",
      ],
      [
        "echo start\nsource ./lib.sh\ncopy\necho never",
        "exited with code 1 at line 3 of the script (w.momoflow:6), `copy`: " +
          "cat: missing-file.txt: No such file or directory",
      ],
    ] as const;
    for (const [script, message] of cases) {
      writeFileSync(join(tmp(), "w.momoflow"), scriptStepWorkflow(script));
      const out = await startCli(["run", "w.momoflow", "--json"], tmp()).done;
      assert.equal(out.code, 1, said(out));
      assert.equal(scriptStepError(out.stdout), `shell command "echo start …" ${message}`);
      const log = readFileSync(join(runDirOf(tmp()), "logs", "s.log"), "utf8");
      // stdout and stderr, read apart, may come in either order.
      assert.deepEqual(log.split("\n").sort(), plainBash(script, tmp()).log.split("\n").sort());
    }
  });
});
