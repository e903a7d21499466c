import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import type {
  CompletionItem,
  InsertReplaceEdit,
  MarkupContent,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "../support/workspace-session";
import { MAX_RESULT_BYTES } from "../../src/session/recorded-json-output";

/**
 * Completion of a JSON output's fields from the latest finished run that
 * recorded the step (docs/language.md, "Structured outputs"): a real run
 * record made by the real CLI, then completion over a real LSP connection.
 */

const CLI = resolve(__dirname, "../../../dist/cli.js");

const FILE = "flows.momoflow";

/** What step `many` outputs: a list longer than the indexes offered after `[`. */
const MANY = Array.from({ length: 25 }, (_, i) => i * 10);

/** The workflows run; `report` is written around `lines`, and a test after them. */
function flows(lines: readonly string[] = ['    run: "echo"'], test: string[] = []): string {
  return [
    "workflow inner {",
    '  param names: list = ["a"]',
    "  step conv {",
    "    for_each: n in names",
    `    run: """printf '{"name": "%s", "size": 1}' \${n}"""`,
    "    output: json",
    "    rollback: none",
    "  }",
    "}",
    "workflow site_stats {",
    '  param extra: string = "total"',
    "  param hold: int = 0",
    '  step wait { run: "sleep ${hold}" rollback: none }',
    "  step stats {",
    "    needs: wait",
    `    run: """printf '{"sites": [{"name": "home", "mean": 3}], "%s": 2}' \${extra}"""`,
    "    output: json",
    "    rollback: none",
    "  }",
    '  step given { run: workflow inner(names: ["x", "y", "z"]) }',
    "  step conv2 {",
    '    for_each: n in ["p", "q"]',
    `    run: """printf '{"id": "%s"}' \${n}"""`,
    "    output: json",
    "    rollback: none",
    "  }",
    "  step many {",
    `    run: """printf '[${MANY.join(",")}]'"""`,
    "    output: json",
    "    rollback: none",
    "  }",
    "  step report {",
    "    needs: [stats, conv2, given, many]",
    ...lines,
    "    rollback: none",
    "  }",
    "}",
    "workflow needs_key {",
    "  param key: secret",
    '  step s { run: "echo ok" rollback: none }',
    "}",
    "workflow keyed {",
    "  step tok {",
    `    run: """printf '"abcdefgh"'"""`,
    "    output: json",
    "    rollback: none",
    "  }",
    "  step use {",
    "    needs: tok",
    "    run: workflow needs_key(key: steps.tok.output)",
    "  }",
    "  step after {",
    "    needs: tok",
    '    run: "echo"',
    "    rollback: none",
    "  }",
    "}",
    ...test,
    "",
  ].join("\n");
}

/** `flows` with a test of `site_stats` whose last line is `expect`. */
function tested(expect: string): string {
  return flows(undefined, ['test "t" {', "  workflow: site_stats", `  ${expect}`, "}"]);
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label).sort();

function documentation(item: CompletionItem | undefined): string {
  const doc = item?.documentation;
  return typeof doc === "string" ? doc : ((doc as MarkupContent | undefined)?.value ?? "");
}

describe("language server: completion of a JSON output's fields from the latest finished run (real CLI, real LSP)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-recorded-json-",
    files: { [FILE]: flows() },
  });
  const started: ChildProcess[] = [];
  afterEach(async () => {
    // A run left going ends with its shell and sleep (its process group), before its folder is removed.
    for (const child of started.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
      const exited = new Promise((done) => child.once("exit", done));
      process.kill(-child.pid, "SIGKILL");
      await exited;
    }
  });

  const at = (text: string): Promise<CompletionItem[]> =>
    workspace.completionAtMark(FILE, text, ".");
  const inReport = (line: string): Promise<CompletionItem[]> => at(flows([line]));
  /** The items at the `|` of `text`, asked as typing `[` asks. */
  const indexesAt = (text: string): Promise<CompletionItem[]> =>
    workspace.completionAtMark(FILE, text, "[");
  /** The same, at the `|` of `line` in step `report`. */
  const indexesIn = (line: string): Promise<CompletionItem[]> => indexesAt(flows([line]));
  const indexesInTest = (expect: string): Promise<CompletionItem[]> => indexesAt(tested(expect));
  const run = (...args: string[]): string => {
    execFileSync(process.execPath, [CLI, "run", workspace.path(FILE), ...args], {
      cwd: workspace.dir,
      stdio: "pipe",
    });
    return readFileSync(workspace.path(".momoflow", "runs", "latest"), "utf8").trim();
  };

  it("offers nothing, and fails nothing, before any run", async () => {
    assert.equal(existsSync(workspace.path(".momoflow")), false);
    assert.deepEqual(await inReport("    when: steps.stats.output.|"), []);
    assert.deepEqual(await inReport("    when: steps.conv2.outputs[0].|"), []);
    assert.deepEqual(await inReport("    when: steps.conv2.outputs.|"), []);
    assert.deepEqual(await at(tested("expect output stats.|")), []);
    // The server still answers: the step ids after `steps.`.
    assert.ok(labels(await inReport("    when: steps.|")).includes("stats"));
  });

  it("offers an index after `[` before any run: `0`, or a fan-out's instances when its list is written out", async () => {
    assert.equal(existsSync(workspace.path(".momoflow")), false);
    // The length is known once the step ran: `0` alone, inserted with the `]`.
    const { text, items } = await withText(
      flows(["    when: steps.stats.output.sites[|"]),
      indexesAt,
    );
    assert.deepEqual(labels(items), ["0"]);
    assert.equal(applied(text, items[0]!), "    when: steps.stats.output.sites[0]");
    // A `]` after the cursor: the number alone.
    const closed = await withText(flows(["    when: steps.stats.output.sites[|] == 3"]), indexesAt);
    assert.equal(
      applied(closed.text, closed.items[0]!),
      "    when: steps.stats.output.sites[0] == 3",
    );
    assert.deepEqual(labels(await indexesIn('    run: "echo ${steps.stats.output.sites[|}"')), [
      "0",
    ]);
    // A fan-out over a list written out: one index per instance, with the item it runs for.
    const instances = await indexesIn("    when: steps.conv2.outputs[|");
    assert.deepEqual(labels(instances), ["0", "1"]);
    assert.deepEqual(
      instances.map((i) => i.detail),
      ['for "p"', 'for "q"'],
    );
    assert.deepEqual(labels(await indexesIn('    run: "echo ${steps.conv2.outputs[|"')), [
      "0",
      "1",
    ]);
    assert.deepEqual(labels(await indexesInTest("expect output conv2[|")), ["0", "1"]);
    // Through a call that gives the list written out.
    const called = await indexesInTest("expect output given/conv[|");
    assert.deepEqual(
      called.map((i) => i.detail),
      ['for "x"', 'for "y"', 'for "z"'],
    );
    // Nothing where no list can be read: a text output, a plain string, a string param.
    assert.deepEqual(await indexesIn("    when: steps.wait.output[|"), []);
    assert.deepEqual(await indexesIn('    run: "echo sites[|"'), []);
    assert.deepEqual(await indexesIn('    run: "echo ${extra[|"'), []);
    assert.deepEqual(await indexesIn("    when: extra[|"), []);
    // A var set to a list of 25 written out: the first 20 indexes, none beyond.
    const inWide = (line: string): Promise<CompletionItem[]> =>
      workspace.completionAtMark(
        "wide.momoflow",
        [
          "workflow wide {",
          '  param samples: list = ["a", "b"]',
          `  var many = [${MANY.join(", ")}]`,
          "  step each {",
          "    for_each: n in many",
          '    run: "echo ${n}"',
          "    rollback: none",
          "  }",
          "  step after {",
          "    needs: each",
          line,
          "    rollback: none",
          "  }",
          "}",
          "",
        ].join("\n"),
        "[",
      );
    // A list param with a default written out: the default's items (value-item-completion.test.ts);
    // `params.samples` reads no param (MF001), so nothing is offered there.
    assert.deepEqual(labels(await inWide('    run: "echo ${samples[|"')), ["0", "1"]);
    assert.deepEqual(await inWide('    run: "echo ${params.samples[|"'), []);
    const wide = await inWide("    when: steps.each.outputs[|");
    assert.deepEqual(
      wide.map((i) => i.label),
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
    assert.equal(wide[19]!.detail, "for 190");
  });

  it("offers the recorded list's indexes after `[`, each with its item, up to 20", async () => {
    const runId = run("--workflow", "site_stats");
    const sites = await withText(flows(["    when: steps.stats.output.sites[|"]), indexesAt);
    assert.deepEqual(labels(sites.items), ["0"]);
    assert.equal(sites.items[0]!.detail, 'map: {"name":"home","mean":3}');
    assert.equal(applied(sites.text, sites.items[0]!), "    when: steps.stats.output.sites[0]");
    assert.match(documentation(sites.items[0]), new RegExp(`sites\\[0\\]\` in .*${runId}`));
    // A fan-out's instances, in code, in `${…}` and in a test; a called workflow's fan-out.
    const instances = await indexesIn("    when: steps.conv2.outputs[|");
    assert.deepEqual(labels(instances), ["0", "1"]);
    assert.equal(instances[1]!.detail, 'map: {"id":"q"}');
    assert.deepEqual(labels(await indexesIn('    run: "echo ${steps.conv2.outputs[|}"')), [
      "0",
      "1",
    ]);
    assert.deepEqual(labels(await indexesIn("    when: steps.given.output[|")), ["0", "1", "2"]);
    assert.deepEqual(labels(await indexesInTest("expect output conv2[|")), ["0", "1"]);
    assert.deepEqual(labels(await indexesInTest("expect output given/conv[|")), ["0", "1", "2"]);
    assert.deepEqual(labels(await indexesInTest("expect output stats.sites[|")), ["0"]);
    // A recorded value that is no list has no index.
    assert.deepEqual(await indexesIn("    when: steps.stats.output[|"), []);
    // 25 recorded: the first 20, each with its value.
    const many = await indexesIn("    when: steps.many.output[|");
    assert.deepEqual(
      many.map((i) => i.label),
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
    assert.equal(many[19]!.detail, "number: 190");
    assert.match(documentation(many[0]), /Item 0 of 25/);
  });

  it("offers the recorded fields, [0] for a list, in values, ${…} and a test's expect output", async () => {
    const runId = run("--workflow", "site_stats");
    const fields = await inReport("    when: steps.stats.output.|");
    assert.deepEqual(labels(fields), ["sites", "total"]);
    const sites = fields.find((i) => i.label === "sites")!;
    assert.equal(sites.detail, 'list: [{"name":"home","mean":3}]');
    assert.equal(fields.find((i) => i.label === "total")!.detail, "number: 2");
    assert.match(
      documentation(sites),
      new RegExp(`steps\\.stats\\.output\\.sites\` in .*${runId}`),
    );

    // A list: `[0]`, which replaces the `.` typed before it.
    const { text, items } = await withText(flows(["    when: steps.stats.output.sites.|"]));
    assert.deepEqual(labels(items), ["[0]"]);
    assert.equal(applied(text, items[0]!), "    when: steps.stats.output.sites[0]");
    assert.equal(items[0]!.filterText, ".[0]");
    assert.equal(items[0]!.detail, 'map: {"name":"home","mean":3}');
    assert.match(documentation(items[0]), /The first of 1 item/);

    // In a command's argument, and in a map's value.
    assert.deepEqual(
      labels(await inReport('    run: create_file(path: "r.txt", content: steps.stats.output.|)')),
      ["sites", "total"],
    );
    assert.deepEqual(labels(await inReport("    env: { SITES: steps.stats.output.sites[0].| }")), [
      "mean",
      "name",
    ]);
    assert.deepEqual(labels(await inReport('    run: "echo ${steps.stats.output.sites[0].|}"')), [
      "mean",
      "name",
    ]);
    // A fan-out's outputs: a list of its instances' outputs.
    assert.deepEqual(labels(await inReport("    when: steps.conv2.outputs.|")), ["[0]"]);
    const instance = await inReport("    when: steps.conv2.outputs[1].|");
    assert.deepEqual(labels(instance), ["id"]);
    assert.equal(instance[0]!.detail, 'string: "q"');

    // A call's output is its workflow's: here the list of a fan-out's instances' outputs.
    assert.deepEqual(labels(await inReport("    when: steps.given.output.|")), ["[0]"]);
    assert.deepEqual(labels(await inReport("    when: steps.given.output[1].|")), ["name", "size"]);

    // A test's expectations read the same record, by the step's path.
    assert.deepEqual(labels(await at(tested("expect output stats.|"))), ["sites", "total"]);
    assert.deepEqual(labels(await at(tested("expect output stats.sites.|"))), ["[0]"]);
    const item = await at(tested("expect output stats.sites[0].|"));
    assert.deepEqual(labels(item), ["mean", "name"]);
    assert.match(documentation(item[0]), /`stats\.sites\[0\]\.(mean|name)`/);
    assert.deepEqual(labels(await at(tested("expect output conv2[1].|"))), ["id"]);
    assert.deepEqual(labels(await at(tested("expect output given/conv[2].|"))), ["name", "size"]);
    assert.deepEqual(labels(await at(tested("expect output given/conv.|"))), ["[0]"]);
    assert.deepEqual(labels(await at(tested("expect output given.|"))), ["[0]"]);
  });

  it("does not read a result.json too large to parse at a keystroke, and still answers", async () => {
    run("--workflow", "site_stats");
    assert.deepEqual(labels(await inReport("    when: steps.stats.output.|")), ["sites", "total"]);
    // Each run's file (an earlier test's too), past the limit: JSON still (trailing spaces), a new size,
    // so read afresh — or not at all.
    const runs = workspace.path(".momoflow", "runs");
    for (const entry of readdirSync(runs, { withFileTypes: true })) {
      const path = join(runs, entry.name, "result.json");
      if (entry.isDirectory() && existsSync(path))
        appendFileSync(path, " ".repeat(MAX_RESULT_BYTES));
    }
    assert.deepEqual(await inReport("    when: steps.stats.output.|"), []);
    assert.ok(labels(await inReport("    when: steps.|")).includes("stats"));
  });

  it("offers nothing for a secret output, masked `***` in the record", async () => {
    run("--workflow", "keyed");
    const result = latestResult();
    assert.equal(result.steps.find((s) => s.id === "tok")?.output, "***");
    const keyed = flows().replace(
      '  step after {\n    needs: tok\n    run: "echo"',
      '  step after {\n    needs: tok\n    when: steps.tok.output.|\n    run: "echo"',
    );
    assert.notEqual(keyed, flows());
    assert.deepEqual(await at(keyed), []);
  });

  it("follows a new run, and passes over one that has not finished", async () => {
    run("--workflow", "site_stats", "--param", "extra=count");
    assert.deepEqual(labels(await inReport("    when: steps.stats.output.|")), ["count", "sites"]);

    // A run still going (its first step sleeping): the latest finished one is read.
    const runsDir = workspace.path(".momoflow", "runs");
    const before = new Set(readdirSync(runsDir));
    const going = spawn(
      process.execPath,
      [CLI, "run", workspace.path(FILE), "--workflow", "site_stats"].concat([
        "--param",
        "extra=late",
        "--param",
        "hold=120",
      ]),
      { cwd: workspace.dir, detached: true, stdio: "ignore" },
    );
    started.push(going);
    // Until its journal names it: then the run is listed, with no result yet.
    const isGoing = (name: string): boolean =>
      !before.has(name) &&
      readFileSafely(join(runsDir, name, "journal.jsonl")).includes("run_started");
    await pollFor(() => readdirSync(runsDir).some(isGoing));
    const goingDir = join(runsDir, readdirSync(runsDir).find(isGoing)!);
    assert.equal(existsSync(join(goingDir, "result.json")), false);
    assert.deepEqual(labels(await inReport("    when: steps.stats.output.|")), ["count", "sites"]);
  });

  it("reads a run's folder again once its journal is there, when it was listed before it had one", async () => {
    run("--workflow", "site_stats", "--param", "extra=first");
    const when = "    when: steps.stats.output.|";
    // A run's folder made, its journal not written yet, when completion lists the runs.
    const runsDir = workspace.path(".momoflow", "runs");
    const later = join(runsDir, "99991231-235959-999-site_stats-later");
    mkdirSync(later);
    assert.deepEqual(labels(await at(flows([when]))), ["first", "sites"]);
    // Its record appears: one the real CLI made of the same file, in another working directory.
    const elsewhere = workspace.path("elsewhere");
    mkdirSync(elsewhere);
    execFileSync(
      process.execPath,
      [
        CLI,
        "run",
        workspace.path(FILE),
        "--workflow",
        "site_stats",
        "--param",
        "extra=second",
      ].concat(["--workdir", elsewhere]),
      { cwd: workspace.dir, stdio: "pipe" },
    );
    const made = join(elsewhere, ".momoflow", "runs");
    const id = readFileSync(join(made, "latest"), "utf8").trim();
    for (const file of ["journal.jsonl", "result.json"])
      copyFileSync(join(made, id, file), join(later, file));
    await pollForAsync(async () => labels(await at(flows([when]))).includes("second"));
    assert.deepEqual(labels(await at(flows([when]))), ["second", "sites"]);
  });

  /** The completion items at the `|` of `text` (asked by `ask`, default as `.` asks), with the text without it. */
  async function withText(
    marked: string,
    ask: (text: string) => Promise<CompletionItem[]> = at,
  ): Promise<{ text: string; items: CompletionItem[] }> {
    return { text: marked.replace("|", ""), items: await ask(marked) };
  }

  function latestResult(): { steps: { id: string; output?: unknown }[] } {
    const id = readFileSync(workspace.path(".momoflow", "runs", "latest"), "utf8").trim();
    return JSON.parse(
      readFileSync(join(workspace.path(".momoflow", "runs", id), "result.json"), "utf8"),
    ) as { steps: { id: string; output?: unknown }[] };
  }
});

/** The line of `text` that `item`'s edit changes, once applied. */
function applied(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit | InsertReplaceEdit;
  const range = "range" in edit ? edit.range : edit.replace;
  assert.equal(range.start.line, range.end.line);
  const line = text.split("\n")[range.start.line]!;
  return line.slice(0, range.start.character) + edit.newText + line.slice(range.end.character);
}

function readFileSafely(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Polls `ready` every 100 ms for up to 30 s. */
async function pollForAsync(ready: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 30_000;
  while (!(await ready())) {
    if (Date.now() > until) throw new Error("timed out waiting for the record to be read");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `ready` every 50 ms for up to 30 s. */
async function pollFor(ready: () => boolean): Promise<void> {
  const until = Date.now() + 30_000;
  while (!ready()) {
    if (Date.now() > until) throw new Error("timed out waiting for the run to start");
    await new Promise((r) => setTimeout(r, 50));
  }
}
