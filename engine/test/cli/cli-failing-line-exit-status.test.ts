import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { failedScriptStep, fromCode } from "../support/failed-script-step";
import { useTempDir } from "../support/temp-dir";

/**
 * An `exit` names its line whatever status bash makes of what it was
 * given; an exit that bypasses momoflow's `exit` function is named as far
 * as bash tells it; an exit code the script's own EXIT trap set names no
 * line, and a command of that trap is never named as a line of the script.
 */
describe("a failing line and the exit status bash makes of an exit (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-exit-status-");

  it("exit abc, exit 259, exit -1, exit 5 2 and the like name their line, with bash's status", async () => {
    const cases = [
      ["exit abc", 2],
      ["exit 259", 3],
      ["exit -1", 255],
      ['exit " 3 "', 3],
      ["exit 99999999999999999999", 2],
      ["exit 5 2", 1],
    ] as const;
    for (const [exit, code] of cases) {
      const error = await failedScriptStep(tmp(), ["echo start", exit, "echo never"].join("\n"));
      assert.ok(
        fromCode(error).startsWith(
          `exited with code ${code} at line 2 of the script (w.momoflow:5), \`${exit}\``,
        ),
        error,
      );
    }
  });

  it("exit abc inside a multi-line subshell or command substitution names its own line", async () => {
    const inSubshell = ["echo start", "(", "  echo in", "  exit abc", ")", "echo never"];
    assert.ok(
      fromCode(await failedScriptStep(tmp(), inSubshell.join("\n"))).startsWith(
        "exited with code 2 at line 4 of the script (w.momoflow:7), `exit abc`",
      ),
    );
    const substituted = ["echo start", "version=$(", "  exit 3x", ")", "echo never"];
    assert.ok(
      fromCode(await failedScriptStep(tmp(), substituted.join("\n"))).startsWith(
        "exited with code 2 at line 3 of the script (w.momoflow:6), `exit 3x`",
      ),
    );
  });

  it("in POSIX mode, which has no exit function of ours, exit abc names its line too", async () => {
    const error = await failedScriptStep(
      tmp(),
      ["echo start", "exit abc", "echo never"].join("\n"),
      {
        POSIXLY_CORRECT: "1",
      },
    );
    assert.ok(
      fromCode(error).startsWith(
        "exited with code 2 at line 2 of the script (w.momoflow:5), `exit abc`",
      ),
      error,
    );
  });

  it("builtin exit and command exit name their line; inside a multi-line subshell, the subshell", async () => {
    for (const exit of ["builtin exit 3", "command exit 3"]) {
      const error = await failedScriptStep(tmp(), ["echo start", exit, "echo never"].join("\n"));
      assert.equal(
        fromCode(error),
        `exited with code 3 at line 2 of the script (w.momoflow:5), \`${exit}\`: start`,
      );
      const inSubshell = ["echo start", "(", "  echo in", `  ${exit}`, ")", "echo never"];
      assert.equal(
        fromCode(await failedScriptStep(tmp(), inSubshell.join("\n"))),
        "exited with code 3 at line 2 of the script (w.momoflow:5), `( … )`:\nstart\nin",
      );
    }
  });

  it("an exit code the script's EXIT trap set names no line, nor does a command of that trap", async () => {
    const cases = [
      // Its handler fails after the script ran to its end: $LINENO counts from the trap's line.
      ["echo start", "echo more", "trap 'echo bye; false' EXIT", "echo end"],
      ["echo start", "echo more", "builtin trap 'echo bye; false' EXIT", "echo end"],
      ["cleanup() {", "  false", "}", "trap cleanup EXIT", "echo start"],
      // Its handler sets another code than the failure's.
      ["echo start", "trap 'exit 4' EXIT", "false", "echo never"],
      ["echo start", "builtin trap 'exit 4' EXIT", "false", "echo never"],
      // Its handler fails too, after the script failed.
      ["echo start", "trap 'echo bye; false' EXIT", "cat missing-file.txt", "echo never"],
    ];
    for (const lines of cases) {
      const error = await failedScriptStep(tmp(), lines.join("\n"));
      assert.ok(!/ at line \d+ of the script/.test(error), error);
    }
  });

  it("an EXIT trap that keeps the failure's status (exit $rc) leaves its line named", async () => {
    const script = [
      "echo start",
      "trap 'rc=$?; echo bye; exit $rc' EXIT",
      "cat missing-file.txt",
      "echo never",
    ].join("\n");
    assert.equal(
      fromCode(await failedScriptStep(tmp(), script)),
      "exited with code 1 at line 3 of the script (w.momoflow:6), `cat missing-file.txt`: " +
        "cat: missing-file.txt: No such file or directory",
    );
  });

  it("an exit run by an EXIT trap a sourced file set names no line of the script", async () => {
    // bash counts the trap's lines from its own first: `exit 4` there is at "line 1".
    writeFileSync(join(tmp(), "lib.sh"), "trap 'echo bye; exit 4' EXIT\n");
    for (const stop of ["exit 3", "false"]) {
      const script = ["[ -d / ] || exit 1", "source ./lib.sh", "echo start", stop].join("\n");
      const error = await failedScriptStep(tmp(), script);
      assert.ok(!/ at line \d+ of the script/.test(error), error);
    }
  });
});
