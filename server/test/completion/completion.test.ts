import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { execFileSync } from "node:child_process";
import type {
  CompletionItem,
  CompletionList,
  MarkupContent,
  SignatureHelp,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { uriOf } from "../support/lsp-client";
import { marked } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/** A workflow with params, a var and steps `a`, `c` around the member written in `body`. */
const workflow = (body: string): string =>
  [
    "workflow w {",
    '  param target: string = "staging"',
    "  param loud: bool = false",
    '  var out = "build/${target}"',
    '  step a { run: "echo a" }',
    body,
    '  step c { run: "echo c" }',
    "}",
    "",
  ].join("\n");

/** A test of `w` (steps `build`, `publish`) with `body` as its members. */
const tested = (body: string): string =>
  [
    "workflow w {",
    "  param target: string",
    "  param retries: int = 1",
    '  step build { run: "echo b" }',
    '  step publish { run: "echo p" }',
    "}",
    'test "t" {',
    body,
    "}",
    "",
  ].join("\n");

const BUILTINS = [
  "copy_file",
  "create_directory",
  "create_file",
  "delete_path",
  "fail",
  "log",
  "sh",
  "sleep",
  "write_json",
];

const CLI = resolve(__dirname, "../../../dist/cli.js");

/** A workflow whose step `report` (after `deploy`) has the condition `when`; a bool param `loud`. */
function handler(when: string): string {
  return [
    "workflow h {",
    "  param loud: bool = false",
    '  step deploy { run: "exit 1" }',
    "  step report {",
    "    needs: deploy",
    `    when: ${when}`,
    '    run: "echo"',
    "  }",
    "}",
    "",
  ].join("\n");
}

describe("language server: completion and signature help (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-completion-",
    files: {
      "common.momoflow": [
        "/// Says hello.",
        "command greet(name: string, excited: bool = false) {",
        '  run: "echo Hello ${name}"',
        '  rollback: "echo undo"',
        "}",
        "workflow shared_flow {",
        '  step only { run: "echo" }',
        "}",
        "",
      ].join("\n"),
    },
  });
  /** How many documents the suite opened: the last is `doc<count>.momoflow`. */
  let count = 0;

  /** Opens `marked` as a new document and asks for completion at its `|`. */
  async function complete(
    markedText: string,
    triggerCharacter?: string,
  ): Promise<CompletionItem[]> {
    const { text, position } = marked(markedText);
    const uri = await workspace.openNew(text, { name: `doc${++count}.momoflow` });
    return workspace.completion(
      uri,
      position,
      triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
    );
  }

  async function labels(marked: string, triggerCharacter?: string): Promise<string[]> {
    return (await complete(marked, triggerCharacter)).map((i) => i.label).sort();
  }

  async function signatureHelp(markedText: string): Promise<SignatureHelp | null> {
    const { text, position } = marked(markedText);
    const uri = await workspace.openNew(text, { name: `doc${++count}.momoflow` });
    return workspace.client.request<SignatureHelp | null>("textDocument/signatureHelp", {
      textDocument: { uri },
      position,
    });
  }

  it("announces its trigger characters", () => {
    const { capabilities } = workspace.init;
    assert.deepEqual(
      [...(capabilities.completionProvider?.triggerCharacters ?? [])].sort(),
      [" ", "$", "(", ",", ".", ":", "[", "{", "/", '"'].sort(),
    );
    assert.deepEqual(capabilities.signatureHelpProvider?.triggerCharacters, ["(", ","]);
  });

  it("offers the declaration keywords at the top level, as snippets", async () => {
    const items = await complete('workflow w { step a { run: "x" } }\n\nwor|');
    assert.deepEqual(items.map((i) => i.label).sort(), ["command", "import", "test", "workflow"]);
    const keyword = items.find((i) => i.label === "workflow")!;
    assert.equal(keyword.kind, 14);
    assert.equal(keyword.insertTextFormat, 2);
    assert.match((keyword.textEdit as TextEdit).newText, /^workflow \$\{1:name\} \{/);
    // The edit replaces the partly typed word.
    assert.deepEqual((keyword.textEdit as TextEdit).range, {
      start: { line: 2, character: 0 },
      end: { line: 2, character: 3 },
    });
    assert.deepEqual(await labels("workflow |"), [], "a name goes there");
  });

  it("offers a step's properties, leaving out those already present (before and after the cursor)", async () => {
    assert.deepEqual(
      await labels(workflow('  step b {\n    run: "echo"\n    |\n    needs: [a]\n  }')),
      [
        "continue_on_error",
        "description",
        "env",
        "for_each",
        "inputs",
        "max_parallel",
        "output",
        "outputs",
        "retries",
        "retry_delay",
        "retry_on_lost_worker",
        "rollback",
        "rollback_timeout",
        "runs_on",
        "shell",
        "timeout",
        "when",
        "workdir",
      ],
    );
    const items = await complete(workflow("  step b {\n    ti|\n  }"));
    const timeout = items.find((i) => i.label === "timeout")!;
    assert.equal(timeout.kind, 10);
    assert.equal((timeout.textEdit as TextEdit).newText, "timeout: $0");
    assert.match((timeout.documentation as MarkupContent).value, /process group/);
    assert.equal(timeout.detail, "timeout: duration");
    const placed = await complete(workflow("  step b {\n    w|\n  }"));
    const workdir = placed.find((i) => i.label === "workdir")!;
    assert.equal(workdir.detail, "workdir: path");
    assert.match((workdir.documentation as MarkupContent).value, /rollback runs there too/);
    const env = placed.find((i) => i.label === "env")!;
    assert.equal(env.detail, "env: map");
    assert.match((env.documentation as MarkupContent).value, /over the process environment/);
  });

  it("offers a workflow's properties with param, var and step", async () => {
    assert.deepEqual(await labels(workflow("  |")), [
      "author",
      "concurrency",
      "description",
      "env",
      "param",
      "rollback_on_failure",
      "shell",
      "step",
      "timeout",
      "var",
      "version",
    ]);
  });

  it("offers a command's properties and a test's, with expect", async () => {
    assert.deepEqual(await labels('command c(x: string) {\n  run: "echo"\n  |\n}'), [
      "description",
      "rollback",
      "rollback_timeout",
      "timeout",
    ]);
    assert.deepEqual(await labels(tested("  workflow: w\n  |")), [
      "expect",
      "fail",
      "files",
      "params",
      "rollback_on_failure",
      "timeout",
    ]);
  });

  it("offers only step ids in needs, without the step itself and those listed", async () => {
    assert.deepEqual(await labels(workflow("  step b {\n    needs: [|]\n  }")), ["a", "c"]);
    assert.deepEqual(await labels(workflow("  step b {\n    needs: [|, c]\n  }")), ["a"]);
    assert.deepEqual(await labels(workflow("  step b {\n    needs: |\n  }")), ["a", "c"]);
    assert.deepEqual(await labels(workflow("  step b {\n    needs: [a, |\n  }"), ","), ["c"]);
    const items = await complete(workflow("  step b {\n    needs: [|]\n  }"), "[");
    assert.ok(items.every((i) => i.kind === 18));
  });

  it("offers the tested workflow's step ids in fail, expect step and expect output", async () => {
    assert.deepEqual(await labels(tested("  workflow: w\n  fail: [publish, |]")), ["build"]);
    assert.deepEqual(await labels(tested("  workflow: w\n  expect step |")), ["build", "publish"]);
    assert.deepEqual(await labels(tested("  workflow: w\n  expect output p|")), [
      "build",
      "publish",
    ]);
  });

  it("offers in needs no step that would make a cycle: the step itself and those that need it", async () => {
    const chain = (current: string): string =>
      [
        "workflow w {",
        '  step a { run: "echo a" }',
        `  step b {\n    ${current}\n    run: "echo b"\n  }`,
        '  step c {\n    needs: b\n    run: "echo c"\n  }',
        '  step d {\n    needs: [a, c]\n    run: "echo d"\n  }',
        '  step e { run: "echo e" }',
        "}",
        "",
      ].join("\n");
    // c needs b, and d needs c: either in b's needs would be a cycle.
    assert.deepEqual(await labels(chain("needs: [|]")), ["a", "e"]);
    assert.deepEqual(await labels(chain("needs: [a, |]"), ","), ["e"]);
    assert.deepEqual(await labels(chain("needs: |")), ["a", "e"]);
  });

  it("offers after steps. only the steps the current one needs, directly or not, then output", async () => {
    assert.deepEqual(
      await labels(workflow("  step b {\n    needs: a\n    run: log(message: steps.|)\n  }"), "."),
      ["a"],
    );
    const interpolated = await complete(
      workflow('  step b {\n    needs: a\n    run: "echo ${steps.|"\n  }'),
    );
    assert.deepEqual(
      interpolated.map((i) => i.label),
      ["a"],
    );
    assert.equal((interpolated[0]!.textEdit as TextEdit).newText, "a.output");
    assert.deepEqual(await labels(workflow('  step b {\n    run: "echo ${steps.a.|}"\n  }')), [
      "output",
    ]);
    // Nothing is needed, so nothing can be read (MF010 for any).
    assert.deepEqual(await labels(workflow('  step b {\n    run: "echo ${steps.|}"\n  }')), []);
    // Transitively: d needs c, which needs b, which needs a; e is needed by no one.
    const chain = [
      "workflow w {",
      '  step a { run: "echo a" }',
      '  step b {\n    needs: a\n    run: "echo b"\n  }',
      '  step c {\n    needs: b\n    run: "echo c"\n  }',
      '  step e { run: "echo e" }',
      '  step d {\n    needs: c\n    run: "echo ${steps.|}"\n  }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(await labels(chain), ["a", "b", "c"]);
    // A step may read its own output in its rollback only.
    assert.deepEqual(
      await labels(
        workflow('  step b {\n    needs: a\n    run: "x"\n    rollback: "undo ${steps.|}"\n  }'),
      ),
      ["a", "b"],
    );
  });

  it("offers declared, imported and built-in commands after run:, with their required arguments", async () => {
    const items = await complete(
      'import "./common.momoflow"\ncommand local_one(path: path) {\n  run: "touch ${path}"\n}\n' +
        "workflow w {\n  step a {\n    run: |\n  }\n}\n",
    );
    assert.deepEqual(
      items.map((i) => i.label).sort(),
      // `workflow`: the imported `shared_flow` may be called (`run: workflow shared_flow()`).
      ["greet", "js", "local_one", "workflow", ...BUILTINS].sort(),
    );
    const call = items.find((i) => i.label === "workflow")!;
    assert.equal((call.textEdit as TextEdit).newText, "workflow ");
    assert.equal(call.command?.command, "editor.action.triggerSuggest");
    const copy = items.find((i) => i.label === "copy_file")!;
    assert.equal(copy.kind, 3);
    assert.equal(copy.insertTextFormat, 2);
    assert.equal((copy.textEdit as TextEdit).newText, "copy_file(source: ${1}, destination: ${2})");
    assert.equal(copy.detail, "copy_file(source: path, destination: path)");
    assert.match(
      (copy.documentation as MarkupContent).value,
      /Copies the file[\s\S]*\*\*Undone by:\*\* restoring the destination/,
    );
    const greet = items.find((i) => i.label === "greet")!;
    assert.equal(greet.detail, "greet(name: string, excited: bool = false)");
    assert.equal((greet.textEdit as TextEdit).newText, "greet(name: ${1})");
    assert.match((greet.documentation as MarkupContent).value, /Says hello/);
    assert.match((greet.documentation as MarkupContent).value, /Undone by:\*\* its `rollback`/);
    assert.match((greet.documentation as MarkupContent).value, /common\.momoflow/);
    // Built-ins come after the file's own and imported commands.
    assert.ok(greet.sortText! < copy.sortText!);
    assert.deepEqual(
      await labels("workflow w {\n  step a {\n    rollback: sl|\n  }\n}\n"),
      [...BUILTINS, "js", "none"].sort(),
    );
    // No `workflow` where no workflow can be called: only itself (a cycle), or in a command.
    assert.ok(
      !(await labels("workflow w {\n  step a {\n    run: |\n  }\n}\n")).includes("workflow"),
    );
    assert.ok(
      !(await labels('import "./common.momoflow"\ncommand c {\n  run: |\n}\n')).includes(
        "workflow",
      ),
    );
  });

  it("offers the argument names of a call with types and defaults, leaving out those given", async () => {
    const items = await complete(workflow("  step b {\n    run: create_file(|)\n  }"), "(");
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [
        ["path", "path: path (required)"],
        ["content", 'content: string = ""'],
      ],
    );
    assert.deepEqual(
      await labels(workflow('  step b {\n    run: copy_file(source: "a", |)\n  }'), ","),
      ["destination"],
    );
    assert.deepEqual(
      await labels(workflow('  step b {\n    run: copy_file(|, destination: "b")\n  }')),
      ["source"],
    );
    assert.deepEqual(
      await labels(
        'import "./common.momoflow"\nworkflow w {\n  step a { run: greet(name: "x", |) }\n}',
      ),
      ["excited"],
    );
  });

  it("offers true and false for a bool argument, of a command and of a called workflow alike", async () => {
    const callee = [
      "workflow callee {",
      "  param flag: bool = false",
      '  param name: string = "x"',
      '  step s { run: "echo" }',
      "}",
    ].join("\n");
    const argument = async (call: string): Promise<string[]> =>
      labels(`${workflow(`  step b {\n    run: ${call}\n  }`)}${callee}\n`);
    const bools = (labels: string[]): string[] =>
      labels.filter((l) => l === "true" || l === "false");
    assert.deepEqual(bools(await argument("workflow callee(flag: |)")), ["false", "true"]);
    assert.deepEqual(bools(await argument('workflow callee(name: "y", flag: |)')), [
      "false",
      "true",
    ]);
    // Not for a string param, nor for a name no param has.
    assert.deepEqual(bools(await argument("workflow callee(name: |)")), []);
    assert.deepEqual(bools(await argument("workflow callee(other: |)")), []);
    assert.deepEqual(
      bools(
        await labels(
          'import "./common.momoflow"\nworkflow w {\n  step a { run: greet(name: "x", excited: |) }\n}',
        ),
      ),
      ["false", "true"],
    );
  });

  it("offers params, vars and the roots in expressions and interpolations", async () => {
    const roots = ["env", "run", "steps", "workflow"];
    assert.deepEqual(
      await labels(workflow('  step b {\n    run: "echo ${|}"\n  }'), "{"),
      // Inside `${` the interpolation functions apply to a value too.
      ["loud", "out", "target", ...roots, "basename", "dirname", "json", "stem"].sort(),
    );
    assert.deepEqual(await labels(workflow('  step b {\n    run: "x"\n    when: |\n  }')), [
      "contains",
      "env",
      "false",
      "loud",
      "out",
      "run",
      "steps",
      "target",
      "true",
      "workflow",
    ]);
    // Read before the run starts: no run.* and no step outputs.
    assert.deepEqual(await labels(workflow("  step b {\n    timeout: |\n  }")), [
      "env",
      "loud",
      "out",
      "target",
      "workflow",
    ]);
    // A var sees params and earlier vars; a param default earlier params only.
    assert.deepEqual(await labels(workflow("  var later = |")), [
      "env",
      "loud",
      "out",
      "run",
      "target",
      "workflow",
    ]);
    assert.deepEqual(await labels("workflow w {\n  param a: int = 1\n  param b: int = |\n}"), [
      "a",
      "env",
      "workflow",
    ]);
    // In a command: its parameters.
    assert.deepEqual(await labels('command c(name: string) {\n  run: "echo ${|}"\n}'), [
      "basename",
      "dirname",
      "env",
      "json",
      "name",
      "run",
      "stem",
      "workflow",
    ]);
    assert.deepEqual(await labels(workflow("  step b {\n    when: run.|\n  }"), "."), [
      "dir",
      "id",
    ]);
    assert.deepEqual(await labels(workflow('  step b {\n    run: "${workflow.|}"\n  }')), [
      "dir",
      "name",
    ]);
    const dollar = await complete(workflow('  step b {\n    run: "echo $|"\n  }'), "$");
    const target = dollar.find((i) => i.label === "target")!;
    assert.equal((target.textEdit as TextEdit).newText, "${target}");
  });

  it("offers the references a function of an interpolation takes, and no function inside it", async () => {
    const roots = ["env", "run", "steps", "workflow"];
    const inside = ["loud", "out", "target", ...roots].sort();
    // As the editor asks once `(` is typed, and as asked while the name is typed.
    assert.deepEqual(
      await labels(workflow('  step b {\n    run: "echo ${basename(|)}"\n  }'), "("),
      inside,
    );
    assert.deepEqual(
      await labels(workflow('  step b {\n    run: log(message: "${json( ta|")\n  }')),
      inside,
    );
    const typed = await complete(workflow('  step b {\n    run: "echo ${stem(ta|)}"\n  }'));
    const item = typed.find((i) => i.label === "target")!;
    assert.equal((item.textEdit as TextEdit).newText, "target");
    assert.deepEqual((item.textEdit as TextEdit).range.start, { line: 6, character: 22 });
    assert.deepEqual(
      await labels(
        workflow('  step b {\n    needs: a\n    run: "echo ${json(steps.|)}"\n  }'),
        ".",
      ),
      ["a"],
    );
  });

  it("offers statuses and subjects in expect statements", async () => {
    assert.deepEqual(await labels(tested("  workflow: w\n  expect |"), " "), [
      "duration",
      "file",
      "memory",
      "output",
      "status",
      "step",
    ]);
    assert.deepEqual(await labels(tested("  workflow: w\n  expect status == |")), [
      "cancelled",
      "failed",
      "partially_rolled_back",
      "rolled_back",
      "success",
    ]);
    const steps = await complete(tested("  workflow: w\n  expect step build == |"));
    assert.deepEqual(
      steps.map((i) => i.label),
      ["success", "failed", "cancelled", "skipped", "rolled_back", "rollback_failed", "not_run"],
    );
    assert.ok(steps.every((i) => i.kind === 20));
    const file = await complete(tested('  workflow: w\n  expect file "a.txt" |'), " ");
    assert.deepEqual(
      file.map((i) => i.label),
      ["exists", "missing", "==", "!=", "contains", "matches"],
    );
    assert.deepEqual(await labels(tested("  workflow: w\n  expect output build |"), " "), [
      "!=",
      "==",
      "contains",
      "matches",
    ]);
    assert.deepEqual(await labels(tested("  workflow: w\n  expect step build |"), " "), [
      "!=",
      "==",
    ]);
    // After a field or item of a JSON output, the same comparisons as after the step id.
    for (const path of ["build.a", "build.a[0]", "build.sites[1].mean", "build[2]"]) {
      assert.deepEqual(
        await labels(tested(`  workflow: w\n  expect output ${path} |`), " "),
        ["!=", "==", "contains", "matches"],
        path,
      );
    }
    // Inside the path (after `.` or `[`) there is no comparison yet.
    assert.deepEqual(await labels(tested("  workflow: w\n  expect output build.|"), "."), []);
    assert.deepEqual(await labels(tested("  workflow: w\n  expect output build[|"), "["), []);
    const matches = file.find((i) => i.label === "matches")!;
    assert.equal((matches.textEdit as TextEdit).newText, "matches ");
    const doc = matches.documentation;
    assert.match(typeof doc === "string" ? doc : (doc?.value ?? ""), /regular expression/);
  });

  it("offers the fields of a JSON output from the last run's record, and nothing before a run", async () => {
    const json =
      '{\\"sites\\":[{\\"mean\\":3}],\\"total\\":2,\\"meta\\":{\\"owner\\":\\"web\\",\\"tier\\":1},\\"not-a-name\\":0}';
    const workflow = (report: string): string =>
      [
        "workflow stats_flow {",
        "  step stats {",
        `    run: "printf '%s' '${json}'"`,
        "    output: json",
        "  }",
        "  step plain {",
        `    run: "printf '%s' '${json}'"`,
        "  }",
        "  step report {",
        "    needs: [stats, plain]",
        report,
        "  }",
        "}",
        "",
      ].join("\n");
    const path = workspace.path("json-fields.momoflow");
    const probe = async (report: string, trigger = "."): Promise<CompletionItem[]> => {
      const {
        text,
        position: { line, character },
      } = marked(workflow(report));
      const uri = uriOf(path);
      await workspace.client.open(uri, text);
      const result = await workspace.client.request<CompletionList | null>(
        "textDocument/completion",
        {
          textDocument: { uri },
          position: { line, character },
          context: { triggerKind: 2, triggerCharacter: trigger },
        },
      );
      await workspace.client.closeDocument(uri);
      return result?.items ?? [];
    };
    const names = (items: CompletionItem[]): string[] => items.map((i) => i.label).sort();
    const when = "    when: steps.stats.output.|";
    writeFileSync(path, workflow('    run: "echo"').replace("|", ""));

    // No run yet: nothing is guessed.
    assert.deepEqual(await probe(when), []);

    execFileSync(process.execPath, [CLI, "run", path, "--workdir", workspace.dir]);
    const fields = await probe(when);
    assert.deepEqual(names(fields), ["meta", "sites", "total"]);
    const meta = fields.find((i) => i.label === "meta")!;
    assert.equal(meta.kind, 5); // Field
    assert.equal(meta.detail, 'map: {"owner":"web","tier":1}');
    assert.match(
      String((meta.documentation as { value?: string })?.value ?? meta.documentation),
      /"owner":"web"/,
    );
    assert.equal(fields.find((i) => i.label === "sites")!.detail, 'list: [{"mean":3}]');
    // Deeper fields, and inside a string's ${…}.
    assert.deepEqual(names(await probe("    when: steps.stats.output.meta.|")), ["owner", "tier"]);
    assert.deepEqual(names(await probe('    run: "echo ${steps.stats.output.|}"')), [
      "meta",
      "sites",
      "total",
    ]);
    // After an index, the fields of the list's items (the first item's past the last run's list).
    const item = await probe("    when: steps.stats.output.sites[0].|");
    assert.deepEqual(names(item), ["mean"]);
    assert.equal(item[0]!.detail, "number: 3");
    assert.match(
      String((item[0]!.documentation as { value?: string })?.value),
      /^`steps\.stats\.output\.sites\[0\]\.mean` in `stats_flow`'s run `/,
    );
    assert.deepEqual(names(await probe("    when: steps.stats.output.sites[3].|")), ["mean"]);
    assert.deepEqual(names(await probe('    run: "echo ${steps.stats.output.sites[0].|}"')), [
      "mean",
    ]);
    assert.deepEqual(await probe("    when: steps.stats.output.meta[0].|"), []);
    // A field that is no map, a field the output lacks, a step without `output: json`: nothing.
    assert.deepEqual(await probe("    when: steps.stats.output.total.|"), []);
    assert.deepEqual(await probe("    when: steps.stats.output.nothing.|"), []);
    assert.deepEqual(await probe("    when: steps.plain.output.|"), []);
  });

  it("offers what conditions and structured outputs take: statuses, status, output, contains, json", async () => {
    const statuses = await complete(handler("steps.deploy.status == |"), " ");
    assert.deepEqual(
      statuses.map((i) => i.label),
      ["success", "failed", "cancelled", "skipped", "rolled_back", "rollback_failed", "not_run"],
    );
    assert.deepEqual(
      (await complete(handler("steps.deploy.status != |"))).map((i) => i.label),
      statuses.map((i) => i.label),
    );
    // Another comparison is no status comparison.
    assert.ok(!(await labels(handler("steps.deploy.output == |"))).includes("failed"));
    // `status` is read only in a `when`.
    assert.deepEqual(await labels(handler("steps.deploy.|"), "."), ["output", "status"]);
    // There a step id is written alone, then output or status is offered: not output for the user.
    const ids = await complete(handler("steps.|"), ".");
    assert.deepEqual(
      ids.map((i) => [i.label, (i.textEdit as TextEdit).newText, i.command?.command]),
      [["deploy", "deploy.", "editor.action.triggerSuggest"]],
    );
    assert.deepEqual(
      await labels(workflow('  step b {\n    needs: a\n    run: "${steps.a.|}"\n  }'), "."),
      ["output"],
    );
    const contains = (await complete(handler("|"))).find((i) => i.label === "contains")!;
    assert.equal((contains.textEdit as TextEdit).newText, "contains($1, $2)");
    assert.equal(contains.insertTextFormat, 2);
    assert.deepEqual(await labels(workflow("  step b {\n    output: |\n  }"), ":"), [
      "json",
      "text",
    ]);
  });

  it("offers operands after !, (, && and || in a condition, as at its start", async () => {
    const operands = ["contains", "env", "false", "loud", "run", "steps", "true", "workflow"];
    assert.deepEqual(await labels(handler("|")), operands);
    for (const when of ["!|", "(|", "(!|", "loud && |", "(loud && loud) && |"])
      assert.deepEqual(await labels(handler(when)), operands, when);
    // `|` marks the cursor: these mark it with `‸`, after a `||`.
    for (const when of [
      "loud || !‸",
      '!(steps.deploy.output == "x") || ‸',
      "(loud || loud) && ‸",
    ]) {
      const text = handler(when);
      const lines = text.slice(0, text.indexOf("‸")).split("\n");
      const uri = await workspace.openNew(text.replace("‸", ""), {
        name: `doc${++count}.momoflow`,
      });
      const items = await workspace.completion(uri, {
        line: lines.length - 1,
        character: lines[lines.length - 1]!.length,
      });
      assert.deepEqual(items.map((i) => i.label).sort(), operands, when);
    }
    // `contains(list, item)` takes operands.
    const references = ["env", "false", "loud", "run", "steps", "true", "workflow"];
    assert.deepEqual(await labels(handler("contains(|")), references);
    assert.deepEqual(await labels(handler("loud && !contains(steps.deploy.output, |")), references);
    // A group read whole is an operand: a comparison may follow, then a status.
    assert.deepEqual((await labels(handler("(loud) && steps.deploy.status == |"))).slice(0, 2), [
      "cancelled",
      "failed",
    ]);
    // `!` on a step's `continue_on_error` too.
    assert.ok(
      (await labels(workflow("  step b {\n    continue_on_error: !|\n  }"))).includes("loud"),
    );
  });

  it("offers operands after every comparison of a condition, `>` and `>=` as `<` and `<=`", async () => {
    const operands = ["contains", "env", "false", "loud", "run", "steps", "true", "workflow"];
    for (const operator of ["==", "!=", "<", "<=", ">", ">="])
      assert.deepEqual(
        await labels(handler(`steps.deploy.output ${operator} |`)),
        operands,
        operator,
      );
    // A `>` read before leaves the rest of the condition as it was.
    assert.deepEqual(await labels(handler("steps.deploy.output > 2 && |")), operands);
    assert.deepEqual(await labels(handler("(steps.deploy.output >= 2) && |")), operands);
  });

  it("offers the shells a shell: property and sh(shell:) take, as strings", async () => {
    const shells = ['"auto"', '"bash"', '"sh"'];
    const first = async (marked: string): Promise<string[]> =>
      (await complete(marked)).map((i) => i.label).slice(0, 3);
    assert.deepEqual(await first(workflow('  step b {\n    run: "x"\n    shell: |\n  }')), shells);
    assert.deepEqual(await first(workflow("  shell: |")), shells);
    assert.deepEqual(
      await first(workflow('  step b {\n    run: sh(script: "x", shell: |)\n  }')),
      shells,
    );
    const item = (await complete(workflow('  step b {\n    run: "x"\n    shell: |\n  }')))[1]!;
    assert.equal((item.textEdit as TextEdit).newText, '"bash"');
    // The shell may also come from a param: references stay offered.
    assert.ok(
      (await labels(workflow('  step b {\n    run: "x"\n    shell: |\n  }'))).includes("target"),
    );
  });

  it("offers the types after a param's colon", async () => {
    const types = [
      "any",
      "bool",
      "duration",
      "int",
      "list",
      "map",
      "number",
      "path",
      "secret",
      "size",
      "string",
    ];
    assert.deepEqual(await labels(workflow("  param p: |"), ":"), types);
    assert.deepEqual(await labels("command c(a: string, b: |"), types);
  });

  it("offers workflow names after a test's workflow:, and the tested workflow's params in params", async () => {
    assert.deepEqual(await labels('import "./common.momoflow"\n' + tested("  workflow: |")), [
      "shared_flow",
      "w",
    ]);
    assert.deepEqual(await labels(tested("  workflow: w\n  params: { retries: 2, | }")), [
      "target",
    ]);
  });

  it("offers the workspace's other files inside an import's path", async () => {
    const items = await complete('import "./c|"\n');
    const paths = items.map((i) => i.label);
    assert.ok(paths.includes("common.momoflow"), paths.join(", "));
    assert.ok(!paths.includes(`doc${count}.momoflow`), "not the file itself");
    const common = items.find((i) => i.label === "common.momoflow")!;
    // The name after the last `/` is replaced (server/test/completion/import-path-completion.test.ts).
    assert.deepEqual((common.textEdit as TextEdit).range, {
      start: { line: 0, character: 10 },
      end: { line: 0, character: 11 },
    });
  });

  it("leaves out of an import's path a document closed without ever being saved", async () => {
    const unsaved = await workspace.openNew('workflow draft { step s { run: "x" } }\n', {
      name: "never-saved.momoflow",
    });
    await workspace.client.waitForDiagnostics(unsaved, 1);
    assert.ok((await labels('import "./|"\n')).includes("never-saved.momoflow"), "while open");
    await workspace.client.closeDocument(unsaved);
    // A file on disk stays importable when its document closes.
    const common = await workspace.open("common.momoflow");
    await workspace.client.closeDocument(common);
    const paths = await labels('import "./|"\n');
    assert.ok(!paths.includes("never-saved.momoflow"), paths.join(", "));
    assert.ok(paths.includes("common.momoflow"), paths.join(", "));
  });

  it("stays quiet where nothing fits: comments, plain strings, after a complete value", async () => {
    assert.deepEqual(await labels(workflow("  step b {\n    // run: |\n  }")), []);
    assert.deepEqual(await labels(workflow('  step b {\n    run: "echo |"\n  }')), []);
    assert.deepEqual(await labels(workflow('  step b {\n    run: "x"|\n  }')), []);
    // A space or a brace opens no list of properties by itself.
    assert.deepEqual(await labels(workflow('  step b {\n    run: "x" |\n  }'), " "), []);
    assert.deepEqual(await labels(workflow("  step b {|}"), "{"), []);
  });

  it("gives the signature of the call, with the argument the cursor is in as active parameter", async () => {
    const help = await signatureHelp(
      workflow('  step b {\n    run: copy_file(source: "a", destination: "b|")\n  }'),
    );
    assert.ok(help);
    const signature = help.signatures[0]!;
    assert.equal(signature.label, "copy_file(source: path, destination: path)");
    assert.deepEqual(
      signature.parameters?.map((p) => signature.label.slice(...(p.label as [number, number]))),
      ["source: path", "destination: path"],
    );
    assert.equal(help.activeParameter, 1);
    assert.match((signature.documentation as MarkupContent).value, /Undone by/);
    assert.match(
      (signature.parameters![0]!.documentation as MarkupContent).value,
      /The file to copy/,
    );

    // At an argument's name: the next parameter not given yet.
    const next = await signatureHelp(
      workflow('  step b {\n    run: copy_file(destination: "b", |)\n  }'),
    );
    assert.equal(next?.activeParameter, 0);
    const defaults = await signatureHelp(workflow("  step b {\n    run: create_file(|)\n  }"));
    assert.equal(defaults?.signatures[0]!.label, 'create_file(path: path, content: string = "")');
    assert.equal(
      await signatureHelp(workflow('  step b {\n    run: "echo |"\n  }')),
      null,
      "no call, no signature",
    );
  });

  it("gives the forms of `contains(…)` in a condition, with the operand the cursor is in as active parameter", async () => {
    const first = await signatureHelp(
      workflow('  step b {\n    when: contains(|)\n    run: "echo b"\n  }'),
    );
    assert.ok(first);
    assert.deepEqual(
      first.signatures.map((s) => s.label),
      ["contains(list, item)", "contains(text, part)", "contains(map, key)"],
    );
    const text = first.signatures[1]!;
    assert.deepEqual(
      text.parameters?.map((p) => text.label.slice(...(p.label as [number, number]))),
      ["text", "part"],
    );
    assert.match((text.documentation as MarkupContent).value, /inside the string/);
    assert.equal(first.activeParameter, 0);
    const second = await signatureHelp(
      workflow('  step b {\n    when: loud && contains(target, "st|")\n    run: "echo b"\n  }'),
    );
    assert.equal(second?.activeParameter, 1);
    const nested = await signatureHelp(
      workflow('  step b {\n    when: contains(["a,b", "c"], |)\n    run: "echo b"\n  }'),
    );
    assert.equal(nested?.activeParameter, 1);
  });

  it("gives the signature of `glob(pattern)` inside a fan-out's items", async () => {
    const help = await signatureHelp(
      workflow('  step b {\n    for_each: f in glob("data/|")\n    run: "echo ${f}"\n  }'),
    );
    assert.ok(help, "signature help inside glob(");
    assert.deepEqual(
      help.signatures.map((s) => s.label),
      ["glob(pattern)"],
    );
    const [signature] = help.signatures;
    assert.equal(
      signature!.label.slice(...(signature!.parameters![0]!.label as [number, number])),
      "pattern",
    );
    assert.match((signature!.documentation as MarkupContent).value, /files matching the pattern/);
    assert.equal(help.activeParameter, 0);
    // Elsewhere `glob` is no function.
    assert.equal(await signatureHelp(workflow('  step b {\n    run: glob("data/|")\n  }')), null);
  });

  it("gives the signature of a called workflow, its params as parameters, inside `run: workflow name(`", async () => {
    const call = (args: string): string =>
      [
        "/// Tags a release.",
        "workflow release {",
        "  /// Which part of the version grows.",
        '  param part: string = "patch"',
        "  param notes: path",
        '  step tag { run: "echo ${part} ${notes}" }',
        "}",
        "workflow ship {",
        "  step s {",
        `    run: workflow release(${args})`,
        "  }",
        "}",
        "",
      ].join("\n");
    const help = await signatureHelp(call("|"));
    assert.ok(help, "signature help inside a workflow call");
    const [signature] = help.signatures;
    assert.equal(signature!.label, 'release(part: string = "patch", notes: path)');
    assert.deepEqual(
      signature!.parameters?.map((p) => signature!.label.slice(...(p.label as [number, number]))),
      ['part: string = "patch"', "notes: path"],
    );
    assert.match((signature!.documentation as MarkupContent).value, /Tags a release/);
    assert.match(
      (signature!.parameters![0]!.documentation as MarkupContent).value,
      /Which part of the version grows/,
    );
    assert.equal(help.activeParameter, 0);
    assert.equal((await signatureHelp(call('part: "minor", |')))?.activeParameter, 1);
    assert.equal((await signatureHelp(call('notes: "n|"')))?.activeParameter, 1);
    assert.equal((await signatureHelp(call("no|")))?.activeParameter, 1);
  });

  it("makes the form of `contains(…)` the first operand's type or shape picks the active signature", async () => {
    /** The active form's label with the condition `when` (the cursor marked) in a workflow of many kinds of values. */
    const form = async (when: string): Promise<string | undefined> => {
      const help = await signatureHelp(
        [
          "workflow k {",
          "  param zones: list = []",
          '  param name: string = "a"',
          '  param where: path = "."',
          "  param token: secret = env.TOKEN",
          "  param labels: map = {}",
          '  var groups = { web: ["a"] }',
          "  var names = zones",
          '  step s { for_each: z in zones\n run: "echo ${z}" }',
          "  step t {",
          "    needs: s",
          `    when: ${when}`,
          '    run: "echo"',
          "  }",
          "}",
          "",
        ].join("\n"),
      );
      return help?.signatures[help.activeSignature ?? 0]?.label;
    };
    const [list, text, map] = [
      "contains(list, item)",
      "contains(text, part)",
      "contains(map, key)",
    ];
    assert.equal(await form("contains(zones, |)"), list);
    assert.equal(await form('contains(["a", "b"], |)'), list);
    assert.equal(await form("contains(names, |"), list, "a var holding a list param");
    assert.equal(await form("contains(steps.s.outputs, |)"), list, "a fan-out's outputs");
    assert.equal(await form("contains(name, |)"), text);
    assert.equal(await form("contains(where, |)"), text);
    assert.equal(await form("contains(token, |)"), text);
    assert.equal(await form('contains("abc", |)'), text);
    assert.equal(await form("contains(env.HOME, |)"), text);
    assert.equal(await form("contains(steps.s.status, |)"), text);
    assert.equal(await form("contains(labels, |)"), map);
    assert.equal(await form("contains(groups, |)"), map, "a var holding a map literal");
    assert.equal(await form('contains({ a: 1 }, "a|")'), map);
    // The cursor in the first operand: it is read whole, past the cursor.
    assert.equal(await form('contains(lab|els, "x")'), map);
    assert.equal(await form('zones != [] && contains(na|me, "x")'), text);
    // Nothing known yet (or a step's output, of no known type): the first form.
    assert.equal(await form("contains(|)"), list);
    assert.equal(await form("contains(steps.s.output, |)"), list);
  });
});
