import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { failedScriptStep, fromCode } from "../support/failed-script-step";
import { useTempDir } from "../support/temp-dir";

/**
 * Stops a user meets besides a failed command or an `exit`: an unbound
 * variable, a syntax error, a pipeline under pipefail, `return N`, a
 * failing command substitution in an assignment. Each names its own line
 * (and the line that called its function), or no line — never the last
 * command that ran before it.
 */
describe("a failing line for the shell's own stops (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-shell-stops-");

  it("an unbound variable in a function names its line and the line that called it", async () => {
    const script = [
      "greet() {",
      '  if [ "$1" = b ]; then echo "hello $nmae"; fi',
      "}",
      "echo start",
      "greet a",
      "greet b",
      "echo never",
    ].join("\n");
    assert.ok(
      fromCode(await failedScriptStep(tmp(), script)).startsWith(
        'exited with code 1 at line 2 of the script (w.momoflow:5), `if [ "$1" = b ]; then echo "hello $nmae"; fi`, ' +
          "in a function called at line 6 (w.momoflow:9)",
      ),
    );
  });

  it("an unbound variable in a for list or a loop's redirection, and a syntax error, never name the command before", async () => {
    // bash's $BASH_COMMAND is still the last simple command that ran (`echo start`).
    const cases = [
      ["echo start", "for f in $nmae; do", '  echo "$f"', "done"],
      ["echo start", "while read -r l; do", '  echo "$l"', 'done < "$nmae"'],
      ["echo start", "{", "  echo in", '} > "$nmae"'],
      ["echo start", "if true then", "  echo x", "fi"],
      // A loop's or a group's redirection failing: bash's ERR trap runs with those of `echo start`.
      ["echo start", "while read -r l; do", '  echo "$l"', "done < missing.txt"],
      ["echo start", "{", "  echo in", "} > missing-folder/out.txt"],
      // Also when the script's EXIT trap prints after bash's message.
      [
        "trap 'echo bye >&2' EXIT",
        "echo start",
        "while read -r l; do",
        "  :",
        "done < missing.txt",
      ],
    ];
    for (const lines of cases) {
      const error = await failedScriptStep(tmp(), lines.join("\n"));
      assert.ok(!/ at line \d+ of the script/.test(error), error);
    }
  });

  it("a builtin or a redirection failing on a line of its own names it, as bash's message does", async () => {
    const cases = [
      [["echo start", "cd missing-folder", "echo never"], "`cd missing-folder`"],
      [["echo start", "cat < missing.txt", "echo never"], "`cat < missing.txt`"],
      // bash's message of an error the script went on past, on an earlier line.
      [["type no-such-tool || echo missing", "cat < missing.txt"], "`cat < missing.txt`"],
    ] as const;
    for (const [lines, text] of cases) {
      assert.ok(
        fromCode(await failedScriptStep(tmp(), lines.join("\n"))).startsWith(
          `exited with code 1 at line 2 of the script (w.momoflow:5), ${text}`,
        ),
      );
    }
  });

  it("return N: from a function, the line that called it; at the top of a sourced file, the source line", async () => {
    const returned = [
      "load() {",
      "  [ -f conf ] || return 4",
      "}",
      "echo start",
      "load",
      "echo never",
    ];
    assert.equal(
      fromCode(await failedScriptStep(tmp(), returned.join("\n"))),
      "exited with code 4 at line 5 of the script (w.momoflow:8), `load`: start",
    );
    writeFileSync(join(tmp(), "lib.sh"), "echo in-lib\nreturn 3\n");
    const sourced = ["echo start", "source ./lib.sh", "echo never"];
    assert.equal(
      fromCode(await failedScriptStep(tmp(), sourced.join("\n"))),
      "exited with code 3 at line 2 of the script (w.momoflow:5), `source ./lib.sh`:\nstart\nin-lib",
    );
  });

  it("x=$(false) under errexit names the assignment, in a function with the line that called it", async () => {
    const script = [
      "set_version() {",
      "  version=$(cat VERSION)",
      "}",
      "echo start",
      "set_version",
      "echo never",
    ].join("\n");
    assert.equal(
      fromCode(await failedScriptStep(tmp(), script)),
      "exited with code 1 at line 2 of the script (w.momoflow:5), `version=$(cat VERSION)`, " +
        "in a function called at line 5 (w.momoflow:8): cat: VERSION: No such file or directory",
    );
  });

  it("a pipeline under pipefail over several lines names the stage that failed in it, else the whole pipeline", async () => {
    // bash gives the pipeline the line of its last simple command (`uniq`), which did not fail.
    const stages = ["echo start", "cat missing.txt |", "  sort |", "  uniq", "echo never"];
    assert.equal(
      fromCode(await failedScriptStep(tmp(), stages.join("\n"))),
      "exited with code 1 at line 2 of the script (w.momoflow:5), `cat missing.txt | … uniq`: " +
        "cat: missing.txt: No such file or directory",
    );
    const loop = [
      "echo start",
      "printf 'a' | while read -r l; do",
      '  echo "got $l"',
      "done | cat missing.txt",
      "echo never",
    ];
    assert.equal(
      fromCode(await failedScriptStep(tmp(), loop.join("\n"))),
      "exited with code 1 at line 2 of the script (w.momoflow:5), " +
        "`printf 'a' | while read -r l; do … done | cat missing.txt`: " +
        "cat: missing.txt: No such file or directory",
    );
    // A loop stage fails inside: its own line.
    const inLoop = [
      "echo start",
      "echo a |",
      "while read -r l; do",
      '  cat "missing-$l"',
      "done",
      "echo never",
    ];
    assert.equal(
      fromCode(await failedScriptStep(tmp(), inLoop.join("\n"))),
      'exited with code 1 at line 4 of the script (w.momoflow:7), `cat "missing-$l"`: ' +
        "cat: missing-a: No such file or directory",
    );
    const loopFirst = ["echo start", "for i in 1 2; do", '  cat "missing-$i"', "done | cat"];
    assert.equal(
      fromCode(await failedScriptStep(tmp(), loopFirst.join("\n"))),
      'exited with code 1 at line 3 of the script (w.momoflow:6), `cat "missing-$i"`: ' +
        "cat: missing-1: No such file or directory",
    );
  });
});
