import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { IToken } from "chevrotain";
import { formatDocument } from "../../src/language/format/format-document";
import { lexOnly, parseDocument } from "../../src/language/parse";
import { fencedBlocks } from "../docs/markdown-document";
import { runCli } from "../support/cli-process";
import { momoflowFiles } from "../support/momoflow-files";
import { useTempDir } from "../support/temp-dir";

/**
 * The formatter's promises, checked on every `.momoflow` text the repository
 * holds (its fixtures, examples, grammar tests, and each `momoflow` block of
 * docs/language.md and the README): formatting is idempotent, never changes
 * what the file means (the parser's tree, positions aside, is the same), and
 * keeps every comment; and a file made messy (every indent removed, every
 * space inside a line widened) formats back to the same text.
 */

const REPO = resolve(__dirname, "../../..");
const FOLDERS = ["test-fixtures", "examples", "syntaxes", "engine/test", "client/test"];
const DOCS = ["docs/language.md", "README.md"];

interface Source {
  name: string;
  text: string;
}

/**
 * Comments in every place the brief of the formatter names — ends of lines,
 * between steps, inside lists and maps, before a closing brace, doc
 * comments — with a multi-line string, in a messy layout.
 */
const COMMENTS_EVERYWHERE = `// first line
import "./lib.momoflow" // end of an import
/* a block
   over two lines */ command greet(name: string, /* inline */ greeting: string = "Hello",) { // after {
  run: "echo \${greeting} \${name}"   // end of a line
  rollback: none
  // before }
}
/// The workflow.
workflow w{
  /// A param.
param target : string="x" // after a default
env: { A: "1", /* in a map */ B: "2", // after a comma
  // before } of a map
}
  step build{
needs:[ /* empty */ ]
run: """
    echo   "kept"   as is   // not a comment
  """
    for_each : f in [ "a", // after an item
    // between items
    "b" ]
when: ! (target == "x") && target != "y"
  }

  // between steps


step c { needs: [build,] run: greet(name: "\${target}") timeout: 5m } // after a one-line step
  /* before } */ }
test "t" { workflow: w
params: { target: "p" } // after params
expect status == success // after an expect
  expect output c contains "x" /* at the end */ }
// last line`;

function sources(): Source[] {
  const files = FOLDERS.flatMap((folder) => momoflowFiles(join(REPO, folder))).map((path) => ({
    name: relative(REPO, path),
    text: readFileSync(path, "utf8"),
  }));
  const blocks = DOCS.flatMap((doc) =>
    fencedBlocks(readFileSync(join(REPO, doc), "utf8"))
      .filter((block) => block.language === "momoflow")
      .map((block) => ({ name: `${doc}:${block.line}`, text: block.text })),
  );
  return [...files, ...blocks, { name: "comments everywhere", text: COMMENTS_EVERYWHERE }];
}

/** Keys of the tree that say where, not what. */
const PLACE = new Set(["range", "path", "comments"]);

/** The parser's tree without positions, as comparable text. */
function meaning(text: string): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== "object") return value;
    // A range held under another name (a call's `workflow` keyword): only that it is there.
    if ("start" in value && "end" in value) return "a range";
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => !PLACE.has(key) && !key.endsWith("Range"))
        .sort()
        .map((key) => [key, strip((value as Record<string, unknown>)[key])]),
    );
  };
  return JSON.stringify(strip(parseDocument(text, "").file), null, 1);
}

/** Every comment, its kind and text, in order. */
function comments(text: string): string[] {
  return parseDocument(text, "").file.comments.map((c) => `${c.style} ${c.text.trimEnd()}`);
}

/**
 * `text` with its layout made messy without touching a token: the
 * whitespace between two tokens on one line widened to ` \t `, and every
 * line's indentation replaced by three spaces (or none). Strings and
 * comments are tokens: their insides stay as written.
 */
function messy(text: string): string {
  const { tokens, comments: notes } = lexOnly(text);
  const items: IToken[] = [...tokens, ...notes].sort((a, b) => a.startOffset - b.startOffset);
  let out = "";
  let end = 0;
  items.forEach((item, i) => {
    const gap = text.slice(end, item.startOffset);
    const breaks = gap.match(/\r\n|\n|\r/g) ?? [];
    if (breaks.length > 0) out += breaks.join("") + (i % 2 ? "   " : "");
    else out += gap.length > 0 ? " \t " : "";
    out += item.image;
    end = item.startOffset + item.image.length;
  });
  return out + text.slice(end);
}

describe("fmt keeps meaning and comments, and is idempotent, on every .momoflow text of the repository", function () {
  const all = sources();
  const formattable = all.filter((s) => parseDocument(s.text, "").diagnostics.length === 0);
  const tmp = useTempDir("momoflow-fmt-properties-");

  it("finds the texts: every fixture folder and the docs' examples", () => {
    assert.ok(all.length > 80, `only ${all.length} texts found`);
    assert.ok(formattable.length > 70, `only ${formattable.length} texts parse`);
    assert.ok(
      formattable.some((s) => s.name === "comments everywhere"),
      "the text of comments everywhere has syntax errors",
    );
  });

  for (const source of formattable) {
    it(source.name, () => {
      const before = meaning(source.text);
      const notes = comments(source.text);
      for (const indent of [2, 4, "tab"] as const) {
        const once = formatDocument(source.text, { indent });
        assert.ok(once.ok, `--indent ${indent}: ${!once.ok && once.error}`);
        const twice = formatDocument(once.text, { indent });
        assert.ok(twice.ok, `--indent ${indent}: the formatted text does not parse`);
        assert.equal(twice.text, once.text, `--indent ${indent}: a second pass changes the text`);
        assert.equal(meaning(once.text), before, `--indent ${indent}: the tree changed`);
        assert.deepEqual(comments(once.text), notes, `--indent ${indent}: comments changed`);
      }
      const tidy = formatDocument(source.text);
      const untidy = messy(source.text);
      assert.equal(meaning(untidy), before, "the messy copy means the same (test's own check)");
      const again = formatDocument(untidy);
      assert.ok(tidy.ok && again.ok);
      assert.equal(again.text, tidy.text, "the messy copy formats to the same text");
    });
  }

  it("momoflow fmt (the real CLI) formats messy copies of them all to the same texts", async function () {
    this.timeout(120_000);
    const dir = tmp();
    const expected = new Map<string, string>();
    formattable.forEach((source, i) => {
      const file = join(dir, `${String(i).padStart(3, "0")}.momoflow`);
      const tidy = formatDocument(source.text);
      assert.ok(tidy.ok);
      expected.set(file, tidy.text);
      writeFileSync(file, messy(source.text));
    });
    const out = await runCli(["fmt", dir], dir);
    assert.equal(out.code, 0, out.stderr);
    for (const [file, text] of expected)
      assert.equal(readFileSync(file, "utf8"), text, relative(dir, file));
  });
});
