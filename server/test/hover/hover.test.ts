import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol/node";
import { describeDuration, describeSize, formatDuration, groupDigits } from "@momoflow/units";
import { getCommandRegistry } from "@momoflow/engine";
import {
  readResultFile,
  type RunResultFile,
  findLatestRun,
  runRecordPaths,
  runsDirOf,
} from "@momoflow/record";
import { stepMemoryText } from "../../src/session/last-run";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");
const CLI = resolve(__dirname, "../../../dist/cli.js");

/** `2026-11-25 18:11:18 UTC`. */
const utc = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

describe("language server: hover (real LSP over stdio)", function () {
  this.timeout(30_000);
  // A workspace in which publish_site ran once, with the real CLI.
  const workspace = useWorkspaceSession({
    prefix: "momoflow-hover-",
    copies: { "publish-site.momoflow": join(fixtures, "valid", "publish-site.momoflow") },
    prepare: (dir) => {
      execFileSync(process.execPath, [
        CLI,
        "run",
        join(dir, "publish-site.momoflow"),
        "--workdir",
        dir,
      ]);
    },
  });
  let uri: string;
  let run: { startTime: number; result: RunResultFile };

  before(async () => {
    const path = workspace.path("publish-site.momoflow");
    const summary = findLatestRun(runsDirOf(workspace.dir), {
      workflowId: "publish_site",
      source: path,
    })!;
    run = {
      startTime: summary.startTime,
      result: readResultFile(runRecordPaths(summary.dir).result)!,
    };
    assert.equal(workspace.init.capabilities.hoverProvider, true);
    uri = await workspace.open("publish-site.momoflow");
  });

  const hover = (line: number, character: number, at = uri): Promise<Hover | null> =>
    workspace.client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri: at },
      position: { line, character },
    });
  const range = (line: number, start: number, end: number) => ({
    start: { line, character: start },
    end: { line, character: end },
  });
  const markdown = (value: string): MarkupContent => ({ kind: "markdown", value });
  const lastRun = (stepId: string): string => {
    const step = run.result.steps.find((s) => s.id === stepId)!;
    const figures =
      step.attempts > 0
        ? ` in ${formatDuration(step.metrics.durationMs)}, memory ${stepMemoryText(step)}`
        : "";
    return `**Last run** (${utc(run.startTime)}): \`${step.status}\`${figures}`;
  };

  it("shows a built-in command's signature, documentation, parameters and automatic undo", async () => {
    const copy = getCommandRegistry().signature("copy_file")!;
    assert.deepEqual(await hover(32, 12), {
      contents: markdown(
        [
          "```momoflow\ncommand copy_file(source: path, destination: path)\n```",
          "Copy a file",
          copy.doc,
          "- `source`: The file to copy.\n- `destination`: Where the copy goes.",
          "**Undone by:** restoring the destination",
          "_Built-in command._",
        ].join("\n\n"),
      ),
      range: range(32, 9, 18),
    });
  });

  it("shows what `js(...)` calls: a JavaScript module's export", async () => {
    const text = 'workflow w {\n  step a {\n    run: js("./tasks.mjs", "build")\n  }\n}\n';
    await workspace.withScratch(text, async (scratch) => {
      const shown = await hover(2, 10, scratch);
      assert.deepEqual(shown?.range, range(2, 9, 11));
      assert.match(
        (shown?.contents as MarkupContent).value,
        /^```momoflow\njs\(module: path, export: string\)\n```\n\nCalls an exported function of a JavaScript module/,
      );
    });
  });

  it("shows a declared command with its doc comment, where it is called", async () => {
    assert.deepEqual(await hover(38, 11), {
      contents: markdown(
        [
          "```momoflow\ncommand greet(name: string, excited: bool = false)\n```",
          "Print a greeting",
          "Greets someone by name.",
          "**Not undone automatically:** it runs a shell action; a step calling it needs a `rollback`",
        ].join("\n\n"),
      ),
      range: range(38, 9, 14),
    });
  });

  it("shows a step's description, needs, reversibility and its last run", async () => {
    assert.deepEqual(await hover(19, 8), {
      contents: markdown(
        [
          "```momoflow\nstep build\n```\n_in workflow `publish_site`_",
          "Compile into the output folder",
          "**Needs:** nothing (it may start first)",
          "**Reversible** by its explicit `rollback`: `delete_path(path: out)`",
          lastRun("build"),
        ].join("\n\n"),
      ),
      range: range(19, 7, 12),
    });
    // From a `needs` entry, the same step; publish is undone by copy_file's automatic undo.
    assert.equal(
      ((await hover(31, 13))!.contents as MarkupContent).value,
      ((await hover(19, 8))!.contents as MarkupContent).value,
    );
    assert.deepEqual(await hover(30, 9), {
      contents: markdown(
        [
          "```momoflow\nstep publish\n```\n_in workflow `publish_site`_",
          "**Needs:** `build`",
          "**Reversible** by the automatic undo of `copy_file`: restoring the destination",
          lastRun("publish"),
        ].join("\n\n"),
      ),
      range: range(30, 7, 14),
    });
    assert.deepEqual(await hover(35, 9), {
      contents: markdown(
        [
          "```momoflow\nstep announce\n```\n_in workflow `publish_site`_",
          "**Needs:** `publish`",
          "**Irreversible**: `greet` runs a shell action, which is not undone; give the step a `rollback`",
          "**Last run** (" + utc(run.startTime) + "): `skipped`",
        ].join("\n\n"),
      ),
      range: range(35, 7, 15),
    });
  });

  it("leaves a step's last run out when momoflow.inlineMetrics is off; a workflow's stays", async () => {
    workspace.client.settings = { inlineMetrics: false };
    await workspace.client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: {},
    });
    try {
      const value = ((await hover(19, 8))!.contents as MarkupContent).value;
      assert.equal(value.includes("Last run"), false, value);
      // Not an inline figure: the workflow's hover says how its last run went.
      const workflow = ((await hover(8, 12))!.contents as MarkupContent).value;
      assert.match(workflow, /\*\*Last run\*\*/, workflow);
    } finally {
      workspace.client.settings = {};
      await workspace.client.connection.sendNotification("workspace/didChangeConfiguration", {
        settings: {},
      });
    }
  });

  it("shows a param's type and default, and a var's expression and type", async () => {
    assert.deepEqual(await hover(15, 10), {
      contents: markdown(
        [
          '```momoflow\nparam target: string = "staging"\n```\n_param of workflow `publish_site`_',
          "Overridable at run time: `--param target=…`",
        ].join("\n\n"),
      ),
      range: range(15, 8, 14),
    });
    const out = {
      contents: markdown(
        [
          '```momoflow\nvar out = "build/${target}"\n```\n_var of workflow `publish_site`, computed once per run, when first read_',
          "**Type:** `string`",
        ].join("\n\n"),
      ),
    };
    assert.deepEqual(await hover(17, 7), { ...out, range: range(17, 6, 9) });
    // A use inside a `"""` script.
    assert.deepEqual(await hover(22, 18), { ...out, range: range(22, 17, 20) });
  });

  it("shows a secret param's type and how to give it, never a value written in the file", async () => {
    const secretUri = workspace.uri("secret.momoflow");
    const text = [
      "workflow deploy {",
      '  param api_key: secret = "hunter2-literal"',
      "  param token: secret = env.TOKEN",
      "  step a {",
      '    run: "echo ${api_key}"',
      "  }",
      "}",
      "",
    ].join("\n");
    await workspace.client.open(secretUri, text);
    const literal = ((await hover(1, 9, secretUri))!.contents as MarkupContent).value;
    assert.match(literal, /^```momoflow\nparam api_key: secret = \*\*\*\n```/, literal);
    assert.match(literal, /\*\*Secret:\*\* its value is shown as `\*\*\*`/);
    assert.match(literal, /MOMOFLOW_PARAM_API_KEY/);
    const fromEnv = ((await hover(2, 9, secretUri))!.contents as MarkupContent).value;
    assert.match(fromEnv, /param token: secret = env\.TOKEN/, fromEnv);
    // A use of the param, and the workflow's own hover listing its params.
    const use = ((await hover(4, 18, secretUri))!.contents as MarkupContent).value;
    const workflow = ((await hover(0, 11, secretUri))!.contents as MarkupContent).value;
    for (const value of [literal, fromEnv, use, workflow])
      assert.equal(value.includes("hunter2-literal"), false, value);
    assert.match(workflow, /`api_key: secret = \*\*\*`/, workflow);
  });

  it("shows a command parameter, a property, a type, a status and a duration", async () => {
    assert.deepEqual(await hover(32, 20), {
      contents: markdown(
        [
          "```momoflow\n(parameter) source: path\n```\n_parameter of command `copy_file`_",
          "The file to copy.",
          "**Required**: every call must give it.",
        ].join("\n\n"),
      ),
      range: range(32, 19, 25),
    });
    assert.deepEqual(await hover(26, 6), {
      contents: markdown(
        [
          "```momoflow\n(step property) timeout\n```",
          "The action is stopped (its whole process group) and fails after this long.",
          "**Type:** `duration`",
        ].join("\n\n"),
      ),
      range: range(26, 4, 11),
    });
    assert.deepEqual(await hover(12, 4), {
      contents: markdown(
        [
          "```momoflow\n(workflow property) concurrency\n```",
          "How many steps may run at once. With 1, steps run one at a time in declaration order, never before their `needs`.",
          "**Type:** `int` · at least 1 · default `1`",
        ].join("\n\n"),
      ),
      range: range(12, 2, 13),
    });
    assert.deepEqual(await hover(16, 18), {
      contents: markdown("```momoflow\n(type) int\n```\n\nAn int (a whole number)."),
      range: range(16, 17, 20),
    });
    assert.deepEqual(await hover(46, 22), {
      contents: markdown(
        "```momoflow\n(run status) rolled_back\n```\n\nA step failed and every completed step was undone.",
      ),
      range: range(46, 19, 30),
    });
    assert.deepEqual(await hover(26, 14), {
      contents: markdown("```momoflow\n(duration) 5m\n```\n\n5 minutes = 300,000 ms"),
      range: range(26, 13, 15),
    });
  });

  it("normalizes sizes and durations, and says nothing on punctuation", async () => {
    const doc = workspace.path("limits.momoflow");
    const docUri = uriOf(doc);
    await workspace.client.open(
      docUri,
      'workflow w {\n  timeout: 1.5h\n  step a { run: "x" }\n}\n\ntest "t" {\n  workflow: w\n  expect memory < 10MB\n  expect duration < 250ms\n}\n',
    );
    assert.deepEqual(await hover(7, 19, docUri), {
      contents: markdown(
        "```momoflow\n(size) 10MB\n```\n\n10 megabytes = 10,485,760 bytes (sizes count in powers of 1024)",
      ),
      range: range(7, 18, 22),
    });
    assert.deepEqual(await hover(1, 12, docUri), {
      contents: markdown("```momoflow\n(duration) 1.5h\n```\n\n1.5 hours = 5,400,000 ms"),
      range: range(1, 11, 15),
    });
    assert.deepEqual(await hover(8, 22, docUri), {
      contents: markdown("```momoflow\n(duration) 250ms\n```\n\n250 milliseconds"),
      range: range(8, 20, 25),
    });
    assert.equal(await hover(2, 9, docUri), null);
  });

  it("explains steps.<id>.status, a JSON output field, matches, files, inputs and outputs", async () => {
    const docUri = workspace.uri("constructs.momoflow");
    const lines = [
      "workflow c {",
      "  step stats {",
      "    output: json",
      '    inputs: "src/*.txt"',
      '    outputs: "build/out.txt"',
      '    run: "echo"',
      "  }",
      "  step report {",
      "    needs: stats",
      "    when: steps.stats.status == failed || steps.stats.output.a[0].b > 1",
      '    run: "echo"',
      "  }",
      "}",
      'test "t" {',
      "  workflow: c",
      '  files: "fixtures"',
      '  expect output stats matches "^x"',
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const text = async (line: number, character: number): Promise<string> =>
      ((await hover(line, character, docUri))?.contents as MarkupContent | undefined)?.value ?? "";
    const col = (line: number, word: string, nth = 0): number => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = lines[line]!.indexOf(word, at + 1);
      return at;
    };

    const status = await hover(9, col(9, "status") + 2, docUri);
    const statusText = (status?.contents as MarkupContent).value;
    assert.match(statusText, /\(step status\) steps\.stats\.status/);
    assert.match(statusText, /handler/);
    assert.match(statusText, /after a failure/);
    assert.match(statusText, /before the rollback/);
    assert.match(statusText, /kept/);
    assert.deepEqual(status?.range, range(9, col(9, "status"), col(9, "status") + 6));

    // The item [0] and the field after it, each with the path up to it.
    const item = await hover(9, col(9, "[0]") + 1, docUri);
    assert.match(
      (item?.contents as MarkupContent).value,
      /\(JSON output field\) steps\.stats\.output\.a\[0\]\n[\s\S]*A field of step `stats`'s JSON output/,
    );
    assert.deepEqual(item?.range, range(9, col(9, "[0]") + 1, col(9, "[0]") + 3));
    assert.match(await text(9, col(9, ".b") + 1), /steps\.stats\.output\.a\[0\]\.b\n/);
    // `output` itself is no field of the JSON, and `stats` is the step.
    assert.doesNotMatch(await text(9, col(9, "output") + 1), /JSON output field/);
    assert.match(await text(9, col(9, "stats") + 1), /step/);

    const matches = await text(16, col(16, "matches") + 1);
    assert.match(matches, /\(comparison\) matches/);
    assert.match(matches, /regular expression \(JavaScript syntax/);
    assert.match(
      await text(15, 3),
      /\(test property\) files[\s\S]*copied into the test's working directory/,
    );
    assert.match(await text(3, 6), /\(step property\) inputs[\s\S]*Files the step reads/);
    assert.match(await text(4, 6), /\(step property\) outputs[\s\S]*up to date/);
    // The root of the reference is no step field.
    assert.doesNotMatch(await text(9, col(9, "steps") + 1), /step status|JSON output field/);
  });
  it("explains a JSON output field in a test's `expect output <id>.<path>`, as in a step", async () => {
    const docUri = workspace.uri("expect-json.momoflow");
    const lines = [
      "workflow c {",
      "  step stats {",
      "    output: json",
      `    run: "echo '{}'"`,
      "    rollback: none",
      "  }",
      "}",
      'test "t" {',
      "  workflow: c",
      "  expect output stats.sites[0].mean == 3",
      "  expect output stats == 3",
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const col = (word: string): number => lines[9]!.indexOf(word);
    const mean = await hover(9, col("mean") + 1, docUri);
    assert.match(
      (mean?.contents as MarkupContent | undefined)?.value ?? "",
      /\(JSON output field\) stats\.sites\[0\]\.mean\n[\s\S]*A field of step `stats`'s JSON output/,
    );
    assert.deepEqual(mean?.range, range(9, col("mean"), col("mean") + 4));
    const item = await hover(9, col("[0]") + 1, docUri);
    assert.match((item?.contents as MarkupContent | undefined)?.value ?? "", /stats\.sites\[0\]\n/);
    // The step id is the step, not a field.
    const step = await hover(9, col("stats") + 1, docUri);
    assert.doesNotMatch((step?.contents as MarkupContent).value, /JSON output field/);
  });
  it("explains env on a workflow and a step, and workdir", async () => {
    const docUri = workspace.uri("env.momoflow");
    const lines = [
      "workflow w {",
      '  env: { NODE_ENV: "production" }',
      "  step build {",
      '    env: { CI: "1" }',
      '    workdir: "web"',
      '    run: "npm run build"',
      "  }",
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const text = async (line: number, character: number): Promise<string> =>
      ((await hover(line, character, docUri))?.contents as MarkupContent | undefined)?.value ?? "";
    assert.match(await text(1, 3), /\(workflow property\) env[\s\S]*Environment variables/);
    assert.match(await text(3, 5), /\(step property\) env[\s\S]*a step's win over its workflow's/);
    assert.match(
      await text(4, 6),
      /\(step property\) workdir[\s\S]*relative to the workflow's working directory[\s\S]*rollback runs there/,
    );
  });

  it("explains output: json and text, contains(…) in a condition and contains in an expect", async () => {
    const docUri = workspace.uri("formats.momoflow");
    const lines = [
      "workflow f {",
      '  param tags: list = ["a"]',
      "  step stats {",
      "    output: json",
      '    run: "echo {}"',
      "  }",
      "  step plain {",
      "    output: text",
      '    when: contains(tags, "a") && !contains(tags, "b")',
      '    run: "echo"',
      "  }",
      "}",
      'test "t" {',
      "  workflow: f",
      '  expect output plain contains "x"',
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const text = async (line: number, character: number): Promise<string> =>
      ((await hover(line, character, docUri))?.contents as MarkupContent | undefined)?.value ?? "";

    const json = await hover(3, 13, docUri);
    assert.match(
      (json?.contents as MarkupContent).value,
      /^```momoflow\noutput: json\n```\n\nThe output is parsed as JSON when the step ends/,
    );
    assert.deepEqual(json?.range, range(3, 12, 16));
    assert.match(
      await text(7, 13),
      /^```momoflow\noutput: text\n```\n\nThe output is the action's text/,
    );

    const call = await hover(8, 11, docUri);
    assert.match(
      (call?.contents as MarkupContent).value,
      /\(function\) contains\(list, item\) · contains\(text, part\) · contains\(map, key\)[\s\S]*True when the list has the item/,
    );
    assert.deepEqual(call?.range, range(8, 10, 18));
    assert.match(await text(8, lines[8]!.indexOf("!contains") + 3), /\(function\) contains/);
    // In an expect, `contains` compares.
    const comparison = await text(14, lines[14]!.indexOf("contains") + 2);
    assert.match(comparison, /\(comparison\) contains\n```\n\nThe text contains the value/);
    // The operators of a condition say nothing.
    assert.equal(await hover(8, lines[8]!.indexOf("&&"), docUri), null);
  });

  it("shows the same hover inside a string's ${…} as outside: params, steps, env, status, JSON fields", async () => {
    const docUri = workspace.uri("interpolations.momoflow");
    const lines = [
      "workflow i {",
      '  param who: string = "x"',
      "  step stats {",
      "    output: json",
      '    run: "echo"',
      "  }",
      "  step report {",
      "    needs: stats",
      '    when: who == "x" && steps.stats.status == failed && steps.stats.output.sites[0].mean > 1 && env.HOME != ""',
      '    run: "echo ${who} ${steps.stats.status} ${ steps.stats.output.sites[0].mean } ${env.HOME}"',
      '    description: """',
      "      for ${who}: ${steps.stats.output.sites[0].mean}",
      '    """',
      "  }",
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const col = (line: number, word: string): number => {
      const at = lines[line]!.indexOf(word);
      assert.ok(at >= 0, `${word} on line ${line}`);
      return at;
    };
    const words = ["who", "stats", "status", "sites", "[0]", "mean", "HOME"];
    // One character into each word (for `[0]`, on the `0`).
    for (const word of words) {
      const outside = await hover(8, col(8, word) + 1, docUri);
      const inside = await hover(9, col(9, word) + 1, docUri);
      assert.ok(outside, `a hover on ${word} in code`);
      assert.deepEqual(inside?.contents, outside.contents, word);
      const length = outside.range!.end.character - outside.range!.start.character;
      const start = col(9, word) + (outside.range!.start.character - col(8, word));
      assert.deepEqual(inside?.range, range(9, start, start + length), word);
    }
    // A triple-quoted string, over several lines, reads its interpolations too.
    for (const word of ["who", "mean"]) {
      const outside = await hover(8, col(8, word) + 1, docUri);
      assert.deepEqual((await hover(11, col(11, word) + 1, docUri))?.contents, outside!.contents);
    }
    // Between interpolations the string is text: no hover.
    assert.equal(await hover(9, col(9, "echo") + 1, docUri), null);
    assert.equal(await hover(9, col(9, "} ${") + 1, docUri), null);
  });

  it("explains glob(…) of a for_each", async () => {
    const docUri = workspace.uri("glob.momoflow");
    const lines = [
      "workflow g {",
      "  step s {",
      '    for_each: f in glob("data/*.csv")',
      '    run: "echo ${f}"',
      "  }",
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const start = lines[2]!.indexOf("glob");
    const shown = await hover(2, start + 2, docUri);
    assert.ok(shown, "a hover on glob");
    assert.deepEqual(shown.range, range(2, start, start + 4));
    assert.match(
      (shown.contents as MarkupContent).value,
      /^```momoflow\n\(items\) glob\(pattern\)\n```\n\nThe files matching/,
    );
  });

  it("explains the built-in references run.id, run.dir, workflow.name and workflow.dir, in code and in ${…}", async () => {
    const docUri = workspace.uri("builtins.momoflow");
    const lines = [
      "workflow b {",
      "  step s {",
      '    when: run.id != "" && run.dir != "" && workflow.name != "" && workflow.dir != ""',
      '    run: "echo 😀 ${run.id} ${run.dir} ${ workflow.name } ${workflow.dir}"',
      "  }",
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    for (const line of [2, 3]) {
      for (const name of ["run.id", "run.dir", "workflow.name", "workflow.dir"]) {
        const start = lines[line]!.indexOf(name);
        const whole = range(line, start, start + name.length);
        // On the root and on the field alike: the whole reference, one meaning.
        for (const at of [start + 1, start + name.length - 1]) {
          const shown = await hover(line, at, docUri);
          assert.ok(shown, `a hover on ${name} at ${line}:${at}`);
          assert.deepEqual(shown.range, whole, name);
          const value = (shown.contents as MarkupContent).value;
          assert.match(
            value,
            new RegExp(
              `^\`\`\`momoflow\n\\(built-in\\) ${name.replace(".", "\\.")}: (string|path)\n`,
            ),
            value,
          );
        }
      }
    }
    // `run:` the property and `workflow` of a call are no built-in references.
    assert.doesNotMatch(((await hover(3, 5, docUri))?.contents as MarkupContent).value, /built-in/);
  });

  it("explains the roots steps and env and a step's output, in code and in ${…}, as completion does", async () => {
    const docUri = workspace.uri("roots.momoflow");
    const lines = [
      "workflow r {",
      '  step a { run: "echo a" }',
      "  step b {",
      "    needs: [a]",
      '    when: steps.a.output != ""',
      '    run: "echo ${steps.a.output} ${env.HOME}"',
      "  }",
      "}",
      "",
    ];
    await workspace.client.open(docUri, lines.join("\n"));
    const expected: [string, string, string][] = [
      ["steps", "(built-in) steps", "The output of a step this one needs."],
      ["env", "(built-in) env", "An environment variable of the run (empty when unset)."],
      ["output", "(step output) steps.a.output", "The step's output: the standard output"],
    ];
    for (const line of [4, 5]) {
      for (const [word, title, doc] of expected) {
        const start =
          word === "output"
            ? lines[line]!.indexOf(".output") + 1
            : lines[line]!.indexOf(`${word}.`);
        if (start < 0) continue;
        const shown = await hover(line, start + 1, docUri);
        assert.ok(shown, `a hover on ${word} at ${line}:${start + 1}`);
        assert.deepEqual(shown.range, range(line, start, start + word.length), word);
        const value = (shown.contents as MarkupContent).value;
        assert.ok(value.startsWith(`\`\`\`momoflow\n${title}\n\`\`\`\n\n${doc}`), value);
      }
    }
    // `env:` the property is no root.
    const property = 'workflow p {\n  env: { A: "1" }\n  step s { run: "echo" }\n}\n';
    const propertyUri = workspace.uri("env-property.momoflow");
    await workspace.client.open(propertyUri, property);
    assert.match(
      ((await hover(1, 3, propertyUri))?.contents as MarkupContent).value,
      /^```momoflow\n\(workflow property\) env\n/,
    );
  });
});

describe("hover: durations and sizes in words", () => {
  it("writes durations and sizes in words and plain units", () => {
    assert.equal(groupDigits(10_485_760), "10,485,760");
    assert.equal(groupDigits(999), "999");
    assert.equal(groupDigits(1234.5), "1,234.5");
    assert.equal(describeDuration("5m"), "5 minutes = 300,000 ms");
    assert.equal(describeDuration("1s"), "1 second = 1,000 ms");
    assert.equal(describeDuration("1.5s"), "1.5 seconds = 1,500 ms");
    assert.equal(describeDuration("2h"), "2 hours = 7,200,000 ms");
    assert.equal(describeDuration("250ms"), "250 milliseconds");
    assert.equal(describeDuration("5min"), undefined);
    assert.equal(describeSize("10MB"), "10 megabytes = 10,485,760 bytes");
    assert.equal(describeSize("1KB"), "1 kilobyte = 1,024 bytes");
    assert.equal(describeSize("512B"), "512 bytes");
    assert.equal(describeSize("1.5GB"), "1.5 gigabytes = 1,610,612,736 bytes");
  });
});
