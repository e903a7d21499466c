import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCommandRegistry } from "../../src/commands/registry";
import type { Range } from "../../src/language/ast";
import type { Diagnostic, DiagnosticCode } from "../../src/language/diagnostic";
import { editDistance, nearestNames } from "../../src/language/edit-distance";
import { LanguageWorkspace, type WorkspaceHost } from "../../src/language/workspace";

/** An in-memory disk: edit `files` and call `invalidate` to simulate a change on disk. */
function memoryHost(files: Record<string, string>): WorkspaceHost & { reads: number } {
  const host = {
    reads: 0,
    readFile(path: string): string | undefined {
      host.reads++;
      return files[path];
    },
  };
  return host;
}

function check(text: string, extra: Record<string, string> = {}): Diagnostic[] {
  const workspace = new LanguageWorkspace(memoryHost({ "/ws/main.momoflow": text, ...extra }));
  return workspace.check("/ws/main.momoflow").diagnostics;
}

function only(diagnostics: readonly Diagnostic[], code: DiagnosticCode): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** The range of `inner` inside the first `context` of `text`. */
function within(text: string, context: string, inner: string): Range {
  const outer = rangeOf(text, context);
  const offset = context.indexOf(inner);
  const character = outer.start.character + offset;
  return {
    start: { line: outer.start.line, character },
    end: { line: outer.start.line, character: character + inner.length },
  };
}

