import "./esm-only-dependencies";
import assert from "node:assert/strict";
import fc from "fast-check";
import { generateWorkflows } from "../../src/bench/generated-workflows";
import { unknownReferencesFile } from "../../src/bench/unknown-references";
import type { CheckResult } from "../../src/language/scope";
import { LanguageWorkspace } from "../../src/language/workspace";

const PATH = "/incremental-check/main.momoflow";

/** Snippets an editor session types: letters, ids, braces, lines, property starts, comments. */
const snippet = fc.constantFrom(
  "x",
  "_",
  "7",
  " ",
  "\n",
  "\n    ",
  "{",
  "}",
  '"',
  "stpe_00001",
  "step_00002",
  "needs: step_00003\n    ",
  "// note\n",
  "/// doc\n  ",
  "${steps.step_00001.output}",
  'step s { run: log(message: "a") }\n',
);

/** One edit: replace `length` characters at an offset (`at` modulo the text's length) with a snippet. */
const edit = fc.record({
  // Not a fraction: fast-check's doubles favour 0 and 1, the file's edges, where no step is.
  at: fc.nat(),
  length: fc.integer({ min: 0, max: 3 }),
  insert: snippet,
});
type Edit = { at: number; length: number; insert: string };

function apply(text: string, { at, length, insert }: Edit): string {
  const offset = at % (text.length + 1);
  return text.slice(0, offset) + insert + text.slice(offset + length);
}

/** The result as plain data: what `check --format json` and the editor read (suggestions included). */
function plain(result: CheckResult): string {
  return JSON.stringify(result.diagnostics);
}

/** The check of `text` by a workspace that never saw another text (no cache, no incremental parse). */
function fullCheck(text: string, path: string, files: ReadonlyMap<string, string>): string {
  const workspace = new LanguageWorkspace({ readFile: (p) => files.get(p) });
  workspace.setText(path, text);
  return plain(workspace.check(path));
}

describe("incremental re-check after edits (an editor's session)", function () {
  this.timeout(120_000);

  const sessions = (
    start: string,
    runs: number,
    path = PATH,
    files: ReadonlyMap<string, string> = new Map(),
  ): void => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
        // One workspace through the whole session, as the language server keeps it.
        const workspace = new LanguageWorkspace({
          host: { readFile: (p) => files.get(p) },
          incrementalCheck: true,
        });
        let text = start;
        workspace.setText(path, text);
        workspace.check(path);
        for (const [n, e] of edits.entries()) {
          text = apply(text, e);
          workspace.setText(path, text);
          const expected = fullCheck(text, path, files);
          assert.equal(plain(workspace.check(path)), expected, `after edit ${n + 1}`);
        }
      }),
      { numRuns: runs },
    );
  };

  it("gives what a full check gives, in a file of misspelt step ids", () => {
    sessions(unknownReferencesFile(40), 60);
  });

  it("gives what a full check gives, in the benchmark's generated document", () => {
    const generated = generateWorkflows({ workflows: 2, stepsPerWorkflow: 14, tests: 2 });
    sessions(generated.main, 30, generated.mainPath, generated.files);
  });
});
