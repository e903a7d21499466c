import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DocumentOutlineRequest, type DocumentOutline } from "../../src/protocol";
import { useWorkspaceSession } from "../support/workspace-session";

const CLI = resolve(__dirname, "../../../dist/cli.js");

const SHIP = [
  "workflow ship {",
  "  step build {",
  '    run: "make"',
  "  }",
  "  step publish {",
  "    needs: build",
  '    description: "Upload it"',
  '    run: "upload"',
  "    rollback: none",
  "  }",
  "}",
];

/** A workflow whose steps read its params, vars and `env:` in each way a step can. */
const RELEASE = [
  "workflow release {",
  '  param region: string = "eu"',
  "  param n: int = 3",
  "  param unused_by_steps: int = 1",
  '  param target: string = "staging"',
  '  var out = "build/${target}"',
  "  var count = n",
  '  env: { NODE_ENV: "production", REGION: region }',
  "  step shell {",
  '    run: "echo ${out}"',
  "  }",
  "  step counted {",
  "    retries: count",
  '    run: log(message: "counted")',
  "  }",
  "  step own_env {",
  '    env: { NODE_ENV: "test", REGION: "asia" }',
  '    run: "echo $NODE_ENV"',
  "  }",
  "  step reads_env {",
  '    env: { NODE_ENV: "test" }',
  '    run: "echo ${env.NODE_ENV} ${n}"',
  "  }",
  "  step wraps_env {",
  '    env: { NODE_ENV: "${env.NODE_ENV}-ci", REGION: "asia" }',
  '    run: "echo $NODE_ENV"',
  "  }",
  "  step fan {",
  "    for_each: item in [1, 2]",
  '    run: "echo ${item}"',
  "  }",
  "}",
];

/** `lines` with the line `from` replaced by `to` (which must be there). */
function edited(lines: readonly string[], from: string, to: string): string[] {
  assert.ok(lines.includes(from), `${from} is a line of the workflow`);
  return lines.map((line) => (line === from ? to : line));
}

