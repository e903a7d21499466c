import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type {
  BinaryExpression,
  CallExpression,
  ExpectStatement,
  Expression,
  ListLiteral,
  MapLiteral,
  Name,
  Range,
  Reference,
  SourceFile,
  StringLiteral,
} from "../../src/language/ast";
import { parseDocument } from "../../src/language/parse";

/** `"1:2-1:5"` → the LSP range (0-based). */
function r(text: string): Range {
  const [start, end] = text.split("-") as [string, string];
  const [sl, sc] = start.split(":").map(Number) as [number, number];
  const [el, ec] = end.split(":").map(Number) as [number, number];
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

function name(text: string, at: string): Name {
  return { text, range: r(at) };
}

function ref(at: string, ...segments: [string, string][]): Reference {
  return {
    kind: "ref",
    range: r(at),
    segments: segments.map(([text, where]) => name(text, where)),
  };
}

function plain(value: string, at: string): StringLiteral {
  return { kind: "string", parts: [{ kind: "text", value }], triple: false, range: r(at) };
}

/** Parses and insists there is no syntax error. */
function parseClean(text: string): SourceFile {
  const { file, diagnostics } = parseDocument(text, "/work/a.momoflow");
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    [],
  );
  return file;
}

/** The value of the first property of the first step of the first workflow. */
function valueIn(body: string): Expression | undefined {
  const file = parseClean(`workflow w {\n  step s {\n    ${body}\n  }\n}`);
  return file.workflows[0]!.steps[0]!.properties[0]!.value;
}

