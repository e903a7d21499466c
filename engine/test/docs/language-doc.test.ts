import assert from "node:assert/strict";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { BUILTIN_COMMANDS } from "../../src/commands/builtins";
import type { CommandParam, CommandSpec } from "../../src/commands/command";
import { PARAM_TYPES } from "../../src/commands/command-arguments";
import { SHELL_NAMES } from "../../src/commands/shell-choice";
import { SEVERITY_OF } from "../../src/language/check/diagnostic-sink";
import {
  COMMAND_PROPERTIES,
  type PropertyTable,
  STEP_PROPERTIES,
  TEST_PROPERTIES,
  WORKFLOW_PROPERTIES,
} from "../../src/language/check/property-tables";
import { STEP_STATUSES, WORKFLOW_STATUSES } from "../../src/runtime/status";
import { runCli } from "../support/cli-process";
import {
  type FencedBlock,
  fencedBlocks,
  linkTargets,
  proseOf,
  sectionUnder,
  tableRows,
} from "./markdown-document";

const REPO = resolve(__dirname, "../../..");
const DOC = join(REPO, "docs", "language.md");
const CODE = /^MF\d{3}$/;

/** A diagnostic as `momoflow check --format json` prints it. */
interface JsonDiagnostic {
  file: string;
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number } };
}

/** A `momoflow` example of the doc, and the file it is checked as. */
interface Example {
  block: FencedBlock;
  file: string;
  /** The codes its info string lists (`momoflow MF015 MF015`), sorted: what check must report. */
  expected: string[];
}

/** The file a block is written to: its `file=NAME`, or one named after its line. */
function fileNameOf(block: FencedBlock): string | undefined {
  const named = block.words.find((word) => word.startsWith("file="))?.slice("file=".length);
  if (named !== undefined) return named;
  return block.language === "momoflow" ? `example-line-${block.line}.momoflow` : undefined;
}

/** `create_file(path: path, content: string = "")`: a built-in's signature, from its spec. */
function signatureOf(name: string, spec: CommandSpec): string {
  const param = (p: CommandParam): string =>
    `${p.name}: ${p.type}${p.default === undefined ? "" : ` = ${JSON.stringify(p.default)}`}`;
  return `${name}(${(spec.params ?? []).map(param).join(", ")})`;
}

