import assert from "node:assert/strict";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { journalText, runCli, startCli, waitFor } from "../support/cli-process";
import { expectDead, isAlive } from "../support/process-liveness";
import { slowStepPid, writeSlowTestFile } from "../support/slow-test-file";
import { useTempDir } from "../support/temp-dir";

const fixtures = resolve(__dirname, "../../../test-fixtures");
const fixture = (...parts: string[]): string => join(fixtures, ...parts);

describe("momoflow on .momoflow files (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-lang-cli-");

  describe("check", () => {
    it("prints path:line:col: severity CODE: message, 1-based, and exits 1 on errors", async () => {
      const out = await runCli(
        ["check", fixture("invalid", "mf002-unknown-step.momoflow")],
        fixtures,
      );
      assert.equal(out.code, 1);
      const lines = out.stdout.trim().split("\n");
      assert.equal(lines.length, 5);
      assert.match(
        lines[0]!,
        /^invalid\/mf002-unknown-step\.momoflow:6:13: error MF002: .*"biuld".*did you mean "build"/,
      );
      assert.match(out.stderr, /5 errors in 1 file/);
    });

    it("prints JSON with 0-based LSP ranges", async () => {
      const out = await runCli(
        ["check", fixture("invalid", "mf012-unused.momoflow"), "--format", "json"],
        fixtures,
      );
      assert.equal(out.code, 0, "hints are not errors");
      const diagnostics = JSON.parse(out.stdout);
      assert.deepEqual(diagnostics[0], {
        file: fixture("invalid", "mf012-unused.momoflow"),
        range: { start: { line: 2, character: 8 }, end: { line: 2, character: 14 } },
        severity: "hint",
        code: "MF012",
        message: diagnostics[0].message,
      });
      assert.match(diagnostics[0].message, /unused/);
    });

    it("counts columns on line 1 of a file with a byte order mark as editors do, without it", async () => {
      // Editors leave the mark out of the text: `lgo` is at column 28 of what they show.
      const file = join(tmp(), "bom.momoflow");
      writeFileSync(file, '\uFEFFworkflow w { step s { run: lgo(message: "x") } }\n');
      const out = await runCli(["check", file], tmp());
      assert.equal(out.code, 1, out.stderr);
      assert.match(out.stdout, /^bom\.momoflow:1:28: error MF005: /);
      const json = await runCli(["check", file, "--format", "json"], tmp());
      assert.deepEqual(JSON.parse(json.stdout)[0].range, {
        start: { line: 0, character: 27 },
        end: { line: 0, character: 30 },
      });
    });

    it("reports a condition of thousands of operators as one error, without exhausting the stack", async () => {
      const dir = mkdtempSync(join(tmpdir(), "momoflow-long-condition-"));
      try {
        const file = join(dir, "long.momoflow");
        const condition = `true${" && true".repeat(3_000)}`;
        writeFileSync(
          file,
          `workflow w {\n  step a {\n    when: ${condition}\n    run: "x"\n  }\n}\n`,
        );
        const out = await runCli(["check", file], dir);
        assert.equal(out.code, 1, out.stderr);
        // At the 513th `&&`: after `    when: true`, 512 × ` && true` and a space.
        const col = "    when: true".length + 512 * " && true".length + 2;
        assert.equal(
          out.stdout,
          `long.momoflow:3:${col}: error MF001: a value has more than 512 operators: split the condition\n`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("checks folders recursively and is quiet about clean files", async () => {
      const out = await runCli(["check", fixture("valid")], fixtures);
      assert.equal(out.code, 0, out.stdout);
      assert.equal(out.stdout, "");
      assert.match(out.stderr, /no problems in 7 files/);
    });
  });

  describe("run and rollback", () => {
    it("runs a workflow with typed params; when conditions see them", async () => {
      const out = await runCli(
        [
          "run",
          fixture("valid", "publish-site.momoflow"),
          "--param",
          "target=production",
          "--json",
          "--workdir",
          tmp(),
        ],
        tmp(),
      );
      assert.equal(out.code, 0, out.stderr);
      const result = JSON.parse(out.stdout);
      assert.deepEqual(
        result.steps.map((s: { status: string }) => s.status),
        ["success", "success", "success"],
      );
      assert.equal(result.steps[2].output, "Hello production");
      assert.equal(
        readFileSync(join(tmp(), "public", "index.html"), "utf8"),
        "<h1>production</h1>\n",
      );
    });

    it("skips a step whose condition is false", async () => {
      const out = await runCli(
        ["run", fixture("valid", "publish-site.momoflow"), "--json", "--workdir", tmp()],
        tmp(),
      );
      assert.equal(out.code, 0, out.stderr);
      assert.equal(JSON.parse(out.stdout).steps[2].status, "skipped");
    });

    it("refuses a param of the wrong type or an unknown param, saying which", async () => {
      const wrong = await runCli(
        [
          "run",
          fixture("valid", "publish-site.momoflow"),
          "--param",
          "retries=many",
          "--workdir",
          tmp(),
        ],
        tmp(),
      );
      assert.equal(wrong.code, 2);
      assert.match(
        wrong.stderr,
        /--param retries: expected an int \(a whole number\), got "many" \(declared `retries: int`\)/,
      );
      const unknown = await runCli(
        [
          "run",
          fixture("valid", "publish-site.momoflow"),
          "--param",
          "colour=red",
          "--workdir",
          tmp(),
        ],
        tmp(),
      );
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /has no param `colour` \(its params: target, retries\)/);
      assert.equal(existsSync(join(tmp(), ".momoflow")), false, "nothing ran");
    });

    it("does not run a file with errors: prints them and exits 2", async () => {
      const out = await runCli(
        ["run", fixture("invalid", "mf003-cycle.momoflow"), "--workdir", tmp()],
        tmp(),
      );
      assert.equal(out.code, 2);
      assert.match(out.stderr, /mf003-cycle\.momoflow:3:12: error MF003: .*a → c → b → a/);
      assert.match(out.stderr, /1 error; nothing was run/);
      assert.equal(existsSync(join(tmp(), ".momoflow")), false);
    });

    it("asks which workflow when a file has several", async () => {
      const file = join(tmp(), "two.momoflow");
      writeFileSync(
        file,
        'workflow a {\n  step x { run: "echo a" }\n}\nworkflow b {\n  step y { run: "echo b" }\n}\n',
      );
      const ambiguous = await runCli(["run", file], tmp());
      assert.equal(ambiguous.code, 2);
      assert.match(ambiguous.stderr, /declares 2 workflows \(a, b\): say which with --workflow/);
      const chosen = await runCli(["run", file, "--workflow", "b", "--json"], tmp());
      assert.equal(chosen.code, 0, chosen.stderr);
      assert.equal(JSON.parse(chosen.stdout).steps[0].output, "b");
    });

    it("quotes values in shell actions: a hostile param arrives literally", async () => {
      const file = join(tmp(), "echo.momoflow");
      writeFileSync(
        file,
        'workflow echo {\n  param text: string\n  step say { run: "printf %s ${text}" }\n}\n',
      );
      const out = await runCli(
        ["run", file, "--param", "text=x; touch pwned $(touch p2)", "--json"],
        tmp(),
      );
      assert.equal(out.code, 0, out.stderr);
      assert.equal(JSON.parse(out.stdout).steps[0].output, "x; touch pwned $(touch p2)");
      assert.equal(existsSync(join(tmp(), "pwned")), false);
      assert.equal(existsSync(join(tmp(), "p2")), false);
    });

    it("rolls back a killed .momoflow run from its record", async () => {
      const file = join(tmp(), "slow.momoflow");
      writeFileSync(
        file,
        [
          "workflow slow {",
          '  step write { run: create_file(path: "out.txt", content: "new") }',
          "  step wait { needs: write  run: sleep(duration: 30s) }",
          "}",
          "",
        ].join("\n"),
      );
      writeFileSync(join(tmp(), "out.txt"), "old");
      const { child, done } = startCli(["run", file], tmp());
      await waitFor(() => journalText(tmp()).includes('"step":"wait"'), "the second step to start");
      child.kill("SIGKILL");
      await done;
      assert.equal(readFileSync(join(tmp(), "out.txt"), "utf8"), "new");
      const out = await runCli(["rollback", file], tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.equal(readFileSync(join(tmp(), "out.txt"), "utf8"), "old");
    });
    it("runs js(...) actions with their named args, and undoes them through the workflow file", async () => {
      writeFileSync(
        join(tmp(), "actions.mjs"),
        [
          'import { writeFileSync, rmSync } from "node:fs";',
          'import { join } from "node:path";',
          "export async function double(args, context) {",
          '  writeFileSync(join(context.workingDirectory, "double.txt"), String(args.n * 2));',
          "  return args.n * 2;",
          "}",
          "export function undo(args, context) {",
          '  rmSync(join(context.workingDirectory, "double.txt"), { force: true });',
          "}",
          "",
        ].join("\n"),
      );
      const file = join(tmp(), "js.momoflow");
      writeFileSync(
        file,
        [
          "workflow js_actions {",
          "  param n: int = 21",
          "  step twice {",
          '    run: js("./actions.mjs", "double", n: n)',
          '    rollback: js("./actions.mjs", "undo")',
          "  }",
          "}",
          "",
        ].join("\n"),
      );
      const run = await runCli(["run", file, "--param", "n=4", "--json"], tmp());
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).steps[0].output, 8);
      assert.equal(readFileSync(join(tmp(), "double.txt"), "utf8"), "8");
      const rollback = await runCli(["rollback", file], tmp());
      assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
      assert.equal(existsSync(join(tmp(), "double.txt")), false);
    });
  });

  describe("test", () => {
    it("runs every expectation form and failure injection", async () => {
      const out = await runCli(["test", fixture("tests", "every-expectation.momoflow")], fixtures);
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.match(out.stdout, /✓ all forms hold/);
      assert.match(out.stdout, /2 passed, 0 failed/);
    });

    it("reports a test meant to fail with each failed expectation, expected, actual and range, as JSON", async () => {
      const out = await runCli(
        ["test", fixture("tests", "meant-to-fail.momoflow"), "--json"],
        fixtures,
      );
      assert.equal(out.code, 1);
      const report = JSON.parse(out.stdout);
      assert.equal(report.passed, 0);
      assert.equal(report.failed, 2);
      const [every] = report.tests;
      assert.equal(every.name, "every expectation fails");
      assert.equal(every.status, "failed");
      assert.equal(every.file, fixture("tests", "meant-to-fail.momoflow"));
      assert.equal(every.range.start.line, 9);
      assert.equal(typeof every.durationMs, "number");
      assert.equal(every.failures.length, 7);
      assert.deepEqual(
        every.failures.map((f: { range: { start: { line: number } } }) => f.range.start.line),
        [11, 12, 13, 14, 15, 16, 17],
      );
      assert.deepEqual(
        { expected: every.failures[2].expected, actual: every.failures[2].actual },
        { expected: "goodbye", actual: "hello" },
      );
      assert.match(every.failures[0].message, /expected the run to be failed, but it was success/);
    });

    it("stops on SIGTERM: the running test is cancelled, its shell action ended, exit 130", async () => {
      const pidFile = join(tmp(), "pid");
      const { child, done } = startCli(["test", writeSlowTestFile(tmp(), pidFile)], tmp());
      const pid = await slowStepPid(pidFile);
      child.kill("SIGTERM");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      assert.match(out.stdout, /the tests were cancelled/);
      await expectDead([pid]);
    });

    it("stopped part-way, its last line says the tests after the cancelled one were not run", async () => {
      const pidFile = join(tmp(), "pid");
      const slow = writeSlowTestFile(tmp(), pidFile);
      writeFileSync(
        slow,
        readFileSync(slow, "utf8") + 'test "never reached" {\n  workflow: slow\n}\n',
      );
      const { child, done } = startCli(["test", slow], tmp());
      const pid = await slowStepPid(pidFile);
      child.kill("SIGTERM");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      assert.ok(
        out.stdout.endsWith(
          "\n0 passed, 1 failed; 1 not run: the tests were cancelled (SIGTERM) before its turn\n",
        ),
        out.stdout,
      );
      assert.doesNotMatch(out.stdout, /never reached/);
      await expectDead([pid]);
      // Cancelled in its last test, nothing is left unrun: the line says only what ran.
      const last = writeSlowTestFile(tmp(), pidFile, { name: "last" });
      rmSync(pidFile);
      const lastRun = startCli(["test", last], tmp());
      const lastPid = await slowStepPid(pidFile);
      lastRun.child.kill("SIGTERM");
      const lastOut = await lastRun.done;
      assert.equal(lastOut.code, 130, lastOut.stdout + lastOut.stderr);
      assert.ok(lastOut.stdout.endsWith("\n0 passed, 1 failed\n"), lastOut.stdout);
      await expectDead([lastPid]);
    });

    it("stops on SIGHUP (the terminal closed) as on SIGTERM: the shell action ended, exit 130", async () => {
      const pidFile = join(tmp(), "pid");
      const { child, done } = startCli(["test", writeSlowTestFile(tmp(), pidFile)], tmp());
      const pid = await slowStepPid(pidFile);
      child.kill("SIGHUP");
      const out = await done;
      try {
        assert.equal(out.code, 130, `${out.signal ?? ""} ${out.stdout}${out.stderr}`);
        assert.match(out.stdout, /the tests were cancelled/);
        await expectDead([pid]);
      } finally {
        // A sleep left running would outlive the test.
        if (isAlive(pid)) process.kill(pid, "SIGKILL");
      }
    });

    it("a second Ctrl+C stops at once: the running test's shell action, which ignores SIGTERM and SIGINT, is killed, not left running; exit 130", async () => {
      const pidFile = join(tmp(), "pid");
      // The group ignores both signals: only SIGKILL ends it.
      const file = writeSlowTestFile(tmp(), pidFile, {
        before: "trap '' TERM INT; ",
        then: "sleep 60",
      });
      const { child, done } = startCli(["test", file], tmp());
      let stderr = "";
      child.stderr!.on("data", (d) => (stderr += d));
      const pid = await slowStepPid(pidFile);
      try {
        child.kill("SIGINT");
        await waitFor(() => /Ctrl\+C: cancelling/.test(stderr), "the first Ctrl+C to be taken");
        child.kill("SIGINT");
        const out = await done;
        assert.equal(out.code, 130, `${out.signal ?? ""} ${out.stdout}${out.stderr}`);
        assert.match(out.stderr, /Ctrl\+C again: stopping at once/);
        assert.match(out.stdout, /the tests were cancelled/);
        await expectDead([pid]);
      } finally {
        if (isAlive(pid)) process.kill(pid, "SIGKILL");
      }
    });

    it("filters tests by name", async () => {
      const out = await runCli(
        ["test", fixture("tests"), "--filter", "injected", "--json"],
        fixtures,
      );
      const report = JSON.parse(out.stdout);
      assert.deepEqual(
        report.tests.map((t: { name: string }) => t.name),
        ["injected failure", "an injected failure makes success impossible"],
      );
    });

    it("runs the valid fixtures' tests, each in its own directory", async () => {
      const out = await runCli(["test", fixture("valid")], tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.match(out.stdout, /10 passed, 0 failed/);
      assert.equal(
        existsSync(join(tmp(), ".momoflow")),
        false,
        "tests never run in the current directory",
      );
    });
  });

  describe("graph", () => {
    it("prints dot, mermaid and json", async () => {
      const file = fixture("valid", "publish-site.momoflow");
      const dot = await runCli(["graph", file, "--format", "dot"], fixtures);
      assert.equal(dot.code, 0, dot.stderr);
      assert.match(dot.stdout, /^digraph "publish_site" \{/);
      assert.match(dot.stdout, /"build" -> "publish";/);
      assert.match(
        dot.stdout,
        /"announce" \[label="announce\\nwhen target == \\"production\\"", peripheries=2\];/,
      );
      const mermaid = await runCli(["graph", file, "--format", "mermaid"], fixtures);
      assert.match(mermaid.stdout, /^flowchart LR\n/);
      assert.match(mermaid.stdout, /s_publish --> s_announce/);
      const json = JSON.parse((await runCli(["graph", file, "--format", "json"], fixtures)).stdout);
      assert.deepEqual(json.edges, [
        { from: "build", to: "publish" },
        { from: "publish", to: "announce" },
      ]);
      assert.deepEqual(
        json.nodes.map((n: { id: string; reversible: boolean }) => [n.id, n.reversible]),
        [
          ["build", true],
          ["publish", true],
          ["announce", false],
        ],
      );
    });

    it("writes a description's #, &, < and > as Mermaid entity codes: a `<br>` or `#x;` in it is text, not markup", async () => {
      const file = join(tmp(), "marks.momoflow");
      writeFileSync(
        file,
        `workflow marks {
  step a {
    description: "a < b & c > d <br> #z; \\"q\\""
    run: "true"
  }
}
`,
      );
      const mermaid = await runCli(["graph", file, "--format", "mermaid"], tmp());
      assert.equal(mermaid.code, 0, mermaid.stderr);
      assert.match(
        mermaid.stdout,
        /s_a\["a<br\/>a #lt; b #amp; c #gt; d #lt;br#gt; #35;z; #quot;q#quot;"\]/,
      );
    });

    it("marks fan-out steps and calls of workflows alike in dot, mermaid and json", async () => {
      const file = join(tmp(), "fan.momoflow");
      writeFileSync(
        file,
        `workflow tag {
  step push {
    run: "echo push"
    rollback: none
  }
}

workflow fan {
  param parts: list = ["x"]
  step convert {
    for_each: part in ["a", "b", "c"]
    max_parallel: 2
    run: "echo \${part}"
    rollback: none
  }
  step each {
    needs: convert
    for_each: p in parts
    run: "echo \${p}"
    rollback: none
  }
  step release {
    needs: each
    run: workflow tag()
  }
}
`,
      );
      const graph = async (format: string): Promise<string> => {
        const out = await runCli(["graph", file, "--workflow", "fan", "--format", format], tmp());
        assert.equal(out.code, 0, out.stderr);
        return out.stdout;
      };
      const dot = await graph("dot");
      assert.match(
        dot,
        /"convert" \[label="convert ×3\\nfor_each part in \[\\"a\\", \\"b\\", \\"c\\"\], max_parallel 2", shape=box3d\];/,
      );
      assert.match(dot, /"each" \[label="each ×1\\nfor_each p in parts", shape=box3d\];/);
      assert.match(dot, /"release" \[label="release\\nworkflow tag", shape=component\];/);
      assert.match(dot, /"release\/push" \[label="release\/push"\];/);
      const mermaid = await graph("mermaid");
      assert.match(
        mermaid,
        /s_convert\["convert ×3<br\/>for_each part in \[#quot;a#quot;, #quot;b#quot;, #quot;c#quot;\], max_parallel 2"\]/,
      );
      assert.match(mermaid, /s_each\["each ×1<br\/>for_each p in parts"\]/);
      assert.match(mermaid, /s_release\[\["release<br\/>workflow tag"\]\]/);
      assert.match(mermaid, /class s_convert,s_each fan_out/);
      const json = JSON.parse(await graph("json")) as {
        nodes: { id: string; forEach?: unknown; calls?: string }[];
      };
      assert.deepEqual(
        json.nodes.map((n) => [n.id, n.forEach, n.calls]),
        [
          [
            "convert",
            { item: "part", items: '["a", "b", "c"]', count: 3, maxParallel: 2 },
            undefined,
          ],
          ["each", { item: "p", items: "parts", count: 1 }, undefined],
          ["release/push", undefined, undefined],
          ["release", undefined, "tag"],
        ],
      );
    });
  });
});

describe("momoflow fmt (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-fmt-");
  const messy = [
    "/// Doc   ",
    "command   greet( name :string,excited : bool=false ){",
    '      description:"Print a greeting"   // trailing',
    'run : "echo Hello ${name}"',
    "}",
    "",
    "",
    "",
    "workflow w{",
    '  step a{ run:greet( name:"x" ,excited:true )',
    "  needs:[ b , ]",
    "  }",
    '    step b { run: """',
    "      echo one",
    "        echo two",
    '    """ }',
    "}",
    "",
  ].join("\n");
  const tidy = [
    "/// Doc",
    "command greet(name: string, excited: bool = false) {",
    '  description: "Print a greeting" // trailing',
    '  run: "echo Hello ${name}"',
    "}",
    "",
    "workflow w {",
    '  step a { run: greet(name: "x", excited: true)',
    "    needs: [b,]",
    "  }",
    '  step b { run: """',
    "      echo one",
    "        echo two",
    '    """ }',
    "}",
    "",
  ].join("\n");

  it("lists unformatted files with --check and changes nothing", async () => {
    const file = join(tmp(), "messy.momoflow");
    writeFileSync(file, messy);
    const out = await runCli(["fmt", "--check", tmp()], tmp());
    assert.equal(out.code, 1);
    assert.equal(out.stdout, "messy.momoflow\n");
    assert.equal(readFileSync(file, "utf8"), messy);
  });

  it("formats in place, keeping comments, line breaks and scripts; a second pass changes nothing", async () => {
    const file = join(tmp(), "messy.momoflow");
    writeFileSync(file, messy);
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(readFileSync(file, "utf8"), tidy);
    const again = await runCli(["fmt", "--check", file], tmp());
    assert.equal(again.code, 0);
    assert.equal(again.stdout, "");
  });

  it("indents by --indent: N spaces or a tab per level, the script inside a string as written", async () => {
    const file = join(tmp(), "indent.momoflow");
    const indented = (unit: string): string =>
      tidy
        .split("\n")
        .map((line, i) => {
          // Lines 12 to 14 are inside the `"""` string: kept byte for byte.
          if (i >= 11 && i <= 13) return line;
          const spaces = /^ */.exec(line)![0].length;
          return unit.repeat(spaces / 2) + line.slice(spaces);
        })
        .join("\n");
    for (const [indent, unit] of [
      ["tab", "\t"],
      ["4", "    "],
    ] as const) {
      writeFileSync(file, messy);
      const out = await runCli(["fmt", "--indent", indent, file], tmp());
      assert.equal(out.code, 0, out.stderr);
      assert.equal(readFileSync(file, "utf8"), indented(unit), `--indent ${indent}`);
      const again = await runCli(["fmt", "--check", "--indent", indent, file], tmp());
      assert.equal(again.code, 0, `--indent ${indent} is idempotent`);
      // The default is 2 spaces: the file is not formatted for it.
      assert.equal((await runCli(["fmt", "--check", file], tmp())).code, 1);
    }
    const bad = await runCli(["fmt", "--indent", "0", file], tmp());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--indent takes a number of spaces from 1 to 16 or "tab", not "0"/);
  });

  it("keeps the line breaks of a file with `\\r` line ends: a comment does not swallow the next line", async () => {
    const file = join(tmp(), "old-mac.momoflow");
    const lines = ["workflow w {", "// c", "step a {", 'run: log(message: "x")', "}", "}"];
    writeFileSync(file, lines.join("\r") + "\r");
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      readFileSync(file, "utf8"),
      'workflow w {\n  // c\n  step a {\n    run: log(message: "x")\n  }\n}\n',
    );
    const check = await runCli(["check", file], tmp());
    assert.equal(check.code, 0, check.stdout);
  });

  it("refuses a file with syntax errors, naming each at file:line:col as check does, and leaves it as it was", async () => {
    const file = join(tmp(), "broken.momoflow");
    const broken = [
      "workflow w {",
      '  step a { run: "x" timeout: 5 m }',
      '  step b { run: "y }',
      "}",
      "",
    ].join("\n");
    writeFileSync(file, broken);
    const tidy = join(tmp(), "tidy.momoflow");
    writeFileSync(tidy, 'workflow t{\nstep a { run: "x" }\n}\n');
    const out = await runCli(["fmt", tmp()], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      [
        "broken.momoflow:2:32: error MF001: write the unit right after the number: `5m`",
        'broken.momoflow:3:17: error MF001: unterminated string: add a closing `"`',
        "broken.momoflow:4:1: error MF001: expected `}` to close workflow `w` opened at 1:1",
        "broken.momoflow: 3 syntax errors; not formatted",
        "",
      ].join("\n"),
    );
    assert.equal(readFileSync(file, "utf8"), broken);
    // The other files are formatted all the same.
    assert.equal(out.stdout, "formatted tidy.momoflow\n");
    assert.equal(readFileSync(tidy, "utf8"), 'workflow t {\n  step a { run: "x" }\n}\n');
  });

  it("prints the first 10 syntax errors of a file that is not .momoflow text, not thousands", async () => {
    const file = join(tmp(), "notes.momoflow");
    const text = "# Notes\n" + "- a line of Markdown; not momoflow!\n".repeat(200);
    writeFileSync(file, text);
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 2);
    const lines = out.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 11, out.stderr.slice(0, 2000));
    for (const line of lines.slice(0, 10))
      assert.match(line, /^notes\.momoflow:\d+:\d+: error MF001: /);
    assert.match(
      lines[10]!,
      /^notes\.momoflow: \d+ syntax errors \(the first 10 above; momoflow check lists them all\); not formatted$/,
    );
    assert.equal(readFileSync(file, "utf8"), text);
  });

  it("formats the file a symbolic link points to, and keeps the link", async () => {
    const real = join(tmp(), "real.momoflow");
    writeFileSync(real, 'workflow w{\nstep a { run: "x" }\n}\n');
    mkdirSync(join(tmp(), "sub"));
    const link = join(tmp(), "sub", "link.momoflow");
    symlinkSync("../real.momoflow", link);
    const out = await runCli(["fmt", link], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, "formatted sub/link.momoflow\n");
    assert.ok(lstatSync(link).isSymbolicLink(), "the link was replaced by a copy");
    assert.equal(readlinkSync(link), "../real.momoflow");
    assert.equal(readFileSync(real, "utf8"), 'workflow w {\n  step a { run: "x" }\n}\n');
    assert.deepEqual(readdirSync(tmp()).sort(), ["real.momoflow", "sub"], "a temporary file left");
  });

  it("keeps a file's mode, group- and world-writable bits included (the umask does not cut them)", async () => {
    const file = join(tmp(), "shared.momoflow");
    writeFileSync(file, 'workflow w{\nstep a { run: "x" }\n}\n');
    chmodSync(file, 0o666);
    // The CLI's umask is the test's: 022 or so, which a new file's mode would go through.
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(readFileSync(file, "utf8"), 'workflow w {\n  step a { run: "x" }\n}\n');
    assert.equal((statSync(file).mode & 0o777).toString(8), "666");
  });

  it("keeps a file's owner and group when root formats it (sudo momoflow fmt)", async function () {
    if (process.getuid?.() !== 0) {
      console.log("      (skipped: only root can give a file another owner)");
      this.skip();
    }
    const file = join(tmp(), "theirs.momoflow");
    writeFileSync(file, 'workflow w{\nstep a { run: "x" }\n}\n', { mode: 0o640 });
    chownSync(file, 4321, 4322);
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(readFileSync(file, "utf8"), 'workflow w {\n  step a { run: "x" }\n}\n');
    const { uid, gid, mode } = statSync(file);
    assert.deepEqual([uid, gid, mode & 0o777], [4321, 4322, 0o640]);
  });

  it("leaves every fixture as it is (they are formatted)", async () => {
    const out = await runCli(["fmt", "--check", fixture("valid"), fixture("tests")], fixtures);
    assert.equal(out.code, 0, out.stdout);
  });
});