/** Messages and ranges of the diagnostics of `text`. */
function problems(text: string): [string, string][] {
  return parseDocument(text, "/work/a.momoflow").diagnostics.map((d) => [
    d.message,
    `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  ]);
}

// language.md §3, verbatim.
const EXAMPLE = `import "./common.momoflow"

/// Greets someone by name.
command greet(name: string, excited: bool = false) {
  description: "Print a greeting"
  run: "echo Hello \${name}"
}

workflow publish_site {
  description: "Build the site and publish it"
  version: "1.2.0"
  author: "Vincent"
  concurrency: 2
  rollback_on_failure: true

  param target: string = "staging"
  param retries: int = 1
  var out = "build/\${target}"

  step build {
    description: "Compile into the output folder"
    run: """
      mkdir -p \${out}
      echo "<h1>\${target}</h1>" > \${out}/index.html
    """
    rollback: delete_path(path: out)
    timeout: 5m
    retries: retries
  }

  step publish {
    needs: [build]
    run: copy_file(source: "\${out}/index.html", destination: "public/index.html")
  }

  step announce {
    needs: publish
    when: target == "production"
    run: greet(name: target, excited: true)
  }
}

test "publish failure rolls the build back" {
  workflow: publish_site
  params: { target: "test" }
  fail: publish
  expect status == rolled_back
  expect step build == rolled_back
  expect step announce == not_run
  expect file "build/test/index.html" missing
  expect duration < 5s
}
`;

describe("parser", () => {
  describe("the example of language.md §3", () => {
    const file = parseClean(EXAMPLE);

    it("holds every declaration, in order and by kind", () => {
      assert.deepEqual(
        file.declarations.map((d) => d.kind),
        ["import", "command", "workflow", "test"],
      );
      assert.equal(file.imports.length, 1);
      assert.equal(file.commands.length, 1);
      assert.equal(file.workflows.length, 1);
      assert.equal(file.tests.length, 1);
      assert.equal(file.path, "/work/a.momoflow");
      assert.deepEqual(file.range, r("0:0-52:0"));
      assert.deepEqual(
        file.comments.map((c) => [c.style, c.text]),
        [["doc", "/// Greets someone by name."]],
      );
    });

    it("reads the import", () => {
      assert.deepEqual(file.imports[0], {
        kind: "import",
        path: "./common.momoflow",
        pathRange: r("0:7-0:26"),
        range: r("0:0-0:26"),
      });
    });

    it("reads the command, its parameters and its doc comment", () => {
      const command = file.commands[0]!;
      assert.deepEqual(command.name, name("greet", "3:8-3:13"));
      assert.equal(command.doc, "Greets someone by name.");
      assert.deepEqual(command.range, r("3:0-6:1"));
      assert.deepEqual(command.bodyRange, r("3:51-6:1"));
      assert.deepEqual(command.params, [
        {
          kind: "param",
          name: name("name", "3:14-3:18"),
          type: { name: name("string", "3:20-3:26") },
          default: undefined,
          doc: undefined,
          range: r("3:14-3:26"),
        },
        {
          kind: "param",
          name: name("excited", "3:28-3:35"),
          type: { name: name("bool", "3:37-3:41") },
          default: { kind: "bool", value: false, range: r("3:44-3:49") },
          doc: undefined,
          range: r("3:28-3:49"),
        },
      ]);
      assert.deepEqual(command.properties, [
        {
          kind: "property",
          name: name("description", "4:2-4:13"),
          value: plain("Print a greeting", "4:15-4:33"),
          range: r("4:2-4:33"),
        },
        {
          kind: "property",
          name: name("run", "5:2-5:5"),
          value: {
            kind: "string",
            triple: false,
            range: r("5:7-5:27"),
            parts: [
              { kind: "text", value: "echo Hello " },
              {
                kind: "interpolation",
                range: r("5:19-5:26"),
                ref: ref("5:21-5:25", ["name", "5:21-5:25"]),
              },
            ],
          },
          range: r("5:2-5:27"),
        },
      ]);
    });

    it("reads the workflow's properties, params and vars in source order", () => {
      const workflow = file.workflows[0]!;
      assert.deepEqual(workflow.name, name("publish_site", "8:9-8:21"));
      assert.equal(workflow.doc, undefined);
      assert.deepEqual(workflow.range, r("8:0-40:1"));
      assert.deepEqual(workflow.bodyRange, r("8:22-40:1"));
      assert.deepEqual(
        workflow.members.map((m) => `${m.kind} ${m.name.text}`),
        [
          "property description",
          "property version",
          "property author",
          "property concurrency",
          "property rollback_on_failure",
          "param target",
          "param retries",
          "var out",
          "step build",
          "step publish",
          "step announce",
        ],
      );
      assert.deepEqual(
        workflow.properties.map((p) => p.value),
        [
          plain("Build the site and publish it", "9:15-9:46"),
          plain("1.2.0", "10:11-10:18"),
          plain("Vincent", "11:10-11:19"),
          { kind: "number", value: 2, integer: true, range: r("12:15-12:16") },
          { kind: "bool", value: true, range: r("13:23-13:27") },
        ],
      );
      assert.deepEqual(workflow.params, [
        {
          kind: "param",
          name: name("target", "15:8-15:14"),
          type: { name: name("string", "15:16-15:22") },
          default: plain("staging", "15:25-15:34"),
          doc: undefined,
          range: r("15:2-15:34"),
        },
        {
          kind: "param",
          name: name("retries", "16:8-16:15"),
          type: { name: name("int", "16:17-16:20") },
          default: { kind: "number", value: 1, integer: true, range: r("16:23-16:24") },
          doc: undefined,
          range: r("16:2-16:24"),
        },
      ]);
      assert.deepEqual(workflow.vars, [
        {
          kind: "var",
          name: name("out", "17:6-17:9"),
          value: {
            kind: "string",
            triple: false,
            range: r("17:12-17:29"),
            parts: [
              { kind: "text", value: "build/" },
              {
                kind: "interpolation",
                range: r("17:19-17:28"),
                ref: ref("17:21-17:27", ["target", "17:21-17:27"]),
              },
            ],
          },
          doc: undefined,
          range: r("17:2-17:29"),
        },
      ]);
    });

    it("reads step `build`: a script, a call, a duration and a reference", () => {
      const build = file.workflows[0]!.steps[0]!;
      assert.deepEqual(build.name, name("build", "19:7-19:12"));
      assert.deepEqual(build.range, r("19:2-28:3"));
      assert.deepEqual(
        build.properties.map((p) => [p.name.text, p.range]),
        [
          ["description", r("20:4-20:49")],
          ["run", r("21:4-24:7")],
          ["rollback", r("25:4-25:36")],
          ["timeout", r("26:4-26:15")],
          ["retries", r("27:4-27:20")],
        ],
      );
      const run = build.properties[1]!.value as StringLiteral;
      assert.equal(run.triple, true);
      assert.deepEqual(run.range, r("21:9-24:7"));
      assert.deepEqual(
        run.parts.map((part) =>
          part.kind === "text" ? part.value : `\${${part.ref?.segments[0]?.text}}`,
        ),
        ["mkdir -p ", "${out}", '\necho "<h1>', "${target}", '</h1>" > ', "${out}", "/index.html"],
      );
      assert.deepEqual(run.parts[1], {
        kind: "interpolation",
        range: r("22:15-22:21"),
        ref: ref("22:17-22:20", ["out", "22:17-22:20"]),
      });
      assert.deepEqual(build.properties[2]!.value, {
        kind: "call",
        callee: name("delete_path", "25:14-25:25"),
        args: [
          {
            name: name("path", "25:26-25:30"),
            value: ref("25:32-25:35", ["out", "25:32-25:35"]),
            range: r("25:26-25:35"),
          },
        ],
        argsRange: r("25:25-25:36"),
        range: r("25:14-25:36"),
      });
      assert.deepEqual(build.properties[3]!.value, {
        kind: "duration",
        ms: 300_000,
        text: "5m",
        range: r("26:13-26:15"),
      });
      assert.deepEqual(build.properties[4]!.value, ref("27:13-27:20", ["retries", "27:13-27:20"]));
    });

    it("reads step `publish`: a list and a call with named arguments", () => {
      const publish = file.workflows[0]!.steps[1]!;
      assert.deepEqual(publish.properties[0]!.value, {
        kind: "list",
        items: [ref("31:12-31:17", ["build", "31:12-31:17"])],
        range: r("31:11-31:18"),
      });
      const call = publish.properties[1]!.value as CallExpression;
      assert.deepEqual(call.callee, name("copy_file", "32:9-32:18"));
      assert.deepEqual(call.range, r("32:9-32:81"));
      assert.deepEqual(call.argsRange, r("32:18-32:81"));
      assert.deepEqual(
        call.args.map((a) => [a.name?.text, a.name?.range, a.value?.range, a.range]),
        [
          ["source", r("32:19-32:25"), r("32:27-32:46"), r("32:19-32:46")],
          ["destination", r("32:48-32:59"), r("32:61-32:80"), r("32:48-32:80")],
        ],
      );
    });

    it("reads step `announce`: a bare reference, a condition and a call", () => {
      const announce = file.workflows[0]!.steps[2]!;
      assert.deepEqual(
        announce.properties[0]!.value,
        ref("36:11-36:18", ["publish", "36:11-36:18"]),
      );
      assert.deepEqual(announce.properties[1]!.value, {
        kind: "binary",
        operator: "==",
        operatorRange: r("37:17-37:19"),
        left: ref("37:10-37:16", ["target", "37:10-37:16"]),
        right: plain("production", "37:20-37:32"),
        range: r("37:10-37:32"),
      });
      const call = announce.properties[2]!.value as CallExpression;
      assert.deepEqual(call.args[1], {
        name: name("excited", "38:29-38:36"),
        value: { kind: "bool", value: true, range: r("38:38-38:42") },
        range: r("38:29-38:42"),
      });
    });

    it("reads the test: its properties and every expect", () => {
      const test = file.tests[0]!;
      assert.deepEqual(test.name, name("publish failure rolls the build back", "42:5-42:43"));
      assert.deepEqual(test.range, r("42:0-51:1"));
      assert.deepEqual(test.bodyRange, r("42:44-51:1"));
      assert.deepEqual(
        test.members.map((m) => m.kind),
        ["property", "property", "property", "expect", "expect", "expect", "expect", "expect"],
      );
      assert.deepEqual(
        test.properties[0]!.value,
        ref("43:12-43:24", ["publish_site", "43:12-43:24"]),
      );
      assert.deepEqual(test.properties[1]!.value, {
        kind: "map",
        entries: [
          {
            key: name("target", "44:12-44:18"),
            value: plain("test", "44:20-44:26"),
            range: r("44:12-44:26"),
          },
        ],
        range: r("44:10-44:28"),
      });
      assert.deepEqual(test.properties[2]!.value, ref("45:8-45:15", ["publish", "45:8-45:15"]));
      const expects: ExpectStatement[] = [
        {
          kind: "expect",
          subject: "status",
          subjectRange: r("46:9-46:15"),
          target: undefined,
          operator: "==",
          operatorRange: r("46:16-46:18"),
          value: ref("46:19-46:30", ["rolled_back", "46:19-46:30"]),
          range: r("46:2-46:30"),
        },
        {
          kind: "expect",
          subject: "step",
          subjectRange: r("47:9-47:13"),
          target: name("build", "47:14-47:19"),
          operator: "==",
          operatorRange: r("47:20-47:22"),
          value: ref("47:23-47:34", ["rolled_back", "47:23-47:34"]),
          range: r("47:2-47:34"),
        },
        {
          kind: "expect",
          subject: "step",
          subjectRange: r("48:9-48:13"),
          target: name("announce", "48:14-48:22"),
          operator: "==",
          operatorRange: r("48:23-48:25"),
          value: ref("48:26-48:33", ["not_run", "48:26-48:33"]),
          range: r("48:2-48:33"),
        },
        {
          kind: "expect",
          subject: "file",
          subjectRange: r("49:9-49:13"),
          target: undefined,
          operator: "missing",
          operatorRange: r("49:38-49:45"),
          value: plain("build/test/index.html", "49:14-49:37"),
          range: r("49:2-49:45"),
        },
        {
          kind: "expect",
          subject: "duration",
          subjectRange: r("50:9-50:17"),
          target: undefined,
          operator: "<",
          operatorRange: r("50:18-50:19"),
          value: { kind: "duration", ms: 5000, text: "5s", range: r("50:20-50:22") },
          range: r("50:2-50:22"),
        },
      ];
      assert.deepEqual(test.expects, expects);
    });
  });

  describe("every expect form", () => {
    function expects(lines: string[]): ExpectStatement[] {
      return parseClean(`test "t" {\n${lines.join("\n")}\n}`).tests[0]!.expects;
    }

    it("reads status, step and output comparisons", () => {
      const list = expects([
        "expect status != failed",
        "expect step build == skipped",
        'expect output build == "ok"',
        'expect output build contains "o"',
        "expect output build != steps.other.output",
      ]);
      assert.deepEqual(
        list.map((e) => [e.subject, e.target?.text, e.operator, e.value?.kind]),
        [
          ["status", undefined, "!=", "ref"],
          ["step", "build", "==", "ref"],
          ["output", "build", "==", "string"],
          ["output", "build", "contains", "string"],
          ["output", "build", "!=", "ref"],
        ],
      );
    });

    it("reads file checks, with a path written as a string or a reference", () => {
      const list = expects(['expect file "out/a.txt" exists', "expect file out missing"]);
      assert.deepEqual(
        list.map((e) => [e.subject, e.operator, e.value?.kind, e.operatorRange]),
        [
          ["file", "exists", "string", r("1:24-1:30")],
          ["file", "missing", "ref", r("2:16-2:23")],
        ],
      );
    });

    it("reads duration and memory bounds", () => {
      const list = expects([
        "expect duration < 5s",
        "expect duration <= 250ms",
        "expect memory < 100MB",
        "expect memory <= 1GB",
      ]);
      assert.deepEqual(
        list.map((e) => [e.subject, e.operator, e.value]),
        [
          ["duration", "<", { kind: "duration", ms: 5000, text: "5s", range: r("1:18-1:20") }],
          ["duration", "<=", { kind: "duration", ms: 250, text: "250ms", range: r("2:19-2:24") }],
          [
            "memory",
            "<",
            { kind: "size", bytes: 100 * 1024 ** 2, text: "100MB", range: r("3:16-3:21") },
          ],
          ["memory", "<=", { kind: "size", bytes: 1024 ** 3, text: "1GB", range: r("4:17-4:20") }],
        ],
      );
    });

    it("reports an operator that does not fit the subject, keeping the statement", () => {
      const { file, diagnostics } = parseDocument('test "t" {\n  expect duration == 5s\n}', "/a");
      assert.equal(file.tests[0]!.expects[0]!.operator, "==");
      assert.deepEqual(
        diagnostics.map((d) => [d.message, d.range]),
        [["`expect duration` compares with `<` or `<=`, not `==`", r("1:18-1:20")]],
      );
    });
  });

  describe("doc comments", () => {
    const file = parseClean(
      [
        "/// Builds the site.",
        "///",
        "///   Indented.",
        "workflow w { /// not a doc: code before it on its line",
        "  /// The target.",
        "  param target: string",
        "",
        "  /// The output folder.",
        "",
        "  var out = target",
        "  /// Interrupted by a plain comment.",
        "  // plain",
        "  step a { run: out }",
        "  //// a ruler, not a doc",
        "  step b { run: out }",
        "  /// Compiles.",
        "  step c { run: out }",
        "}",
        "command c(",
        "  /// Who to greet.",
        "  who: string,",
        ") { run: who }",
        "/// The test.",
        'test "t" { workflow: w }',
      ].join("\n"),
    );
    const workflow = file.workflows[0]!;

    it("attaches `///` lines to the declaration below, without the slashes and one space", () => {
      assert.equal(workflow.doc, "Builds the site.\n\n  Indented.");
      assert.equal(file.tests[0]!.doc, "The test.");
    });

    it("attaches them to params, vars and steps, across blank lines", () => {
      assert.equal(workflow.params[0]!.doc, "The target.");
      assert.equal(workflow.vars[0]!.doc, "The output folder.");
      assert.equal(workflow.steps[2]!.doc, "Compiles.");
      assert.equal(file.commands[0]!.params[0]!.doc, "Who to greet.");
    });

    it("does not attach them past a plain comment, nor from the end of a line of code", () => {
      assert.equal(workflow.steps[0]!.doc, undefined);
      assert.equal(workflow.steps[1]!.doc, undefined);
      assert.equal(file.commands[0]!.doc, undefined);
    });

    it("keeps every comment, with its style", () => {
      assert.deepEqual(
        file.comments.map((c) => c.style),
        ["doc", "doc", "doc", "doc", "doc", "doc", "doc", "line", "line", "doc", "doc", "doc"],
      );
      assert.deepEqual(file.comments[8]!.range, r("13:2-13:25"));
    });
  });

  describe("keywords as names", () => {
    it("takes keywords as step ids, params, vars, properties and references", () => {
      const file = parseClean(
        [
          "workflow test {",
          "  param status: string",
          "  var file = status",
          "  step test { run: file }",
          "  step output { needs: [test, step] workflow: x when: status == output }",
          "  step step { run: steps.test.output }",
          "  step memory { run: js(file: file, expect: true) }",
          "}",
          'test "t" { workflow: test params: { status: "x", file: "y" } }',
        ].join("\n"),
      );
      const workflow = file.workflows[0]!;
      assert.equal(workflow.name.text, "test");
      assert.equal(workflow.params[0]!.name.text, "status");
      assert.equal(workflow.vars[0]!.name.text, "file");
      assert.deepEqual(
        workflow.steps.map((s) => s.name.text),
        ["test", "output", "step", "memory"],
      );
      assert.deepEqual(
        (workflow.steps[1]!.properties[0]!.value as ListLiteral).items.map(
          (i) => (i as Reference).segments[0]!.text,
        ),
        ["test", "step"],
      );
      assert.equal(workflow.steps[1]!.properties[1]!.name.text, "workflow");
      assert.deepEqual(
        (workflow.steps[2]!.properties[0]!.value as Reference).segments.map((s) => s.text),
        ["steps", "test", "output"],
      );
      assert.deepEqual(
        (workflow.steps[3]!.properties[0]!.value as CallExpression).args.map((a) => a.name?.text),
        ["file", "expect"],
      );
      assert.deepEqual(
        (file.tests[0]!.properties[1]!.value as MapLiteral).entries.map((e) => e.key.text),
        ["status", "file"],
      );
    });
  });

  describe("rollback: none", () => {
    it("is its own node as the whole value of a step's or a command's rollback", () => {
      const file = parseClean(
        [
          "command check_health(url: string) {",
          '  run: "curl -fsS ${url}"',
          "  rollback: none",
          "}",
          "workflow w {",
          "  step query {",
          '    run: "echo hi"',
          "    rollback:",
          "      none",
          "  }",
          "}",
        ].join("\n"),
      );
      assert.deepEqual(file.commands[0]!.properties[1]!.value, {
        kind: "none",
        range: r("2:12-2:16"),
      });
      assert.deepEqual(file.workflows[0]!.steps[0]!.properties[1]!.value, {
        kind: "none",
        range: r("8:6-8:10"),
      });
    });

    it("leaves `none` an ordinary name everywhere else", () => {
      const file = parseClean(
        [
          "workflow w {",
          "  param none: bool = true",
          "  var other = none",
          '  step none { run: "echo ${none}" when: none }',
          "  step b { needs: none run: log(message: none) rollback: none.x }",
          '  step c { run: sh(script: "x") rollback: [none] }',
          "}",
        ].join("\n"),
      );
      const workflow = file.workflows[0]!;
      assert.equal(workflow.params[0]!.name.text, "none");
      assert.deepEqual(workflow.vars[0]!.value, ref("2:14-2:18", ["none", "2:14-2:18"]));
      assert.equal(workflow.steps[0]!.name.text, "none");
      assert.deepEqual(
        workflow.steps[0]!.properties[1]!.value,
        ref("3:40-3:44", ["none", "3:40-3:44"]),
      );
      const b = workflow.steps[1]!.properties;
      assert.deepEqual(b[0]!.value, ref("4:18-4:22", ["none", "4:18-4:22"]));
      assert.equal(b[2]!.value?.kind, "ref", "rollback: none.x is a reference, not `none`");
      assert.equal(workflow.steps[2]!.properties[1]!.value?.kind, "list");
    });

    it("recovers from `rollback:` with nothing after it, and says what may follow", () => {
      const text = [
        "workflow w {", // 0
        "  step a {", // 1
        '    run: "echo a"', // 2
        "    rollback:", // 3
        "    timeout: 5s", // 4
        "  }", // 5
        '  step b { run: "echo b" rollback: }', // 6
        '  step c { run: "echo c" rollback: none }', // 7
        "}", // 8
      ].join("\n");
      const { file } = parseDocument(text, "/work/a.momoflow");
      const expected =
        "expected a value after `rollback:`: an action, or `none` when there is nothing to undo";
      assert.deepEqual(problems(text), [
        // At the end of the line it is missing from, not on the next line's `timeout`.
        [expected, "3:12-3:13"],
        [expected, "6:35-6:36"],
      ]);
      const steps = file.workflows[0]!.steps;
      assert.deepEqual(
        steps.map((s) => s.properties.map((p) => [p.name.text, p.value?.kind])),
        [
          [
            ["run", "string"],
            ["rollback", undefined],
            ["timeout", "duration"],
          ],
          [
            ["run", "string"],
            ["rollback", undefined],
          ],
          [
            ["run", "string"],
            ["rollback", "none"],
          ],
        ],
      );
    });
  });

  describe("literals", () => {
    it("reads numbers: negative, fractional, integers", () => {
      assert.deepEqual(valueIn("x: -3"), {
        kind: "number",
        value: -3,
        integer: true,
        range: r("2:7-2:9"),
      });
      assert.deepEqual(valueIn("x: 2.5"), {
        kind: "number",
        value: 2.5,
        integer: false,
        range: r("2:7-2:10"),
      });
      assert.deepEqual(valueIn("x: 42"), {
        kind: "number",
        value: 42,
        integer: true,
        range: r("2:7-2:9"),
      });
    });

    it("reads durations in milliseconds", () => {
      const ms = (text: string) => (valueIn(`x: ${text}`) as { ms: number }).ms;
      assert.deepEqual(
        ["250ms", "30s", "5m", "2h", "1.5s"].map(ms),
        [250, 30_000, 300_000, 7_200_000, 1500],
      );
    });

    it("reads sizes in bytes, in powers of 1024", () => {
      const bytes = (text: string) => (valueIn(`x: ${text}`) as { bytes: number }).bytes;
      assert.deepEqual(["100B", "512KB", "10MB", "1GB", "2TB", "1.5KB"].map(bytes), [
        100,
        512 * 1024,
        10 * 1024 ** 2,
        1024 ** 3,
        2 * 1024 ** 4,
        1536,
      ]);
    });

    it("reads lists and maps with trailing commas, and string keys", () => {
      assert.deepEqual(valueIn("x: [1, 2,]"), {
        kind: "list",
        items: [
          { kind: "number", value: 1, integer: true, range: r("2:8-2:9") },
          { kind: "number", value: 2, integer: true, range: r("2:11-2:12") },
        ],
        range: r("2:7-2:14"),
      });
      assert.deepEqual(valueIn("x: []"), { kind: "list", items: [], range: r("2:7-2:9") });
      assert.deepEqual(valueIn('x: { a: 1, "b c": true, }'), {
        kind: "map",
        entries: [
          {
            key: name("a", "2:9-2:10"),
            value: { kind: "number", value: 1, integer: true, range: r("2:12-2:13") },
            range: r("2:9-2:13"),
          },
          {
            key: name("b c", "2:15-2:20"),
            value: { kind: "bool", value: true, range: r("2:22-2:26") },
            range: r("2:15-2:26"),
          },
        ],
        range: r("2:7-2:29"),
      });
      const nested = valueIn("x: {\n      a: [1, { b: 2 }],\n      c: {}\n    }") as MapLiteral;
      assert.deepEqual(
        nested.entries.map((e) => e.value?.kind),
        ["list", "map"],
      );
    });

    it("reads positional call arguments", () => {
      assert.deepEqual(valueIn('run: js("./m.mjs", "fn")'), {
        kind: "call",
        callee: name("js", "2:9-2:11"),
        args: [
          { name: undefined, value: plain("./m.mjs", "2:12-2:21"), range: r("2:12-2:21") },
          { name: undefined, value: plain("fn", "2:23-2:27"), range: r("2:23-2:27") },
        ],
        argsRange: r("2:11-2:28"),
        range: r("2:9-2:28"),
      });
      assert.deepEqual((valueIn("run: f()") as CallExpression).args, []);
    });

    it("reads dotted references and conditions with !=", () => {
      assert.deepEqual(
        valueIn("x: env.HOME"),
        ref("2:7-2:15", ["env", "2:7-2:10"], ["HOME", "2:11-2:15"]),
      );
      const condition = valueIn("when: run.id != false");
      assert.equal(condition?.kind, "binary");
      assert.equal((condition as { operator: string }).operator, "!=");
    });

    it("ignores newlines: a value may continue on the next lines", () => {
      const call = valueIn(
        "run: copy_file(\n      source: a,\n      destination: b,\n    )",
      ) as CallExpression;
      assert.deepEqual(
        call.args.map((a) => a.name?.text),
        ["source", "destination"],
      );
    });

    it("accepts declarations in any order, and a command without parameters", () => {
      const file = parseClean(
        'test "t" { workflow: w }\nworkflow w { step s { run: hi() } }\ncommand hi { run: "hi" }\nimport "x"',
      );
      assert.deepEqual(
        file.declarations.map((d) => d.kind),
        ["test", "workflow", "command", "import"],
      );
      assert.deepEqual(file.commands[0]!.params, []);
    });
  });

  // A 20,000-step tree has a million objects, each copied by the garbage
  // collector: equal positions and ranges that are never mutated are one object.
  describe("shared positions and ranges", () => {
    it("makes one position where a token ends and the next one starts", () => {
      const call = valueIn("run: log(message: x)") as CallExpression;
      assert.equal(call.callee.range.end, call.argsRange.start);
      assert.deepEqual(call.argsRange.start, { line: 2, character: 12 });
    });

    it("gives a reference that is its name alone the name's range", () => {
      const needs = valueIn("needs: build") as Reference;
      assert.equal(needs.range, needs.segments[0]!.range);
      const dotted = valueIn("x: env.HOME") as Reference;
      assert.notEqual(dotted.range, dotted.segments[0]!.range);
    });
  });

  describe("errors", () => {
    it("reports three mistakes in three declarations, and keeps what follows each", () => {
      const text = [
        "workflow a {", // 0
        "  step one {", // 1
        "    timeout:", // 2: missing value
        "    retries: 2", // 3
        "  }", // 4
        "}", // 5
        "command c(x: string) {", // 6
        "  run: [1 2]", // 7: missing comma
        "}", // 8
        "workflow b {", // 9
        "  )", // 10: stray
        "  step two { run: x }", // 11
        "}", // 12
        'test "after" { workflow: b }', // 13
      ].join("\n");
      const { file, diagnostics } = parseDocument(text, "/work/a.momoflow");
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity, d.path, d.message, d.range]),
        [
          [
            "MF001",
            "error",
            "/work/a.momoflow",
            "expected a value after `timeout:`",
            r("2:11-2:12"),
          ],
          ["MF001", "error", "/work/a.momoflow", "expected `,` between list items", r("7:10-7:11")],
          [
            "MF001",
            "error",
            "/work/a.momoflow",
            "unexpected `)`: expected a property name, `param`, `var` or `step`",
            r("10:2-10:3"),
          ],
        ],
      );
      assert.deepEqual(
        file.declarations.map((d) => (d.kind === "import" ? d.path : `${d.kind} ${d.name.text}`)),
        ["workflow a", "command c", "workflow b", "test after"],
      );
      const one = file.workflows[0]!.steps[0]!;
      assert.deepEqual(
        one.properties.map((p) => [p.name.text, p.value?.kind]),
        [
          ["timeout", undefined],
          ["retries", "number"],
        ],
      );
      assert.equal((file.commands[0]!.properties[0]!.value as ListLiteral).items.length, 2);
      assert.deepEqual(
        file.workflows[1]!.steps.map((s) => s.name.text),
        ["two"],
      );
    });

    it("reports a malformed number once, not also as a missing value", () => {
      // The lexer names what to write (`5min`: unknown unit); an "expected a
      // value" after it would point at the next line's token for the same mistake.
      const unit = (text: string, u: string) =>
        `unknown unit \`${u}\` in \`${text}\`: a duration ends with ms, s, m or h and a size with B, KB, MB, GB or TB, right after the number`;
      const cases: [string, string][] = [
        ["workflow w {\n  step s {\n    timeout: 5min\n  }\n}", unit("5min", "min")],
        ["workflow w {\n  param p: duration = 5min\n  var v = 1\n}", unit("5min", "min")],
        ["workflow w {\n  var v = 3x\n  var u = 1\n}", unit("3x", "x")],
        ["workflow w {\n  step s {\n    run: sleep(duration: 2sec)\n  }\n}", unit("2sec", "sec")],
        ["workflow w {\n  var m = { k: 4z, j: 1 }\n}", unit("4z", "z")],
        ["workflow w {\n  step s {\n    when: b == 3x\n  }\n}", unit("3x", "x")],
        ["workflow w {\n  step s {\n    when: 3x == b\n  }\n}", unit("3x", "x")],
        ["workflow w {\n  step s {\n    when: a && 3x < 2\n  }\n}", unit("3x", "x")],
        [
          "workflow w {\n  step s {\n    when: b == -3s\n  }\n}",
          "a duration cannot be negative: `-3s`",
        ],
        ['test "t" {\n  params: { a: 9min }\n}', unit("9min", "min")],
        ['test "t" {\n  expect duration < 5min\n}', unit("5min", "min")],
        ['test "t" {\n  expect output s == 1q\n}', unit("1q", "q")],
        ['test "t" {\n  expect file "f" == 1q\n}', unit("1q", "q")],
      ];
      for (const [text, message] of cases) {
        assert.deepEqual(
          problems(text).map(([m]) => m),
          [message],
          text,
        );
      }
    });

    it("reads a unit's name followed by `:` as the next key or property, not as a unit apart from its number", () => {
      // `{ A: 1 B: 2 }` lacks a comma; `1 B` is no size written apart.
      const cases: [string, string][] = [
        ["workflow w { step s { env: { A: 1 B: 2 } } }", "expected `,` between map entries"],
        ['test "t" { params: { a: 1 MB: 2 } }', "expected `,` between map entries"],
        ["workflow w { step s { run: f(a: 1 s: 2) } }", "expected `,` between arguments"],
      ];
      for (const [text, message] of cases) {
        assert.deepEqual(
          problems(text).map(([m]) => m),
          [message],
          text,
        );
      }
      const file = parseClean("workflow w {\n  step s {\n    retries: 1 h: 2\n  }\n}");
      assert.deepEqual(
        file.workflows[0]!.steps[0]!.properties.map((p) => p.name.text),
        ["retries", "h"],
      );
    });

    it("says to write `&&` and `||` for `and` and `or` between two values, once, and reads the condition on", () => {
      // As Python, SQL or Ansible write them: once "unknown property `and`", "expected `:`" and a misplaced MF007.
      assert.deepEqual(
        problems('workflow w {\n  step s {\n    when: a == "x" and b\n    run: "x"\n  }\n}'),
        [["write `&&` for `and`: a condition joins its parts with `&&` and `||`", "2:19-2:22"]],
      );
      assert.deepEqual(
        problems("workflow w {\n  step s {\n    when: a or !b && c\n  }\n}").map(([m]) => m),
        ["write `||` for `or`: a condition joins its parts with `&&` and `||`"],
      );
      const { file } = parseDocument(
        "workflow w {\n  step s {\n    when: a or b and c\n  }\n}",
        "/work/a.momoflow",
      );
      const when = file.workflows[0]!.steps[0]!.properties[0]!.value as BinaryExpression;
      // Read as `a || b && c`: `&&` binds tighter.
      assert.equal(when.operator, "||");
      assert.equal((when.right as BinaryExpression).operator, "&&");
      // `not a`, as Python writes `!a`: said once, read as `!a`.
      assert.deepEqual(problems("workflow w {\n  step s {\n    when: not a && b\n  }\n}"), [
        ["write `!` for `not`: a condition negates with `!`", "2:10-2:13"],
      ]);
      const negated = parseDocument(
        "workflow w {\n  step s {\n    when: not (a) or b\n  }\n}",
        "/work/a.momoflow",
      ).file.workflows[0]!.steps[0]!.properties[0]!.value as BinaryExpression;
      assert.equal(negated.operator, "||");
      assert.equal(negated.left.kind, "not");
      // A name `and` or `or` elsewhere is a name: a param, a step, a property before its `:`.
      parseClean(
        'workflow w {\n  param and: bool = true\n  param or: bool = false\n  param not: bool = true\n  step s {\n    when: and == or && not\n    run: "x" or: 1\n  }\n  step not { when: not\n    run: log(message: "${not}") }\n}',
      );
    });

    it("says to write `==` for `=` in a condition, once, and reads it as `==`", () => {
      // Once "when needs a bool, but this is a string" and "unexpected `=`".
      assert.deepEqual(
        problems('workflow w {\n  step s {\n    when: a = "x" && b\n    run: "x"\n  }\n}'),
        [["write `==` to compare: `=` is no comparison", "2:12-2:13"]],
      );
      const { file } = parseDocument(
        'workflow w {\n  step s {\n    when: a = "x"\n    run: "x"\n  }\n}',
        "/work/a.momoflow",
      );
      const when = file.workflows[0]!.steps[0]!.properties[0]!.value as BinaryExpression;
      assert.equal(when.operator, "==");
      assert.equal(file.workflows[0]!.steps[0]!.properties[1]!.name.text, "run");
    });

    it("says to write `==` for `===` and `!=` for `!==`, once, with the fix, and reads them so", () => {
      // Once "expected a value after `==`" and MF007 comparing a bool with a string.
      const { file, diagnostics } = parseDocument(
        'workflow w {\n  step s {\n    when: a === "x" || b !== 1\n    run: "x"\n  }\n}',
        "/work/a.momoflow",
      );
      assert.deepEqual(
        diagnostics.map((d) => [d.message, d.data]),
        [
          [
            "write `==` to compare: there is no `===`",
            { suggestions: ["=="], replaceRange: r("2:12-2:15") },
          ],
          [
            "write `!=` to compare: there is no `!==`",
            { suggestions: ["!="], replaceRange: r("2:25-2:28") },
          ],
        ],
      );
      const when = file.workflows[0]!.steps[0]!.properties[0]!.value as BinaryExpression;
      assert.equal(when.operator, "||");
      assert.equal((when.left as BinaryExpression).operator, "==");
      assert.equal((when.right as BinaryExpression).operator, "!=");
      assert.equal(file.workflows[0]!.steps[0]!.properties[1]!.name.text, "run");
    });

    it("names the block left open and where it opened", () => {
      assert.deepEqual(
        problems(
          [
            "workflow w {",
            "  step build {",
            '    run: "x"',
            "  step next {",
            '    run: "y"',
            "  }",
            "}",
          ].join("\n"),
        ),
        // On the last token before where the `}` belongs, as a call's `)` is.
        [["expected `}` to close step `build` opened at 2:3", "2:9-2:12"]],
      );
    });

    it("reports blocks still open at the end of the file on the last token, as one problem", () => {
      assert.deepEqual(problems('workflow w {\n  step s {\n    run: "x"'), [
        [
          "expected `}` to close step `s` opened at 2:3, then `}` to close workflow `w` opened at 1:1",
          "2:9-2:12",
        ],
      ]);
      assert.deepEqual(problems('workflow w {\n  step s {\n    env: { A: ["x"'), [
        [
          "expected `]` to close the list opened at 3:15, then `}` to close the map opened at 3:10, `}` to close step `s` opened at 2:3 and `}` to close workflow `w` opened at 1:1",
          "2:15-2:18",
        ],
      ]);
    });

    it("reads a value left out before the next line's member as missing, not as the member", () => {
      // Once: unknown step "expect", unknown property "step", expected `:` after `step`.
      assert.deepEqual(
        problems('test "t" {\n  workflow: w\n  fail:\n  expect step a == success\n}'),
        [["expected a value after `fail:`", "2:6-2:7"]],
      );
      assert.deepEqual(problems('test "t" {\n  workflow:\n  expect status == success\n}'), [
        ["expected a value after `workflow:`", "1:10-1:11"],
      ]);
      // Deeper on the next line, it is the value.
      const file = parseClean('test "t" {\n  workflow:\n    w\n  expect status == success\n}');
      assert.equal(file.tests[0]!.properties[0]!.value?.kind, "ref");
    });

    it("says what is missing, in words", () => {
      const cases: [string, string][] = [
        ["workflow {}", "expected a workflow name after `workflow`"],
        ["workflow w { step {} }", "expected a step id after `step`"],
        ["workflow w { step s run: x } }", "expected `{` after step `s`"],
        ["workflow w { param: int }", "expected a parameter name after `param`"],
        ["workflow w { param p }", "expected `:` and a type after `p`"],
        [
          "workflow w { param p: }",
          "expected a type after `p:`: string, int, number, bool, duration, size, path, list, map or any",
        ],
        ["workflow w { param p: int = }", "expected a default value after `=`"],
        ["workflow w { var v 1 }", "expected `=` after `v`"],
        ["workflow w { var v = }", "expected a value after `=`"],
        ['workflow w { description "x" }', "expected `:` after `description`"],
        ["workflow w { step s { needs: [a, b } }", "expected `]` to close the list opened at 1:30"],
        [
          "workflow w { step s { run: f(a: 1 } }",
          "expected `)` to close the arguments of `f` opened at 1:29",
        ],
        ["workflow w { step s { run: f(a: ) } }", "expected a value after `a:`"],
        ["workflow w { step s { run: f(a: 1 b: 2) } }", "expected `,` between arguments"],
        ["workflow w { step s { x: { a: 1 b: 2 } } }", "expected `,` between map entries"],
        ["workflow w { step s { x: { a 1 } } }", "expected `:` after `a`"],
        ["workflow w { step s { when: a == } }", "expected a value after `==`"],
        ["workflow w { step s { x: a. } }", "`a.` needs a field name after the dot"],
        [
          "workflow w { step s { timeout: 10 MB } }",
          "write the unit right after the number: `10MB`",
        ],
        [
          "workflow w { step s { timeout: 5 minutes } }",
          "unknown unit `minutes` in `5 minutes`: a duration ends with ms, s, m or h and a size with B, KB, MB, GB or TB, right after the number",
        ],
        [
          "workflow w { step s { timeout: 2 GiB } }",
          "unknown unit `GiB` in `2 GiB`: a duration ends with ms, s, m or h and a size with B, KB, MB, GB or TB, right after the number",
        ],
        ["command c(a: int b: int) {}", "expected `,` between parameters"],
        [
          "command c(a: int {}",
          "expected `)` to close the parameters of command `c` opened at 1:10",
        ],
        ["command c(1) {}", "unexpected `1`: expected a parameter name"],
        [
          "import x",
          'expected the path of the file to import, as a string: `import "./common.momoflow"`',
        ],
        ['import "${x}.momoflow"', "an import path cannot hold an interpolation"],
        ["test {}", 'expected the test\'s name, as a string: `test "publish rolls back" {`'],
        ["test t {}", 'a test name is a string: write `test "t"`'],
        [
          'test "t" { expect foo == 1 }',
          "expected `status`, `step`, `output`, `file`, `duration` or `memory` after `expect`",
        ],
        ['test "t" { expect status success }', "expected `==` or `!=` after `status`"],
        ['test "t" { expect step == success }', "expected a step id after `step`"],
        ['test "t" { expect output b }', "expected `==`, `!=`, `contains` or `matches` after `b`"],
        [
          'test "t" { expect file "a" }',
          "expected `exists`, `missing`, `==`, `!=`, `contains` or `matches` after the file's path",
        ],
        ['test "t" { expect file }', "expected the file's path after `file`"],
        ['test "t" { expect duration }', "expected `<` or `<=` after `duration`"],
        ['test "t" { ] }', "unexpected `]`: expected a property name or `expect`"],
        ["workflow w { step s { ) } }", "unexpected `)`: expected a property name"],
        ["step s {}", "unexpected `step`: expected `import`, `command`, `workflow` or `test`"],
        // A string or the file's end is named without an article after "unexpected".
        ['"x"', "unexpected string: expected `import`, `command`, `workflow` or `test`"],
        ['command c("a") {}', "unexpected string: expected a parameter name"],
        [
          "workflow w { stepp s { run: x } }",
          "unexpected `stepp`: expected a property name, `param`, `var` or `step`",
        ],
        [
          "workflow w { step s { when: a == b == c } }",
          "a condition compares two values: `a == b`",
        ],
      ];
      for (const [text, message] of cases) {
        assert.deepEqual(
          problems(text).map(([m]) => m),
          [message],
          text,
        );
      }
    });

    it("reports an unterminated string once and reads on", () => {
      const { file, diagnostics } = parseDocument(
        'workflow w {\n  step s { run: "abc }\n  step t { run: "x" }\n}',
        "/a",
      );
      assert.deepEqual(
        diagnostics.map((d) => [d.message, d.range]),
        [
          // Step `s`'s `}` is in the string: its "expected `}`" would fall on the string's
          // last token, where the string's own problem is said already.
          ['unterminated string: add a closing `"`', r("1:16-1:22")],
        ],
      );
      assert.deepEqual(
        file.workflows[0]!.steps.map((s) => s.name.text),
        ["s", "t"],
      );
    });

    it("reports an unterminated block comment", () => {
      assert.deepEqual(problems("workflow w {}\n/* never closed\nworkflow x {}"), [
        ["unterminated block comment: add a closing `*/`", "1:0-1:2"],
      ]);
    });

    it("leaves missing parts undefined (or with an empty name) and never drops the node", () => {
      const { file } = parseDocument("workflow { step { timeout: } param p var v = }", "/a");
      const workflow = file.workflows[0]!;
      assert.deepEqual(workflow.name, { text: "", range: r("0:8-0:8") });
      assert.equal(workflow.steps[0]!.name.text, "");
      assert.equal(workflow.steps[0]!.properties[0]!.value, undefined);
      assert.equal(workflow.params[0]!.name.text, "p");
      assert.equal(workflow.params[0]!.type, undefined);
      assert.equal(workflow.vars[0]!.value, undefined);
    });

    it("skips a misspelt declaration whole, braces included", () => {
      const { file, diagnostics } = parseDocument(
        "workflw a {\n  step s { run: x }\n}\nworkflow b {}",
        "/a",
      );
      assert.equal(diagnostics.length, 1);
      assert.deepEqual(
        file.workflows.map((w) => w.name.text),
        ["b"],
      );
    });

    it("refuses values nested too deeply, once, without exhausting the stack", () => {
      const { diagnostics } = parseDocument(
        `workflow w { step s { x: ${"[".repeat(10_000)} } }`,
        "/a",
      );
      assert.equal(diagnostics[0]!.message, "values are nested more than 64 deep");
      assert.ok(diagnostics.length < 5);
      const calls = parseDocument(`workflow w { step s { x: ${"f(".repeat(10_000)} } }`, "/a");
      assert.ok(calls.diagnostics.length < 6);
      const chain = parseDocument(`workflow w { step s { x: a ${"== a ".repeat(10_000)} } }`, "/a");
      assert.ok(chain.diagnostics.length < 6);
    });

    it("reports a value nested too deeply once, where it gets too deep, and reads on after it", () => {
      const list = `${"[".repeat(80)}1${"]".repeat(80)}`;
      const map = `${"{ a: ".repeat(70)}1${" }".repeat(70)}`;
      const call = `f(a: ${list}, b: 2)`;
      for (const value of [list, map, call, `[${list}, 2]`, `{ k: ${map}, j: 2 }`]) {
        const text = [
          "workflow w {", // 0
          "  step s {", // 1
          `    x: ${value}`, // 2
          "    retries: 2", // 3
          "  }", // 4
          '  step t { run: "y" }', // 5
          "}", // 6
          'workflow v { step u { run: "z" } }', // 7
        ].join("\n");
        const { file, diagnostics } = parseDocument(text, "/a");
        // Reported on the 65th opening bracket, the first one too deep.
        const line = text.split("\n")[2]!;
        const opens = [...line].flatMap((c, i) => ("[{(".includes(c) ? [i] : []));
        assert.deepEqual(
          diagnostics.map((d) => [d.message, d.range.start.line, d.range.start.character]),
          [["values are nested more than 64 deep", 2, opens[64]]],
          value,
        );
        assert.deepEqual(
          file.workflows.map((w) => [
            w.name.text,
            w.steps.map((s) => [s.name.text, s.properties.map((p) => p.name.text)]),
          ]),
          [
            [
              "w",
              [
                ["s", ["x", "retries"]],
                ["t", ["run"]],
              ],
            ],
            ["v", [["u", ["run"]]]],
          ],
          value,
        );
      }
    });

    it("refuses more than 512 operators in a value, once: the tree of a chain is as deep as it is long", () => {
      const condition = (operators: number) =>
        `workflow w { step s { when: true${" && true".repeat(operators)}\n run: "x" } }`;
      assert.deepEqual(parseDocument(condition(512), "/a").diagnostics, []);
      const { file, diagnostics } = parseDocument(condition(5_000), "/a");
      assert.deepEqual(
        diagnostics.map((d) => d.message),
        ["a value has more than 512 operators: split the condition"],
      );
      // The rest of the line is given up; the step goes on.
      const step = file.workflows[0]!.steps[0]!;
      assert.deepEqual(
        step.properties.map((p) => p.name.text),
        ["when", "run"],
      );
      // Operators inside a call's arguments count toward their value.
      const nested = parseDocument(
        `workflow w { step s { run: f(a: [${"1 == 1 || ".repeat(600)}1]) } }`,
        "/a",
      );
      assert.equal(
        nested.diagnostics[0]!.message,
        "a value has more than 512 operators: split the condition",
      );
    });

    it("never throws, and every range is well formed, whatever the input", () => {
      const pieces = [
        "workflow",
        "step",
        "param",
        "var",
        "test",
        "expect",
        "command",
        "import",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ",",
        ":",
        "=",
        "==",
        "!=",
        "<",
        "<=",
        ".",
        '"a${b}"',
        '"""\n x\n"""',
        "5m",
        "10MB",
        "-3",
        "2.5",
        "5min",
        "x",
        "status",
        "file",
        "exists",
        "\n",
        "///d\n",
        "/*",
        "*/",
        '"',
        "${",
        "true",
        "@",
        "😀",
      ];
      let seed = 42;
      const next = (n: number) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      for (let round = 0; round < 300; round++) {
        let text = "";
        if (round % 3 === 0) {
          for (let i = 0; i < 2000; i++) text += String.fromCharCode(next(0x10000));
        } else if (round % 3 === 1) {
          for (let i = 0; i < 300; i++) text += pieces[next(pieces.length)]! + (next(2) ? " " : "");
        } else {
          const chars = EXAMPLE.split("");
          for (let k = 0; k < 6; k++)
            chars.splice(next(chars.length), next(4), pieces[next(pieces.length)]!);
          text = chars.join("").slice(0, next(EXAMPLE.length + 1));
        }
        const { file, diagnostics } = parseDocument(text, "/fuzz");
        assert.equal(file.kind, "file");
        for (const d of diagnostics) {
          const { start, end } = d.range;
          assert.ok(
            start.line < end.line || (start.line === end.line && start.character <= end.character),
            JSON.stringify(d),
          );
          assert.equal(d.code, "MF001");
        }
      }
    });
  });

  describe("positions", () => {
    it("counts characters in UTF-16 code units after emoji and astral characters", () => {
      const file = parseClean('workflow w {\n  description: "😀 𝒳" step s { run: "x" }\n}');
      const step = file.workflows[0]!.steps[0]!;
      // `  description: "😀 𝒳" ` is 2 + 12 + 1 + 1 + 2 + 1 + 2 + 1 + 1 = 23 code units.
      assert.deepEqual(step.name, name("s", "1:28-1:29"));
      assert.deepEqual(file.workflows[0]!.properties[0]!.value?.range, r("1:15-1:22"));
    });

    it("handles \\r\\n line breaks", () => {
      const file = parseClean("workflow w {\r\n  step s {\r\n    run: x\r\n  }\r\n}\r\n");
      assert.deepEqual(file.workflows[0]!.steps[0]!.properties[0]!.range, r("2:4-2:10"));
      assert.deepEqual(file.range, r("0:0-5:0"));
    });
  });
});