describe("a step's definition in the document outline (what inline figures compare; real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-step-definition-" });

  /** Each step's definition in the outline of `lines`, opened as a new document. */
  function definitions(lines: readonly string[]): Promise<Record<string, string>> {
    return workspace.withScratch(lines.join("\n"), async (uri) => {
      const outline = await workspace.client.connection.sendRequest(DocumentOutlineRequest, {
        textDocument: { uri },
      });
      return Object.fromEntries(outline!.workflows[0]!.steps.map((s) => [s.name, s.definition]));
    });
  }

  /** The steps whose definitions differ between `before` and `after`. */
  async function changedSteps(before: readonly string[], after: readonly string[]) {
    const [a, b] = [await definitions(before), await definitions(after)];
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    return Object.keys(a).filter((name) => a[name] !== b[name]);
  }

  it("is its properties as written, but description", async () => {
    assert.deepEqual(await definitions(SHIP), {
      build: 'run: "make"',
      publish: 'needs: build\nrun: "upload"\nrollback: none',
    });
  });

  it("stays the same when comments, blank lines, docs or a description are edited", async () => {
    const edits = [
      "// a comment above everything",
      "",
      "workflow ship {",
      "  /// Builds it.",
      "  step build {",
      "    // why make",
      '    run:   "make" // trailing',
      "  }",
      "",
      "  step publish {",
      "    needs: build",
      '    description: "Upload it, now"',
      "",
      '    run: "upload"',
      "    rollback: none",
      "  }",
      "}",
    ];
    assert.deepEqual(await changedSteps(SHIP, edits), []);
  });

  it("changes with the action, the needs or another setting", async () => {
    assert.deepEqual(
      await changedSteps(SHIP, edited(SHIP, '    run: "make"', '    run: "make all"')),
      ["build"],
    );
    assert.deepEqual(await changedSteps(SHIP, edited(SHIP, "    needs: build", "    needs: []")), [
      "publish",
    ]);
    assert.deepEqual(
      await changedSteps(SHIP, edited(SHIP, "    rollback: none", '    rollback: "undo"')),
      ["publish"],
    );
  });

  it("changes with a param the step reads, directly or through a var, as the document is edited", async () => {
    const uri = await workspace.open("release.momoflow", RELEASE.join("\n"));
    const outline = async (): Promise<Record<string, string>> => {
      const answer: DocumentOutline | null = await workspace.client.connection.sendRequest(
        DocumentOutlineRequest,
        { textDocument: { uri } },
      );
      return Object.fromEntries(answer!.workflows[0]!.steps.map((s) => [s.name, s.definition]));
    };
    const before = await outline();
    // `param n: int = 3` → `= 4`: `counted` reads it through `var count = n`, `reads_env` by name.
    const line = RELEASE.indexOf("  param n: int = 3");
    await workspace.client.change(uri, [
      {
        range: { start: { line, character: 17 }, end: { line, character: 18 } },
        text: "4",
      },
    ]);
    const after = await outline();
    assert.deepEqual(
      Object.keys(before).filter((name) => before[name] !== after[name]),
      ["counted", "reads_env"],
    );
    await workspace.client.closeDocument(uri);
  });

  it("changes with a var's expression or a param it reads, only for the steps that read the var", async () => {
    assert.deepEqual(
      await changedSteps(
        RELEASE,
        edited(RELEASE, '  var out = "build/${target}"', '  var out = "dist/${target}"'),
      ),
      ["shell"],
    );
    assert.deepEqual(
      await changedSteps(
        RELEASE,
        edited(RELEASE, '  param target: string = "staging"', '  param target: string = "prod"'),
      ),
      ["shell"],
    );
  });

  it("changes with a variable of the workflow's env, for each step that runs with it", async () => {
    const env = '  env: { NODE_ENV: "production", REGION: region }';
    // `own_env` and `reads_env` set NODE_ENV themselves (`${env.NODE_ENV}` in a step reads
    // its own value); `wraps_env` sets it from the workflow's.
    assert.deepEqual(
      await changedSteps(
        RELEASE,
        edited(RELEASE, env, '  env: { NODE_ENV: "development", REGION: region }'),
      ),
      ["shell", "counted", "wraps_env", "fan"],
    );
    // A param the env reads: every step that runs with the workflow's REGION.
    assert.deepEqual(
      await changedSteps(
        RELEASE,
        edited(RELEASE, '  param region: string = "eu"', '  param region: string = "us"'),
      ),
      ["shell", "counted", "reads_env", "fan"],
    );
  });

  it("changes with a command or workflow of the file that the step calls, directly or through others", async () => {
    const file = [
      "command upload(file: path) {",
      '  run: "scp ${file} host:"',
      "}",
      "command push(file: path) {",
      "  run: upload(file: file)",
      '  rollback: "echo undo"',
      "}",
      "workflow main {",
      "  step deploy {",
      '    run: push(file: "a.txt")',
      "  }",
      "  step nested {",
      "    run: workflow sub()",
      "  }",
      "  step plain {",
      '    run: "echo plain"',
      "  }",
      "  step bash_step {",
      '    shell: "bash"',
      '    run: "echo bash"',
      "  }",
      "}",
      "workflow sub {",
      "  step send {",
      '    run: upload(file: "b.txt")',
      "  }",
      "}",
    ];
    const uploadRun = '  run: "scp ${file} host:"';
    assert.deepEqual(
      await changedSteps(file, edited(file, uploadRun, '  run: "rsync ${file} host:"')),
      ["deploy", "nested"],
    );
    assert.deepEqual(
      await changedSteps(
        file,
        edited(file, '  rollback: "echo undo"', '  rollback: "echo undone"'),
      ),
      ["deploy"],
    );
    assert.deepEqual(
      await changedSteps(
        file,
        edited(file, '    run: upload(file: "b.txt")', '    run: upload(file: "c.txt")'),
      ),
      ["nested"],
    );
    // Comments and layout in what is called change nothing.
    assert.deepEqual(
      await changedSteps(file, edited(file, uploadRun, '  run:   "scp ${file} host:" // copy it')),
      [],
    );
    // The workflow's shell: each step that names none of its own runs in it.
    assert.deepEqual(
      await changedSteps(file, edited(file, "workflow main {", 'workflow main {\n  shell: "sh"')),
      ["deploy", "nested", "plain"],
    );
  });

  it("stays the same when a value no step reads changes, or params, vars and env are reformatted", async () => {
    assert.deepEqual(
      await changedSteps(
        RELEASE,
        edited(RELEASE, "  param unused_by_steps: int = 1", "  param unused_by_steps: int = 2"),
      ),
      [],
    );
    const reformatted = [
      "// Releases.",
      "workflow release {",
      "  /// Where.",
      '  param region:   string = "eu" // the default region',
      "",
      '  param target: string = "staging"',
      "  param n: int = /* three */ 3",
      "  param unused_by_steps: int = 1",
      "  var count = n",
      '  var out = "build/${target}"',
      "  env: {",
      "    REGION: region,",
      '    NODE_ENV: "production", // for the tools',
      "  }",
      ...RELEASE.slice(RELEASE.indexOf("  step shell {")),
    ];
    assert.deepEqual(await changedSteps(RELEASE, reformatted), []);
  });
});