/** The range of the `occurrence`-th `needle` in `text` (0-based). */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${occurrence} not found`);
  }
  const before = text.slice(0, at).split("\n");
  const line = before.length - 1;
  const character = before[line]!.length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

describe("edit distance", () => {
  it("counts a transposition as one edit", () => {
    assert.equal(editDistance("biuld", "build"), 1);
    assert.equal(editDistance("tagret", "target"), 1);
    assert.equal(editDistance("retry", "retries"), 3);
    assert.equal(editDistance("", "abc"), 3);
  });

  it("stops early past the limit", () => {
    assert.equal(editDistance("abcdefgh", "zyxwvuts", 2), 3);
  });

  it("suggests near names only, nearest first", () => {
    assert.deepEqual(nearestNames("biuld", ["publish", "build", "bild"]), ["build", "bild"]);
    assert.deepEqual(nearestNames("retry", ["retries", "timeout", "run"]), ["retries"]);
    assert.deepEqual(nearestNames("a", ["b", "c"]), []);
    assert.deepEqual(nearestNames("deploy", ["build", "publish"]), []);
    assert.deepEqual(nearestNames("Build", ["bold", "build"]), ["build"]);
  });
});

describe("checker", () => {
  describe("did you mean", () => {
    const text = [
      "workflow w {",
      '  step build { run: "echo" }',
      "  step publish {",
      "    needs: [biuld]",
      '    run: crate_file(path: "x", contnt: "y")',
      "  }",
      "}",
    ].join("\n");

    it("MF002 in needs carries suggestions, the range to replace and the unknown id", () => {
      const [d] = only(check(text), "MF002");
      assert.equal(d?.message, 'unknown step "biuld" in workflow "w"; did you mean "build"?');
      assert.deepEqual(d?.range, rangeOf(text, "biuld"));
      assert.deepEqual(d?.data, {
        suggestions: ["build"],
        replaceRange: rangeOf(text, "biuld"),
        unknownStep: "biuld",
      });
    });

    it("MF005 suggests a command of the registry", () => {
      const [d] = only(check(text), "MF005");
      assert.match(d!.message, /did you mean "create_file"\?/);
      assert.equal(d?.data?.suggestions?.[0], "create_file");
      assert.deepEqual(d?.data?.replaceRange, rangeOf(text, "crate_file"));
    });

    it("MF006 suggests an argument name, MF009 a property name", () => {
      const source = text
        .replace("crate_file", "create_file")
        .replace("needs: [biuld]", "neds: [build]");
      const diagnostics = check(source);
      const [argument] = only(diagnostics, "MF006");
      assert.deepEqual(argument?.data?.suggestions, ["content"]);
      assert.deepEqual(argument?.range, rangeOf(source, "contnt"));
      const [property] = only(diagnostics, "MF009");
      assert.equal(property?.severity, "error");
      assert.deepEqual(property?.data?.suggestions, ["needs"]);
    });

    it("MF008 suggests a param or var, and a field of run", () => {
      const source = [
        "workflow w {",
        '  param target: string = "x"',
        '  step a { run: "echo ${tarket} ${run.idd}" }',
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF008");
      assert.deepEqual(
        diagnostics.map((d) => [d.data?.suggestions, d.range]),
        [
          [["target"], rangeOf(source, "tarket")],
          [["id"], rangeOf(source, "idd")],
        ],
      );
    });

    it("MF008 of a name written as an environment variable says how to read one, and how to leave it to the shell", () => {
      const source = [
        "workflow w {",
        '  step a { run: "echo ${HOME} ${home}" rollback: none }',
        "}",
      ].join("\n");
      const messages = only(check(source), "MF008").map((d) => d.message);
      assert.deepEqual(messages, [
        '"HOME" is not defined here; an environment variable is read as `env.HOME` (`${env.HOME}` in a string), and in a shell action `$HOME` or `\\${HOME}` leaves it to the shell',
        '"home" is not defined here',
      ]);
    });

    it("MF007 suggests a status of a test and a type name", () => {
      const source = [
        "workflow w {",
        '  param n: strng = "x"',
        '  step a { run: "echo ${n}" }',
        "}",
        'test "t" {',
        "  workflow: w",
        "  expect status == rolledback",
        "  expect step a == skiped",
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF007");
      assert.deepEqual(
        diagnostics.map((d) => d.data?.suggestions?.[0]),
        ["string", "rolled_back", "skipped"],
      );
    });
  });

  describe("related information", () => {
    it("MF003: one diagnostic per cycle, on the first step's need, every edge related", () => {
      const source = [
        "workflow loop {",
        '  step a { needs: [c] run: "a" }',
        '  step b { needs: a run: "b" }',
        '  step c { needs: [b] run: "c" }',
        '  step d { needs: d run: "d" }',
        "}",
      ].join("\n");
      const cycles = only(check(source), "MF003");
      assert.deepEqual(
        cycles.map((d) => d.message),
        ["dependency cycle: a → c → b → a", "dependency cycle: d → d"],
      );
      assert.deepEqual(cycles[0]!.range, within(source, "needs: [c]", "c"));
      assert.deepEqual(
        cycles[0]!.related?.map((r) => [r.message, r.range]),
        [
          ['"a" needs "c"', within(source, "needs: [c]", "c")],
          ['"c" needs "b"', within(source, "needs: [b]", "b")],
          ['"b" needs "a"', within(source, "needs: a", "a")],
        ],
      );
    });

    it("MF004 points at the first declaration", () => {
      const source = ["workflow w {", '  step a { run: "a" }', '  step a { run: "b" }', "}"].join(
        "\n",
      );
      const [d] = only(check(source), "MF004");
      assert.deepEqual(d?.range, within(source, '  step a { run: "b"', "a"));
      assert.deepEqual(d?.related, [
        {
          path: "/ws/main.momoflow",
          range: rangeOf(source, "a", 0),
          message: '"a" is first declared here',
        },
      ]);
    });
  });

  describe("rules where language.md leaves a choice", () => {
    it("a var cannot read a step output nor a later var", () => {
      const source = [
        "workflow w {",
        '  var early = "${late}"',
        '  var late = "${steps.a.output}"',
        '  step a { run: "echo ${early}" }',
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF008");
      assert.deepEqual(
        diagnostics.map((d) => d.range),
        [rangeOf(source, "late", 0), rangeOf(source, "steps.a.output")],
      );
    });

    it("a var that reads run.* (itself or through another var) is refused where values are read before the run", () => {
      const source = [
        "workflow w {",
        '  var stamp = "run-${run.id}"',
        '  var again = "x-${stamp}"',
        '  var plain = "p"',
        '  description: "made by ${again} and ${plain}"',
        "  step s {",
        "    shell: again",
        '    run: "echo ${stamp} ${again}"',
        "  }",
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF008");
      assert.deepEqual(
        diagnostics.map((d) => d.range),
        [rangeOf(source, "again", 1), rangeOf(source, "again", 2)],
      );
      assert.match(
        diagnostics[0]!.message,
        /reads run\.\*, which is only known once the run starts/,
      );
    });

    it("a workflow without steps is MF014 on its name (momoflow run refuses it)", () => {
      const source = "workflow empty {\n  param x: int = 1\n}\n";
      const [d, ...rest] = only(check(source), "MF014");
      assert.deepEqual(rest, []);
      assert.deepEqual(d?.range, rangeOf(source, "empty"));
      assert.match(d!.message, /has no steps/);
    });

    it("a rollback may read its own step's output, the run may not", () => {
      const source = [
        "workflow w {",
        "  step a {",
        '    run: "echo ${steps.a.output}"',
        '    rollback: "undo ${steps.a.output}"',
        "  }",
        "}",
      ].join("\n");
      const [d, ...rest] = only(check(source), "MF010");
      assert.deepEqual(rest, []);
      assert.deepEqual(d?.range, rangeOf(source, "steps.a.output", 0));
    });

    it("MF011 ignores effect-free built-ins and unknown commands, and follows declared commands", () => {
      const source = [
        "command make(file: path) { run: create_file(path: file) }",
        "workflow w {",
        "  step wait { run: sleep(duration: 1s) }",
        '  step say { run: log(message: "hi") }',
        "  step odd { run: no_such_command() }",
        '  step make_it { run: make(file: "x") }',
        "}",
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(only(diagnostics, "MF011"), []);
      assert.equal(only(diagnostics, "MF005").length, 1);
    });

    it("MF011 treats `rollback: none` as nothing to undo, for steps and declared commands", () => {
      const shells = [
        "workflow w {",
        '  step query { run: "curl example.invalid" ROLLBACK }',
        "  step probe { run: probe() }",
        '  step write { run: create_file(path: "a") }',
        "}",
        'command probe { run: "true" ROLLBACK }',
      ].join("\n");
      const without = only(check(shells.replaceAll(" ROLLBACK", "")), "MF011");
      assert.deepEqual(
        without.map((d) => d.range),
        [rangeOf(shells, "query"), rangeOf(shells, "probe")],
        "without rollback: none both irreversible steps are reported",
      );
      const source = shells.replaceAll("ROLLBACK", "rollback: none");
      assert.deepEqual(check(source), []);
    });

    it("a `rollback: none` step makes no other step's MF011 fire, and an explicit rollback replaces a built-in's undo", () => {
      const source = [
        "workflow w {",
        '  step shout { run: "curl example.invalid" }',
        '  step keep { needs: shout run: create_file(path: "a") rollback: none }',
        "}",
      ].join("\n");
      assert.deepEqual(check(source), []);
      const reversible = only(check(source.replace(" rollback: none", "")), "MF011");
      assert.deepEqual(
        reversible.map((d) => d.range),
        [rangeOf(source, "shout")],
        "with create_file's own undo, keep is reversible and shout is reported",
      );
    });

    it("a misspelt `none` gets a did-you-mean with its quick-fix data; `run: none` says why not", () => {
      const source = [
        "workflow w {",
        "  param target: string",
        '  step a { run: "echo ${target}" rollback: nonee }',
        "  step b { run: none }",
        '  step c { run: "echo" rollback: target }',
        "}",
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.message]),
        [
          ["MF008", rangeOf(source, "nonee"), '"nonee" is not defined here; did you mean "none"?'],
          [
            "MF007",
            rangeOf(source, "none", 1),
            '"run" cannot be none: there must be something to run ("rollback: none" is how a step or a command says there is nothing to undo)',
          ],
          [
            "MF007",
            rangeOf(source, "target", 2),
            '"rollback" must be an action: a shell string, a command call, js("./module.mjs", "export"), or none (nothing to undo)',
          ],
        ],
      );
      assert.deepEqual(diagnostics[0]!.data, {
        suggestions: ["none"],
        replaceRange: rangeOf(source, "nonee"),
      });
    });

    it("a command named without its `(` (as it is typed) is one MF007 saying to call it; an undefined name one MF007", () => {
      const source = [
        "workflow w {",
        "  step a { run: log }",
        "  step b { run: creat }",
        '  step c { run: "echo" rollback: delete_path }',
        "}",
      ].join("\n");
      assert.deepEqual(
        check(source).map((d) => [d.code, d.range, d.message]),
        [
          [
            "MF007",
            rangeOf(source, "log"),
            '"log" is a command: call it with its arguments, log(...)',
          ],
          [
            "MF007",
            rangeOf(source, "creat"),
            '"run" must be an action: a shell string, a command call, js("./module.mjs", "export"), or workflow NAME(...) (a step\'s run)',
          ],
          [
            "MF007",
            rangeOf(source, "delete_path"),
            '"delete_path" is a command: call it with its arguments, delete_path(...)',
          ],
        ],
      );
    });

    it("MF011 on an irreversible step needed by a reversible one declared before it", () => {
      const source = [
        "workflow w {",
        "  concurrency: 2",
        '  step keep { needs: shout run: create_file(path: "a") }',
        '  step shout { run: "curl example.invalid" }',
        "}",
      ].join("\n");
      const [d] = only(check(source), "MF011");
      assert.deepEqual(d?.range, rangeOf(source, "shout", 1));
      assert.equal(d?.related?.[0]?.message, '"keep" may run after it');
    });

    it("MF012 carries the declaration to remove and the unnecessary tag", () => {
      const source = ["workflow w {", "  param spare: int = 1", '  step a { run: "a" }', "}"].join(
        "\n",
      );
      const [d] = only(check(source), "MF012");
      assert.equal(d?.severity, "hint");
      assert.deepEqual(d?.tags, ["unnecessary"]);
      assert.deepEqual(d?.data?.unusedDeclaration, rangeOf(source, "param spare: int = 1"));
    });

    it("a test's params are checked against the workflow's", () => {
      const source = [
        "workflow w {",
        "  param who: string",
        "  param times: int = 1",
        '  step a { run: "echo ${who} ${times}" }',
        "}",
        'test "t" {',
        "  workflow: w",
        '  params: { tims: 2, times: "two" }',
        "}",
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.data?.suggestions ?? d.data?.missingArguments]),
        [
          ["MF006", rangeOf(source, "params"), ["who"]],
          // `times` is given already: changing `tims` to it would give it twice (MF004).
          ["MF006", rangeOf(source, "tims"), undefined],
          ["MF007", rangeOf(source, '"two"'), undefined],
        ],
      );
    });

    it("values read before the run starts cannot use run values or step outputs", () => {
      const source = [
        'command c(a: string, b: string = "${a}") { run: "echo ${a} ${b} ${run.id}" }',
        "workflow w {",
        '  param dir: path = "${run.dir}"',
        '  var when_started = "${run.id}"',
        '  step a { run: c(a: "${when_started} ${dir}") }',
        '  step b { needs: a run: "x" timeout: "${steps.a.output}" description: "${steps.a.output}" }',
        "}",
        'test "t" { workflow: w expect status == "success" expect file "${run.dir}/x" exists }',
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range]),
        [
          ["MF008", within(source, 'b: string = "${a}', "a")],
          ["MF008", rangeOf(source, "run.dir")],
          ["MF007", within(source, 'timeout: "${steps.a.output}"', '"${steps.a.output}"')],
          ["MF008", rangeOf(source, "steps.a.output")],
          ["MF008", rangeOf(source, "run.dir", 1)],
        ],
      );
    });

    it("workflow.dir is a path known before the run; an unknown workflow field names both", () => {
      const source = [
        "workflow w {",
        '  param data: path = "${workflow.dir}/data"',
        '  step a { run: "ls ${data} ${workflow.dir}" rollback: none }',
        '  step b { run: create_file(path: workflow.dir, content: "${workflow.name}") }',
        '  step c { run: "echo ${workflow.folder}" rollback: none }',
        "}",
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.message]),
        [
          [
            "MF008",
            rangeOf(source, "folder"),
            '"workflow" has no value "folder"; it has workflow.name and workflow.dir',
          ],
        ],
      );
    });

    it("a zero timeout is MF007: it must be positive (the step would time out at once); a zero retry_delay is taken", () => {
      const source = [
        "command c {",
        '  run: "true"',
        "  timeout: 0ms",
        "}",
        "workflow w {",
        "  timeout: 0s",
        "  step a {",
        '    run: "true"',
        "    timeout: 0ms",
        "    rollback_timeout: 0m",
        "    retry_delay: 0s",
        "  }",
        "}",
        'test "t" {',
        "  workflow: w",
        "  timeout: 0h",
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF007");
      assert.deepEqual(
        diagnostics.map((d) => [d.range, d.message]),
        [
          [rangeOf(source, "0ms", 0), '"timeout" must be positive, not 0ms'],
          [rangeOf(source, "0s", 0), '"timeout" must be positive, not 0s'],
          [rangeOf(source, "0ms", 1), '"timeout" must be positive, not 0ms'],
          [rangeOf(source, "0m", 2), '"rollback_timeout" must be positive, not 0m'],
          [rangeOf(source, "0h"), '"timeout" must be positive, not 0h'],
        ],
      );
    });

    it("a size that is not a whole number of bytes is MF007; 1.5KB (1536 bytes) is taken", () => {
      const source = [
        "workflow w {",
        "  param a: size = 1.3B",
        "  param b: size = 0.1KB",
        "  param c: size = 1.5KB",
        '  step s { run: log(message: "${a} ${b} ${c}") }',
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF007");
      assert.deepEqual(
        diagnostics.map((d) => [d.range, d.message]),
        [
          [rangeOf(source, "1.3B"), "a size must be a whole number of bytes: 1.3B is 1.3 bytes"],
          [
            rangeOf(source, "0.1KB"),
            "a size must be a whole number of bytes: 0.1KB is 102.4 bytes",
          ],
        ],
      );
    });

    it("a whole number past 2^53 - 1 is MF007: it would silently be read as another number", () => {
      const source = [
        "workflow w {",
        "  param n: int = 99999999999999999999",
        "  param most: int = 9007199254740991",
        "  param least: int = -9007199254740991",
        "  param low: int = -9007199254740993",
        `  param endless: int = ${"9".repeat(400)}`,
        "  param rough: number = 99999999999999999999.0",
        "  step a {",
        '    run: log(message: "${n} ${most} ${least} ${low} ${endless} ${rough}")',
        "    retries: 9007199254740993",
        "  }",
        "}",
        'test "t" {',
        "  workflow: w",
        "  params: { n: 9007199254740992 }",
        "}",
      ].join("\n");
      const diagnostics = only(check(source), "MF007");
      assert.deepEqual(
        diagnostics.map((d) => [d.range, d.message]),
        [
          [
            rangeOf(source, "99999999999999999999"),
            "a whole number must be between -9007199254740991 and 9007199254740991 (2^53 - 1) " +
              "to be kept exactly; this one would be read as 100000000000000000000",
          ],
          [
            rangeOf(source, "-9007199254740993"),
            "a whole number must be between -9007199254740991 and 9007199254740991 (2^53 - 1) " +
              "to be kept exactly; this one would be read as -9007199254740992",
          ],
          [
            rangeOf(source, "9".repeat(400)),
            "a whole number must be between -9007199254740991 and 9007199254740991 (2^53 - 1) " +
              "to be kept exactly; this one would be read as infinity",
          ],
          [
            within(source, "retries: 9007199254740993", "9007199254740993"),
            "a whole number must be between -9007199254740991 and 9007199254740991 (2^53 - 1) " +
              "to be kept exactly; this one would be read as 9007199254740992",
          ],
          [
            rangeOf(source, "9007199254740992"),
            "a whole number must be between -9007199254740991 and 9007199254740991 (2^53 - 1) " +
              "to be kept exactly; this one would be read as 9007199254740992",
          ],
        ],
      );
    });

    it("a step named twice in one needs is MF004 on the second, the first as related information", () => {
      const source = [
        "workflow w {",
        '  step a { run: log(message: "a") }',
        '  step z { run: log(message: "z") }',
        '  step b { needs: [a, z, a] run: log(message: "b") }',
        "}",
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.message, d.related?.[0]?.range]),
        [
          [
            "MF004",
            within(source, "z, a]", "a"),
            'step "a" is named twice in the needs of step "b"',
            within(source, "[a, z", "a"),
          ],
        ],
      );
    });

    it("js actions take two positional strings, then named arguments", () => {
      const source = [
        "workflow w {",
        '  step a { run: js("./m.mjs") }',
        '  step b { run: js("./m.mjs", 42) }',
        '  step c { run: js("./m.mjs", "f", retries: 3, where: "${nowhere}") }',
        "}",
      ].join("\n");
      const diagnostics = check(source);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range]),
        [
          ["MF006", rangeOf(source, "js", 0)],
          ["MF007", rangeOf(source, "42")],
          ["MF008", rangeOf(source, "nowhere")],
        ],
      );
    });
  });

  describe("unknown statuses", () => {
    it("list the statuses, then the nearest one, in one sentence", () => {
      const diagnostics = check(`workflow w {
  step a {
    run: "x"
    rollback: none
  }
  step b {
    needs: a
    when: steps.a.status == sucess
    run: "y"
    rollback: none
  }
}

test "t" {
  workflow: w
  expect status == sucess
  expect step a == rolledback
}
`);
      assert.deepEqual(
        diagnostics.map((d) => d.message),
        [
          'unknown step status "sucess": a step\'s status is pending, running, success, failed, cancelled, skipped, rolled_back, rollback_failed or not_run; did you mean "success"?',
          'unknown workflow status "sucess": a workflow can end as success, failed, rolled_back, partially_rolled_back, cancelled; did you mean "success"?',
          'unknown step status "rolledback": a step can end as success, failed, cancelled, skipped, rolled_back, rollback_failed, not_run; did you mean "rolled_back"?',
        ],
      );
    });
  });

  describe("paths written with interpolations", () => {
    it("quote a workdir or an output path as written, interpolations included", () => {
      const diagnostics = check(`workflow w {
  param site: string = "blog"
  step a {
    workdir: "/srv/\${site}"
    outputs: "/out/\${site}.html"
    run: "make"
    rollback: none
  }
  step b {
    workdir: "../\${site}/web"
    run: "make"
    rollback: none
  }
}
`);
      assert.deepEqual(
        diagnostics.map((d) => `${d.code} ${d.message}`),
        [
          'MF032 workdir "/srv/${site}" is absolute: the step runs outside the workflow\'s working directory',
          'MF020 "outputs" paths are relative to the working directory, not absolute: "/out/${site}.html"',
          'MF032 workdir "../${site}/web" leaves the workflow\'s working directory: the step runs outside it',
        ],
      );
    });
  });

  describe("imports", () => {
    it("brings in commands and workflows transitively", () => {
      const diagnostics = check(
        [
          'import "./lib.momoflow"',
          'test "t" { workflow: shared }',
          "workflow w { step a { run: deep() } }",
        ].join("\n"),
        {
          "/ws/lib.momoflow":
            'import "./sub/deep.momoflow"\nworkflow shared { step s { run: "x" } }',
          "/ws/sub/deep.momoflow": 'command deep() { run: "deep" }',
        },
      );
      assert.deepEqual(diagnostics, []);
    });

    it("reports each import of a cycle, with its path", () => {
      const workspace = new LanguageWorkspace(
        memoryHost({
          "/ws/a.momoflow": 'import "./b.momoflow"\nimport "./a.momoflow"',
          "/ws/b.momoflow": 'import "./c.momoflow"',
          "/ws/c.momoflow": 'import "./a.momoflow"',
        }),
      );
      const diagnostics = workspace.check("/ws/a.momoflow").diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
        [
          ["MF013", 0, "import cycle: a.momoflow → b.momoflow → c.momoflow → a.momoflow"],
          ["MF013", 1, "import cycle: a.momoflow → a.momoflow"],
        ],
      );
      assert.deepEqual(
        workspace.check("/ws/c.momoflow").diagnostics.map((d) => d.code),
        ["MF013"],
      );
    });

    it("a local name that an import also declares is a duplicate", () => {
      const diagnostics = check('import "./lib.momoflow"\ncommand deep() { run: "mine" }', {
        "/ws/lib.momoflow": 'command deep() { run: "deep" }',
      });
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.related?.[0]?.path]),
        [["MF004", "/ws/lib.momoflow"]],
      );
    });
  });

  describe("workspace caching", () => {
    const files: Record<string, string> = {};
    beforeEach(() => {
      files["/ws/main.momoflow"] =
        'import "./lib.momoflow"\nworkflow w { step a { run: greet() } }';
      files["/ws/lib.momoflow"] = 'command greet() { run: "hi" }';
    });

    it("returns the same result while nothing changed, without reading or parsing again", () => {
      const host = memoryHost(files);
      const workspace = new LanguageWorkspace(host);
      const first = workspace.check("/ws/main.momoflow");
      const reads = host.reads;
      const parsed = workspace.parse("/ws/lib.momoflow");
      assert.equal(workspace.check("/ws/main.momoflow"), first);
      assert.equal(workspace.parse("/ws/lib.momoflow"), parsed);
      assert.equal(host.reads, reads);
      workspace.setText("/ws/main.momoflow", files["/ws/main.momoflow"]!);
      assert.equal(workspace.check("/ws/main.momoflow"), first, "the same text again is no change");
    });

    it("sees an import's new text, from an editor or from the disk", () => {
      const host = memoryHost(files);
      const workspace = new LanguageWorkspace(host);
      assert.deepEqual(workspace.check("/ws/main.momoflow").diagnostics, []);

      workspace.setText("/ws/lib.momoflow", 'command greeet() { run: "hi" }');
      const edited = workspace.check("/ws/main.momoflow").diagnostics;
      assert.deepEqual(
        edited.map((d) => d.code),
        ["MF005"],
      );

      workspace.close("/ws/lib.momoflow");
      assert.deepEqual(workspace.check("/ws/main.momoflow").diagnostics, []);

      files["/ws/lib.momoflow"] = "";
      assert.deepEqual(workspace.check("/ws/main.momoflow").diagnostics, [], "not invalidated yet");
      workspace.invalidate("/ws/lib.momoflow");
      assert.deepEqual(
        workspace.check("/ws/main.momoflow").diagnostics.map((d) => d.code),
        ["MF005"],
      );
    });

    it("sees a missing import appear", () => {
      delete files["/ws/lib.momoflow"];
      const workspace = new LanguageWorkspace(memoryHost(files));
      assert.deepEqual(
        workspace.check("/ws/main.momoflow").diagnostics.map((d) => d.code),
        ["MF013", "MF005"],
      );
      files["/ws/lib.momoflow"] = 'command greet() { run: "hi" }';
      workspace.invalidate("/ws/lib.momoflow");
      assert.deepEqual(workspace.check("/ws/main.momoflow").diagnostics, []);
    });

    it("a file that does not exist checks as empty with one MF013", () => {
      const workspace = new LanguageWorkspace(memoryHost({}));
      const result = workspace.check("/ws/none.momoflow");
      assert.deepEqual(
        result.diagnostics.map((d) => d.code),
        ["MF013"],
      );
      assert.equal(workspace.parse("/ws/none.momoflow"), undefined);
    });
  });

  describe("a command's rollback_timeout", () => {
    const command = (value: string, extra = "") =>
      [
        "command place(path: path) {",
        '  run: create_file(path: path, content: "x")',
        `  rollback_timeout: ${value}`,
        `  ${extra}`,
        "}",
        'workflow w { step a { run: place(path: "x") } }',
      ].join("\n");

    it("is a duration a command accepts, as its timeout is", () => {
      assert.deepEqual(check(command("2s", "timeout: 1m")), []);
    });

    it("of another type is MF007, and a misspelt one MF009 naming it", () => {
      const source = command('"soon"');
      assert.deepEqual(
        check(source).map((d) => [d.code, d.range]),
        [["MF007", rangeOf(source, '"soon"')]],
      );
      const misspelt = check(command("2s").replace("rollback_timeout", "rollback_timout"));
      assert.deepEqual(
        misspelt.map((d) => d.code),
        ["MF009"],
      );
      assert.match(misspelt[0]!.message, /rollback_timeout/);
    });
  });

  describe("commands come from the registry", () => {
    it("uses the given registry's commands and their parameters", () => {
      const registry = createCommandRegistry({ builtins: false });
      registry.register("deploy", {
        description: "Deploy",
        params: [
          { name: "target", type: "string" },
          { name: "wait", type: "duration", default: 1000 },
        ],
        run: () => undefined,
        rollback: () => undefined,
      });
      const source = [
        "workflow w {",
        "  step a { run: deploy(wait: 5) }",
        '  step b { run: create_file(path: "x") }',
        "}",
      ].join("\n");
      const workspace = new LanguageWorkspace({
        host: memoryHost({ "/ws/main.momoflow": source }),
        registry,
      });
      const diagnostics = workspace.check("/ws/main.momoflow").diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range, d.data?.missingArguments]),
        [
          ["MF006", rangeOf(source, "deploy"), ["target"]],
          ["MF007", rangeOf(source, "5"), undefined],
          ["MF005", rangeOf(source, "create_file"), undefined],
        ],
      );
    });

    it("sees a command registered after the first check", () => {
      const registry = createCommandRegistry({ builtins: false });
      const workspace = new LanguageWorkspace({
        host: memoryHost({ "/ws/main.momoflow": "workflow w { step a { run: later() } }" }),
        registry,
      });
      assert.deepEqual(
        workspace.check("/ws/main.momoflow").diagnostics.map((d) => d.code),
        ["MF005"],
      );
      registry.register("later", { description: "", run: () => undefined });
      assert.deepEqual(workspace.check("/ws/main.momoflow").diagnostics, []);
    });
  });

  describe("robustness and speed", () => {
    it("never throws on a partial file", () => {
      const source = [
        'import "./lib.momoflow"',
        'command greet(name: string, excited: bool = false) { run: "echo ${name}" rollback: "x" }',
        "workflow w {",
        "  concurrency: 2",
        '  param target: string = "staging"',
        '  var out = "build/${target}"',
        '  step build { run: create_file(path: out, content: "${steps.x.output}") when: target == "x" }',
        "  step publish { needs: [build] run: greet(name: target) retries: 2 }",
        "}",
        'test "t" { workflow: w params: { target: "t" } fail: [build] expect step build == rolled_back',
        '  expect output build contains "x" expect file "a" exists expect duration < 5s expect memory < 1GB }',
      ].join("\n");
      const workspace = new LanguageWorkspace(memoryHost({}));
      for (let end = 0; end <= source.length; end++) {
        workspace.setText("/ws/main.momoflow", source.slice(0, end));
        workspace.check("/ws/main.momoflow");
        workspace.setText("/ws/main.momoflow", source.slice(0, end) + source.slice(end + 3));
        workspace.check("/ws/main.momoflow");
      }
    });

    it("checks a generated 10,000-line file clean", function () {
      const lines: string[] = [];
      for (let w = 0; w < 4; w++) {
        lines.push(
          `workflow big_${w} {`,
          "  concurrency: 4",
          '  param label: string = "x"',
          '  var dir = "out/${label}"',
        );
        for (let s = 0; s < 250; s++) {
          lines.push(
            `  step s${s} {`,
            s > 0
              ? `    needs: [s${s - 1}${s > 1 ? `, s${s - 2}` : ""}]`
              : '    description: "first"',
            s % 3 === 0
              ? `    run: create_file(path: "\${dir}/${s}.txt", content: "\${label}")`
              : s % 3 === 1
                ? `    run: "echo \${dir} ${s}"`
                : `    run: log(message: "\${dir} ${s}")`,
            s % 3 === 1 ? '    rollback: "true"' : "    timeout: 30s",
            s > 0 ? `    when: label != "skip"` : "    retries: 1",
            s > 0 ? `    description: "reads \${steps.s${s - 1}.output}"` : "    retry_delay: 1s",
            "    continue_on_error: false",
            "    // comment",
            "  }",
          );
        }
        lines.push("}", "");
      }
      const source = lines.join("\n");
      assert.ok(lines.length >= 9000, `${lines.length} lines`);
      // Speed is measured by `momoflow bench` (category "language"), not asserted here.
      const workspace = new LanguageWorkspace(memoryHost({}));
      workspace.setText("/ws/big.momoflow", source);
      const { diagnostics } = workspace.check("/ws/big.momoflow");
      assert.deepEqual(
        diagnostics.map((d) => `${d.code} ${d.message}`),
        [],
      );
    });
  });
});

describe("the file system host", () => {
  it("reads only regular files: an import of a device is not found, and does not hang", () => {
    const workspace = new LanguageWorkspace();
    const dir = mkdtempSync(join(tmpdir(), "momoflow-host-"));
    try {
      // Through links with a .momoflow name: the import rule lets the path pass, the host refuses the device.
      symlinkSync("/dev/zero", join(dir, "zero.momoflow"));
      symlinkSync("/dev/stdin", join(dir, "stdin.momoflow"));
      const path = join(dir, "devices.momoflow");
      writeFileSync(path, 'import "./zero.momoflow"\nimport "./stdin.momoflow"\n');
      const codes = workspace.check(path).diagnostics.map((d) => d.code);
      assert.deepEqual(codes, ["MF013", "MF013"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("names of the built-in roots", () => {
  it("refuses a param, a var and a command parameter named env, run, workflow or steps (MF004 on each name)", () => {
    const text = [
      "command deploy(run: string) {",
      '  run: "echo ${run}"',
      "}",
      "workflow w {",
      '  param env: map = { region: "eu" }',
      '  var workflow = "x"',
      "  param steps: int = 1",
      "  step a {",
      '    run: "echo ${env} ${workflow} ${steps}"',
      "  }",
      "}",
    ].join("\n");
    const found = only(check(text), "MF004");
    assert.deepEqual(
      found.map((d) => d.range),
      [
        within(text, "command deploy(run", "run"),
        within(text, "param env", "env"),
        within(text, "var workflow", "workflow"),
        within(text, "param steps", "steps"),
      ].sort((a, b) => a.start.line - b.start.line),
    );
    const env = found.find((d) => d.message.startsWith('param "env"'));
    assert.match(env!.message, /built-in value \(env\.NAME\).*rename it/);
  });

  it("leaves other names alone, and names that only start like a root", () => {
    const text = [
      "workflow w {",
      '  param environment: string = "eu"',
      '  var runs = "x"',
      "  step a {",
      '    run: "echo ${environment} ${runs}"',
      "  }",
      "}",
    ].join("\n");
    assert.deepEqual(only(check(text), "MF004"), []);
  });
});

describe("a late value given to a param a command's deadline reads (MF008)", () => {
  const withTimeout = (timeout: string): string =>
    [
      "command slow(limit: duration, grace: duration = 1s) {",
      '  run: "sleep 1"',
      `  timeout: ${timeout}`,
      "  rollback_timeout: grace",
      "}",
      "workflow w {",
      '  step a { run: "echo 5s" }',
      "  step b {",
      "    needs: [a]",
      "    run: slow(limit: steps.a.output, grace: steps.a.output)",
      "  }",
      "  step c {",
      "    needs: [a]",
      "    run: slow(limit: steps.a.output)",
      "  }",
      "}",
    ].join("\n");
  const messages = (workspace: LanguageWorkspace): string[] =>
    only(workspace.check("/ws/main.momoflow").diagnostics, "MF008").map((d) => d.message);

  it("follows an edit of the command's own deadline in the same workspace (every step that calls it)", () => {
    const files = { "/ws/main.momoflow": withTimeout("limit") };
    const workspace = new LanguageWorkspace(memoryHost(files));
    const reads = (deadlines: string, step: string): RegExp =>
      new RegExp(`reads \`(limit|grace)\` in its ${deadlines}, which step "${step}"`);
    let found = messages(workspace);
    assert.equal(found.length, 3, found.join("\n"));
    assert.match(found[0]!, reads("`timeout`", "b"));
    assert.match(found[1]!, reads("`rollback_timeout`", "b"));
    assert.match(found[2]!, reads("`timeout`", "c"));

    // An edit inside the command: it is parsed again, and what its deadlines read with it.
    workspace.setText("/ws/main.momoflow", withTimeout("5s"));
    found = messages(workspace);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0]!, reads("`rollback_timeout`", "b"));

    // Step c leaves `grace` to its default: known before the run.
    workspace.setText("/ws/main.momoflow", withTimeout("grace"));
    found = messages(workspace);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0]!, reads("`timeout` and `rollback_timeout`", "b"));
  });
});
