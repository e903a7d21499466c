import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importPathProblem } from "../../src/language/check/import-graph";
import { LanguageWorkspace, type WorkspaceHost } from "../../src/language/workspace";

/** Files in memory; reads are counted, to show that refused imports are never read. */
function memoryHost(files: Record<string, string>): WorkspaceHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile(path) {
      reads.push(path);
      return files[path];
    },
  };
}

describe("import paths", () => {
  it("are relative paths of .momoflow files", () => {
    assert.equal(importPathProblem("./common.momoflow"), undefined);
    assert.equal(importPathProblem("../lib/deploy.momoflow"), undefined);
    assert.equal(importPathProblem("common.momoflow"), undefined);
    assert.match(importPathProblem("/etc/passwd")!, /is absolute/);
    assert.match(importPathProblem("/ws/lib.momoflow")!, /is absolute/);
    assert.match(importPathProblem("./notes.txt")!, /imports name \.momoflow files/);
    assert.match(importPathProblem("../../etc/passwd")!, /imports name \.momoflow files/);
  });

  it('`import` without its path is the one MF001 asking for it, not also MF013 on an empty path; `import ""` is MF013', () => {
    const host = memoryHost({
      "/ws/main.momoflow": 'import\nimport ""\nworkflow w { step a { run: "echo" } }\n',
    });
    const diagnostics = new LanguageWorkspace(host).check("/ws/main.momoflow").diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ["MF001 0:0", "MF013 1:7"],
    );
  });

  it("a refused import is MF013 on its path and is never read", () => {
    const host = memoryHost({
      "/ws/main.momoflow":
        'import "/ws/lib.momoflow"\nimport "./secret.txt"\nworkflow w { step a { run: hello() } }\n',
      "/ws/lib.momoflow": 'command hello { run: "echo hi" }\n',
      "/ws/secret.txt": 'command hello { run: "echo hi" }\n',
    });
    const diagnostics = new LanguageWorkspace(host).check("/ws/main.momoflow").diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ["MF013 0:7", "MF013 1:7", "MF005 2:27"],
    );
    assert.deepEqual(host.reads, ["/ws/main.momoflow"]);
  });

  it("an imported file's own refused import is reported when that file is checked; the importer's import says it has an error", () => {
    const host = memoryHost({
      "/ws/main.momoflow": 'import "./lib.momoflow"\n',
      "/ws/lib.momoflow": 'import "/etc/passwd"\n',
    });
    const workspace = new LanguageWorkspace(host);
    assert.deepEqual(
      workspace.check("/ws/main.momoflow").diagnostics.map((d) => [d.code, d.range.start]),
      [["MF013", { line: 0, character: 7 }]],
    );
    assert.deepEqual(
      workspace.check("/ws/lib.momoflow").diagnostics.map((d) => d.code),
      ["MF013"],
    );
    assert.ok(!host.reads.includes("/etc/passwd"));
  });
});

describe("an import that cannot be read", () => {
  it("says why, as a file given to momoflow check would: not UTF-8, a folder, or no file", () => {
    const dir = mkdtempSync(join(tmpdir(), "momoflow-import-unreadable-"));
    try {
      writeFileSync(
        join(dir, "bad.momoflow"),
        Buffer.from('command x { run: "\xff" }\n', "latin1"),
      );
      mkdirSync(join(dir, "folder.momoflow"));
      const main = join(dir, "main.momoflow");
      writeFileSync(
        main,
        'import "./bad.momoflow"\nimport "./folder.momoflow"\nimport "./nope.momoflow"\n',
      );
      const diagnostics = new LanguageWorkspace().check(main).diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
        [
          [
            "MF013",
            0,
            `cannot import ${join(dir, "bad.momoflow")}: not valid UTF-8 (byte offset 18)`,
          ],
          ["MF013", 1, `cannot import ${join(dir, "folder.momoflow")}: a folder, not a file`],
          ["MF013", 2, `import not found: no file at ${join(dir, "nope.momoflow")}`],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