/** The lowest file: `lib.momoflow` imports it, and `main.momoflow` imports `lib`. */
const BASE = [
  "/// Copies a file to the host.",
  "command upload(file: path) {",
  '  run: "scp ${file} host:"',
  "}",
];

const LIB = [
  'import "./base.momoflow"',
  "command push(file: path) {",
  "  run: upload(file: file)",
  '  rollback: "echo undo"',
  "}",
  "command unused {",
  '  run: "echo unused"',
  "}",
  "workflow release {",
  "  step send {",
  '    run: upload(file: "b.txt")',
  "  }",
  "}",
];

const MAIN = [
  'import "./lib.momoflow"',
  "workflow main {",
  "  step deploy {",
  '    run: push(file: "a.txt")',
  "  }",
  "  step direct {",
  '    run: upload(file: "x.txt")',
  "  }",
  "  step nested {",
  "    run: workflow release()",
  "  }",
  "  step plain {",
  '    run: "echo plain"',
  "  }",
  "}",
];

describe("a step's definition with the commands and workflows of imported files (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-imported-definition-",
    files: {
      "base.momoflow": BASE.join("\n"),
      "lib.momoflow": LIB.join("\n"),
      "main.momoflow": MAIN.join("\n"),
    },
  });
  let main = "";

  before(async () => {
    main = (await workspace.openChecked("main.momoflow")).uri;
  });

  /** Each step's definition in the outline of main.momoflow now. */
  async function definitions(): Promise<Record<string, string>> {
    const outline = await workspace.client.connection.sendRequest(DocumentOutlineRequest, {
      textDocument: { uri: main },
    });
    return Object.fromEntries(outline!.workflows[0]!.steps.map((s) => [s.name, s.definition]));
  }

  /** The steps of main whose definitions `change` changes (it must leave the files as they were). */
  async function changedBy(change: () => Promise<void>): Promise<string[]> {
    const before = await definitions();
    await change();
    const after = await definitions();
    return Object.keys(before).filter((name) => before[name] !== after[name]);
  }

  /** Writes `lines` to `file` on disk and tells the server, as an editor's file watcher does. */
  async function writeOnDisk(file: string, lines: readonly string[]): Promise<void> {
    workspace.write(file, lines.join("\n"));
    await workspace.client.fileChanged(workspace.uri(file), 2);
  }

  afterEach(async () => {
    await writeOnDisk("base.momoflow", BASE);
    await writeOnDisk("lib.momoflow", LIB);
  });

  it("names each imported declaration called with its file and a digest", async () => {
    const { direct } = await definitions();
    assert.match(
      direct!,
      /^run: upload\(file: "x.txt"\)\ncommand upload base\.momoflow [0-9a-f]{16}$/,
    );
  });

  it("changes with an imported command the step calls, edited unsaved in its own editor", async () => {
    const lib = workspace.uri("lib.momoflow");
    const undone = edited(LIB, '  rollback: "echo undo"', '  rollback: "echo undone"');
    assert.deepEqual(await changedBy(() => workspace.client.open(lib, undone.join("\n"))), [
      "deploy",
    ]);
    // Closed without saving: the file on disk counts again.
    assert.deepEqual(await changedBy(() => workspace.client.closeDocument(lib)), ["deploy"]);
  });

  it("changes with a command of an import of an import, changed on disk, for each step that reaches it", async () => {
    const run = '  run: "scp ${file} host:"';
    assert.deepEqual(
      await changedBy(() =>
        writeOnDisk("base.momoflow", edited(BASE, run, '  run: "rsync ${file} host:"')),
      ),
      ["deploy", "direct", "nested"],
    );
  });

  it("changes with an imported workflow the step calls", async () => {
    const send = '    run: upload(file: "b.txt")';
    assert.deepEqual(
      await changedBy(() =>
        writeOnDisk("lib.momoflow", edited(LIB, send, '    run: upload(file: "c.txt")')),
      ),
      ["nested"],
    );
  });

  it("stays the same when comments, docs or layout of what is imported change, or what no step calls", async () => {
    const commented = [
      "// Commands for the host.",
      "/// Copies a file to the host, quietly.",
      "command upload(file: path) {",
      '  run:    "scp ${file} host:" // copy it',
      "",
      "}",
    ];
    assert.deepEqual(await changedBy(() => writeOnDisk("base.momoflow", commented)), []);
    assert.deepEqual(
      await changedBy(() =>
        writeOnDisk("lib.momoflow", edited(LIB, '  run: "echo unused"', '  run: "echo used"')),
      ),
      [],
    );
  });
});

