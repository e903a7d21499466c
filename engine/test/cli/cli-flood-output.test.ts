import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stepLogPath } from "../../src/record/run-paths";
import { CLI, runCli } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/** 540 MB: more than a JavaScript string can hold (about 536 million characters). */
const FLOOD_BYTES = 540_000_000;

interface ResultStep {
  id: string;
  status: string;
  output?: unknown;
}

/**
 * A step may print more than the engine can hold as one value (a verbose
 * build, `cat` of a large file): its log keeps every byte, its output is
 * cut, and the run goes on — it never dies of it halfway, with a stack trace.
 */
describe("a step that prints more than memory holds (the real CLI)", function () {
  this.timeout(180_000);
  const tmp = useTempDir("momoflow-flood-cli-");

  for (const where of ["standard output", "$MOMOFLOW_OUTPUT"] as const) {
    it(`keeps 540 MB written to ${where} in the log or output file, cuts the output, and runs the next steps`, async () => {
      // Lines of 100 x's: every stage of the pipe ends on its own (no SIGPIPE under pipefail).
      const print = `head -c ${FLOOD_BYTES} /dev/zero | tr '\\\\0' x | fold -w 100`;
      writeFileSync(
        join(tmp(), "wf.momoflow"),
        [
          "workflow w {",
          "  step flood {",
          `    run: "${where === "standard output" ? print : `${print} > \\"$MOMOFLOW_OUTPUT\\"`}"`,
          "    rollback: none",
          "  }",
          "  step after {",
          "    needs: [flood]",
          '    run: create_file(path: "after.txt", content: "ran")',
          "  }",
          "}",
        ].join("\n"),
      );
      const out = await runCli(["run", "wf.momoflow", "--quiet"], tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr.slice(0, 4000));
      assert.doesNotMatch(out.stderr, /ERR_STRING_TOO_LONG|\n {4}at /);
      assert.equal(readFileSync(join(tmp(), "after.txt"), "utf8"), "ran");
      if (where === "standard output") {
        const log = join(runDirOf(tmp()), stepLogPath("flood"));
        assert.ok(statSync(log).size >= FLOOD_BYTES, "the log keeps every byte");
      }
      const result = JSON.parse(readFileSync(join(runDirOf(tmp()), "result.json"), "utf8")) as {
        steps: ResultStep[];
      };
      const flood = result.steps.find((s) => s.id === "flood");
      assert.equal(flood?.status, "success");
      assert.match(String(flood?.output), /^x{100}\nx{100}\n.*… \(\d+ more characters\)$/s);
    });
  }
  it("shows a 540 MB line without line breaks on the terminal, then the step's end and the next steps", async () => {
    writeFileSync(
      join(tmp(), "wf.momoflow"),
      [
        "workflow w {",
        "  step flood {",
        `    run: "head -c ${FLOOD_BYTES} /dev/zero | tr '\\\\0' x"`,
        "    rollback: none",
        "  }",
        "  step after {",
        "    needs: [flood]",
        '    run: "echo after-the-flood"',
        "    rollback: none",
        "  }",
        "}",
      ].join("\n"),
    );
    // The terminal is a file here: this process could not hold what it shows as a string.
    const terminal = join(tmp(), "terminal.txt");
    const fd = openSync(terminal, "w");
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, "run", "wf.momoflow"], {
        cwd: tmp(),
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", fd, fd],
      });
      child.on("close", (exit) => resolve(exit));
    });
    closeSync(fd);
    const size = statSync(terminal).size;
    const end = Buffer.alloc(Math.min(size, 4096));
    const read = openSync(terminal, "r");
    readSync(read, end, 0, end.length, size - end.length);
    closeSync(read);
    const last = end.toString("utf8");
    assert.equal(code, 0, last);
    assert.ok(size > FLOOD_BYTES, "the terminal got the whole line");
    assert.match(last, /✓ flood success/);
    assert.match(last, /after +\| after-the-flood\n {2}✓ after success/);
  });
});
