import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { CLI, runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import { findBash } from "../../src/commands/shell-choice";

describe("strict shell actions and $MOMOFLOW_OUTPUT (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-strict-cli-");

  /** Writes `source` as wf.momoflow in the temp folder and runs `momoflow run` there. */
  function run(source: string): ReturnType<typeof runCli> {
    writeFileSync(join(tmp(), "wf.momoflow"), source);
    return runCli(["run", "wf.momoflow"], tmp());
  }

  const read = (name: string): string => readFileSync(join(tmp(), name), "utf8");

  it("fails a step whose multi-line script fails in its middle, with the exit code, the failing line and stderr", async () => {
    const out = await run(
      [
        "workflow w {",
        "  step copy {",
        '    run: """',
        "      echo start",
        "      cp does-not-exist elsewhere",
        "      echo after > after.txt",
        '    """',
        "  }",
        "}",
      ].join("\n"),
    );
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stderr + out.stdout,
      /step "copy" failed: .*exited with code 1 at line 2 of the script \(wf\.momoflow:5\), `cp does-not-exist elsewhere`: cp: .*does-not-exist/,
    );
    assert.equal(
      existsSync(join(tmp(), "after.txt")),
      false,
      "the rest of the script must not run",
    );
  });

  it("fails a failed pipe stage and an unset variable under the default bash", async function () {
    if (!findBash()) this.skip(); // bash is not installed here: the default is sh -e
    const pipe = await run('workflow w {\n  step p { run: "false | true" }\n}\n');
    assert.equal(pipe.code, 1, pipe.stdout + pipe.stderr);
    assert.match(
      pipe.stderr + pipe.stdout,
      /step "p" failed: shell command "false \| true" exited with code 1/,
    );
    const unset = await run('workflow w {\n  step u { run: "echo $NOT_SET_ANYWHERE" }\n}\n');
    assert.equal(unset.code, 1, unset.stdout + unset.stderr);
    assert.match(unset.stderr + unset.stdout, /NOT_SET_ANYWHERE: unbound variable/);
  });

  for (const shell of ["bash", "sh"] as const) {
    it(`stops at a command that fails inside a $(...) under ${shell}, as on a line of its own`, async function () {
      if (shell === "bash" && !findBash()) this.skip(); // bash is not installed here
      const out = await run(
        [
          "workflow w {",
          "  step count {",
          `    shell: "${shell}"`,
          '    run: """',
          "      lines=$(cat does-not-exist; echo reached)",
          '      echo "after: $lines" > after.txt',
          '    """',
          '    rollback: "rm -f after.txt"',
          "  }",
          "}",
        ].join("\n"),
      );
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(out.stderr + out.stdout, /step "count" failed: .*does-not-exist/);
      assert.equal(existsSync(join(tmp(), "after.txt")), false, "the rest must not run");
    });
  }

  it("runs /bin/sh for a step with shell: sh, its rollback and the commands it calls too; the workflow's shell for the others", async function () {
    if (!findBash()) this.skip(); // the contrast needs bash
    const out = await run(
      [
        "command probe(file: string) {",
        '  run: "printf \'[%s]\' \\"\\${BASH_VERSION:-}\\" > ${file}"',
        "}",
        "workflow w {",
        '  shell: "bash"',
        "  step plain {",
        '    shell: "sh"',
        '    run: "printf \'[%s]\' \\"\\${BASH_VERSION:-}\\" > plain.txt"',
        '    rollback: "printf \'[%s]\' \\"\\${BASH_VERSION:-}\\" > undone.txt"',
        "  }",
        "  step called {",
        '    shell: "sh"',
        '    run: probe(file: "called.txt")',
        "    rollback: none",
        "  }",
        "  step explicit {",
        '    shell: "sh"',
        '    run: sh(script: "printf \'[%s]\' \\"\\${BASH_VERSION:-}\\" > explicit.txt")',
        "    rollback: none",
        "  }",
        "  step bashed {",
        "    needs: [plain, called, explicit]",
        '    run: "printf \'[%s]\' \\"\\${BASH_VERSION:-}\\" > bashed.txt"',
        "  }",
        "  step boom {",
        "    needs: bashed",
        '    run: "exit 3"',
        "  }",
        "}",
      ].join("\n"),
    );
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.equal(read("plain.txt"), "[]", "BASH_VERSION is empty under /bin/sh");
    assert.equal(read("undone.txt"), "[]", "the rollback runs under the step's shell");
    assert.equal(read("called.txt"), "[]", "a declared command runs under the step's shell");
    assert.equal(read("explicit.txt"), "[]", "sh(...) runs under the step's shell");
    assert.match(read("bashed.txt"), /^\[\d+\.\d+/);
  });

  it("takes what a script wrote to $MOMOFLOW_OUTPUT as its output, its prints as log only", async () => {
    const out = await run(
      [
        "workflow w {",
        "  step noisy {",
        '    run: """',
        "      echo downloading...",
        "      echo 42% done",
        '      echo ready > "$MOMOFLOW_OUTPUT"',
        '    """',
        "  }",
        '  step plain { run: "echo just-stdout" }',
        "  step after {",
        "    needs: [noisy, plain]",
        '    when: steps.noisy.output == "ready"',
        "    run: \"printf '%s|%s' ${steps.noisy.output} ${steps.plain.output} > got.txt\"",
        "  }",
        "}",
      ].join("\n"),
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(read("got.txt"), "ready|just-stdout");
  });

  it("reports an unknown shell at check time with the allowed names", async () => {
    writeFileSync(
      join(tmp(), "bad.momoflow"),
      'workflow w {\n  shell: "zsh"\n  step a { run: "true" }\n}\n',
    );
    const out = await runCli(["check", "bad.momoflow"], tmp());
    assert.equal(out.code, 1);
    assert.match(
      out.stdout,
      /bad\.momoflow:2:10: error MF007: "shell" must be "auto", "bash" or "sh", not "zsh"/,
    );
  });

  describe("without bash on PATH", () => {
    /** Runs the CLI with a PATH that holds no bash (and nothing else). */
    function runWithoutBash(source: string): Promise<{ code: number; output: string }> {
      writeFileSync(join(tmp(), "wf.momoflow"), source);
      const emptyBin = join(tmp(), "empty-bin");
      mkdirSync(emptyBin, { recursive: true });
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [CLI, "run", "wf.momoflow"],
          { cwd: tmp(), env: { PATH: emptyBin, HOME: tmp(), NO_COLOR: "1" } },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }),
        );
      });
    }

    it("runs sh -e by default", async () => {
      const out = await runWithoutBash(
        [
          "workflow w {",
          '  step probe { run: "printf \'[%s]\' \\"\\${BASH_VERSION:-}\\" > probe.txt" }',
          "  step stops {",
          "    needs: probe",
          '    run: """',
          "      false",
          "      echo after > after.txt",
          '    """',
          "  }",
          "}",
        ].join("\n"),
      );
      assert.equal(out.code, 1, out.output);
      assert.equal(read("probe.txt"), "[]");
      assert.match(out.output, /step "stops" failed: .*exited with code 1/);
      assert.equal(existsSync(join(tmp(), "after.txt")), false);
    });

    it("fails a step that asks for bash, saying bash is missing", async () => {
      const out = await runWithoutBash(
        'workflow w {\n  shell: "bash"\n  step a { run: "echo hi > a.txt" }\n}\n',
      );
      assert.equal(out.code, 1, out.output);
      assert.match(out.output, /step "a" failed: .*no bash was found on PATH; use shell: sh/);
      assert.equal(existsSync(join(tmp(), "a.txt")), false);
    });
  });
});