describe("a step's definition digest and the run record (real LSP, the real CLI)", function () {
  this.timeout(60_000);
  const LIB = [
    "command stamp_file(text: string) {",
    '  run: create_file(path: "stamped.txt", content: text)',
    "}",
    "",
  ];
  const MAIN = [
    'import "./lib/stamps.momoflow"',
    "",
    "workflow stamped {",
    "  step stamp {",
    '    run: stamp_file(text: "hello")',
    "  }",
    "  step done {",
    "    needs: stamp",
    '    run: "echo done"',
    "  }",
    "}",
    "",
  ];
  const workspace = useWorkspaceSession({
    prefix: "momoflow-definition-digest-",
    files: { "lib/stamps.momoflow": LIB.join("\n"), "main.momoflow": MAIN.join("\n") },
  });

  /** Each step's digest in the outline of main.momoflow, read from disk afresh. */
  async function outlineDigests(): Promise<Record<string, string>> {
    const outline = await workspace.client.connection.sendRequest(DocumentOutlineRequest, {
      textDocument: { uri: workspace.uri("main.momoflow") },
    });
    return Object.fromEntries(
      outline!.workflows[0]!.steps.map((s) => [s.name, s.definitionDigest]),
    );
  }

  it("is what `momoflow run` records for each step, and an imported command's edit changes the step that calls it", async () => {
    execFileSync(process.execPath, [CLI, "run", workspace.path("main.momoflow"), "--quiet"]);
    const runs = workspace.path(".momoflow", "runs");
    const latest = readFileSync(join(runs, "latest"), "utf8").trim();
    const result = JSON.parse(readFileSync(join(runs, latest, "result.json"), "utf8")) as {
      stepDefinitions?: Record<string, string>;
    };
    const digests = await outlineDigests();
    assert.deepEqual(result.stepDefinitions, digests);
    assert.match(digests.stamp!, /^[0-9a-f]{16}$/);
    // The imported command writes elsewhere now: only the step calling it changed since the run.
    workspace.write("lib/stamps.momoflow", LIB.join("\n").replace("stamped.txt", "other.txt"));
    await workspace.client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: workspace.uri("lib/stamps.momoflow"), type: 2 }],
    });
    const after = await outlineDigests();
    assert.notEqual(after.stamp, result.stepDefinitions!.stamp);
    assert.equal(after.done, result.stepDefinitions!.done);
  });

  it("stays what the run recorded when `momoflow fmt` respaces the file, and keeps the digest older runs recorded", async () => {
    const file = "spaced.momoflow";
    workspace.write(
      file,
      [
        "workflow spaced {",
        "  step write {",
        '    env: {GREETING: "hello: there"}',
        '    run: create_file(path:"greeting.txt", content:"${env.GREETING}")',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    execFileSync(process.execPath, [CLI, "run", workspace.path(file), "--quiet"]);
    const runs = workspace.path(".momoflow", "runs");
    const latest = readFileSync(join(runs, "latest"), "utf8").trim();
    const recorded = (
      JSON.parse(readFileSync(join(runs, latest, "result.json"), "utf8")) as {
        stepDefinitions: Record<string, string>;
      }
    ).stepDefinitions;
    const before = readFileSync(workspace.path(file), "utf8");
    execFileSync(process.execPath, [CLI, "fmt", workspace.path(file)]);
    const formatted = readFileSync(workspace.path(file), "utf8");
    assert.notEqual(formatted, before, "fmt respaced the file");
    await workspace.client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: workspace.uri(file), type: 2 }],
    });
    const outline = await workspace.client.connection.sendRequest(DocumentOutlineRequest, {
      textDocument: { uri: workspace.uri(file) },
    });
    const step = outline!.workflows[0]!.steps[0]!;
    assert.equal(step.definitionDigest, recorded.write);
    // The digest an older momoflow recorded: the definition's text as it is.
    const legacy = createHash("sha1").update(step.definition).digest("hex").slice(0, 16);
    assert.equal(step.legacyDefinitionDigest, legacy);
    // A space inside a string is the value's, next to a colon too: taking it out changes the step.
    workspace.write(file, formatted.replace("hello: there", "hello:there"));
    await workspace.client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: workspace.uri(file), type: 2 }],
    });
    const edited = await workspace.client.connection.sendRequest(DocumentOutlineRequest, {
      textDocument: { uri: workspace.uri(file) },
    });
    assert.notEqual(edited!.workflows[0]!.steps[0]!.definitionDigest, recorded.write);
  });
});