/** The first cells (without backquotes) of the rows of the table under `heading`. */
function firstCells(doc: string, heading: string): string[] {
  return tableRows(sectionUnder(doc, heading))
    .slice(1)
    .map((cells) => cells[0]!.replace(/`/g, ""));
}

/** Every `"MFnnn"` literal in the engine's sources: the codes it can report. */
function codesInSources(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      for (const code of codesInSources(path)) codes.add(code);
    } else if (entry.endsWith(".ts")) {
      for (const match of readFileSync(path, "utf8").matchAll(/"(MF\d{3})"/g)) codes.add(match[1]!);
    }
  }
  return codes;
}

describe("docs/language.md, the users' reference", function () {
  this.timeout(120_000);
  const doc = readFileSync(DOC, "utf8");
  const blocks = fencedBlocks(doc);
  const examples: Example[] = blocks.flatMap((block) => {
    if (block.language !== "momoflow") return [];
    return [
      {
        block,
        file: fileNameOf(block)!,
        expected: block.words.filter((word) => CODE.test(word)).sort(),
      },
    ];
  });
  let dir = "";

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-language-doc-"));
    const written = new Set<string>();
    for (const block of blocks) {
      const file = fileNameOf(block);
      if (file === undefined) continue;
      assert.ok(!written.has(file), `two blocks are written to ${file} (line ${block.line})`);
      written.add(file);
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), block.text);
    }
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the language in many examples", () => {
    assert.ok(examples.length >= 15, `only ${examples.length} momoflow examples`);
    for (const block of blocks) {
      for (const word of block.words) {
        assert.ok(
          CODE.test(word) || word.startsWith("file="),
          `line ${block.line}: unknown word "${word}" after the fence`,
        );
      }
    }
  });

  it("every example checks clean, or with exactly the codes its fence lists", async () => {
    const out = await runCli(["check", "--format", "json", dir], dir);
    assert.ok(out.code === 0 || out.code === 1, out.stderr);
    const diagnostics = JSON.parse(out.stdout) as JsonDiagnostic[];
    for (const example of examples) {
      const own = diagnostics.filter((d) => basename(d.file) === example.file);
      // Hints (an unused param) count only where the fence lists them.
      const reported = own
        .filter((d) => d.severity !== "hint" || example.expected.includes(d.code))
        .map((d) => d.code)
        .sort();
      const shown = own.map((d) => `  ${d.range.start.line + 1}: ${d.code} ${d.message}`);
      assert.deepEqual(
        reported,
        example.expected,
        `the example at line ${example.block.line} of docs/language.md reports:\n${shown.join("\n")}`,
      );
    }
  });

  it("the tests of the examples run and pass", async () => {
    const withTests = examples.filter(
      (example) => example.expected.length === 0 && /^test "/m.test(example.block.text),
    );
    const declared = withTests.reduce(
      (count, example) => count + (example.block.text.match(/^test "/gm)?.length ?? 0),
      0,
    );
    assert.ok(declared >= 10, `only ${declared} tests in the examples`);
    const out = await runCli(["test", "--json", ...withTests.map((e) => join(dir, e.file))], dir);
    const report = JSON.parse(out.stdout) as {
      tests: { name: string; file: string; status: string; failures: { message: string }[] }[];
      passed: number;
      failed: number;
    };
    const failures = report.tests
      .filter((t) => t.status !== "passed")
      .map(
        (t) => `${basename(t.file)} "${t.name}": ${t.failures.map((f) => f.message).join("; ")}`,
      );
    assert.deepEqual(failures, []);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(report.passed, declared);
  });

  it("tables every diagnostic code with its severity, and no other", () => {
    const rows = tableRows(sectionUnder(doc, "Diagnostics")).filter((cells) =>
      CODE.test(cells[0]!),
    );
    const documented = Object.fromEntries(rows.map((cells) => [cells[0]!, cells[1]!]));
    assert.equal(rows.length, Object.keys(documented).length, "a code has two rows");
    assert.deepEqual(documented, { ...SEVERITY_OF });
    for (const cells of rows)
      assert.ok(
        cells.slice(2).every((cell) => cell.length > 0),
        `${cells[0]} has an empty cell`,
      );
  });

  it("the diagnostic codes are all the engine reports", () => {
    const reported = codesInSources(join(REPO, "engine", "src"));
    assert.ok(reported.size >= 15, `only ${reported.size} codes found in the sources`);
    for (const code of reported) assert.ok(code in SEVERITY_OF, `${code} has no severity`);
  });

  it("gives every built-in command with each parameter, its type and its default", () => {
    const rows = tableRows(sectionUnder(doc, "Built-in commands")).slice(1);
    const documented = rows.map((cells) => cells[0]!.replace(/^`|`$/g, ""));
    const expected = Object.entries(BUILTIN_COMMANDS).map(([name, spec]) =>
      signatureOf(name, spec),
    );
    assert.deepEqual(documented, expected);
    for (const [name, spec] of Object.entries(BUILTIN_COMMANDS)) {
      const undo = rows.find((cells) => cells[0]!.startsWith(`\`${name}(`))![2]!;
      if (spec.effectFree) assert.equal(undo, "nothing to undo", name);
      else if (spec.rollback) assert.doesNotMatch(undo, /^none|nothing/, name);
      else assert.match(undo, /^none/, name);
    }
  });

  it("tables every property of each block, and no other", () => {
    const tables: [string, PropertyTable][] = [
      ["Workflow properties", WORKFLOW_PROPERTIES],
      ["Step properties", STEP_PROPERTIES],
      ["Command properties", COMMAND_PROPERTIES],
      ["Test properties", TEST_PROPERTIES],
    ];
    for (const [heading, table] of tables) {
      assert.deepEqual(firstCells(doc, heading).sort(), [...table.keys()].sort(), heading);
    }
  });

  it("tables every type, every status and every shell", () => {
    assert.deepEqual(firstCells(doc, "Types"), [...PARAM_TYPES]);
    const statuses = firstCells(doc, "Statuses");
    assert.deepEqual(statuses, [...STEP_STATUSES, "run status", ...WORKFLOW_STATUSES]);
    const shells = firstCells(doc, "Shells").map((cell) => cell.replace(/ \(default\)$/, ""));
    assert.deepEqual(
      shells,
      SHELL_NAMES.map((name) => `"${name}"`),
    );
  });

  it("tables every form of expect", () => {
    const forms = firstCells(doc, "Tests");
    for (const form of [
      "expect status ==",
      "expect step <id> ==",
      "expect output <id> ==",
      "expect output <id> contains",
      "expect file <path> exists",
      "expect file <path> missing",
      "expect duration <",
      "expect memory <",
    ])
      assert.ok(
        forms.some((cell) => cell.startsWith(form)),
        `no row for ${form}`,
      );
  });

  it("refers to nothing outside the repository", () => {
    assert.doesNotMatch(doc, /https?:\/\//, "a web address");
    assert.doesNotMatch(doc, /\.\.\/shared|\/work\//, "a path outside the repository");
    assert.doesNotMatch(proseOf(doc), /design/i, "a design the users cannot see");
    const anchors = new Set(
      proseOf(doc)
        .split("\n")
        .filter((line) => /^#+ /.test(line))
        .map((line) =>
          line
            .replace(/^#+ /, "")
            .toLowerCase()
            .replace(/[^a-z0-9 _-]/g, "")
            .replace(/ /g, "-"),
        ),
    );
    for (const target of linkTargets(doc)) {
      if (target.startsWith("#")) {
        assert.ok(anchors.has(target.slice(1)), `no heading for the link ${target}`);
        continue;
      }
      const path = resolve(dirname(DOC), target.replace(/#.*$/, ""));
      assert.ok(!relative(REPO, path).startsWith(".."), `${target} leaves the repository`);
      assert.ok(statSync(path, { throwIfNoEntry: false }), `${target} does not exist`);
    }
  });

  it("is what the README links as the language's reference", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const section = sectionUnder(readme, "The language");
    assert.ok(linkTargets(section).includes("docs/language.md"), "no link to docs/language.md");
    assert.doesNotMatch(section, /\.\.\/shared/);
  });
});
