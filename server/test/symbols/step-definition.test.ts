import assert from "node:assert/strict";
import { parseDocument } from "@momoflow/language";
import { documentOutline } from "../../src/symbols/document-outline";

/** Each step's definition in the outline of `lines`. */
function definitions(lines: string[]): Record<string, string> {
  const text = lines.join("\n");
  const outline = documentOutline(parseDocument(text, "/ws/a.momoflow").file, text);
  return Object.fromEntries(outline.workflows[0]!.steps.map((s) => [s.name, s.definition]));
}

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

describe("a step's definition in the document outline (what inline figures compare)", () => {
  it("is its properties as written, but description", () => {
    assert.deepEqual(definitions(SHIP), {
      build: 'run: "make"',
      publish: 'needs: build\nrun: "upload"\nrollback: none',
    });
  });

  it("stays the same when comments, blank lines, docs or a description are edited", () => {
    const edited = [
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
    assert.deepEqual(definitions(edited), definitions(SHIP));
  });

  it("changes with the action, the needs or another setting", () => {
    const changed = (from: string, to: string) =>
      definitions(SHIP.map((line) => (line === from ? to : line)));
    assert.notEqual(
      changed('    run: "make"', '    run: "make all"').build,
      definitions(SHIP).build,
    );
    assert.notEqual(
      changed("    needs: build", "    needs: []").publish,
      definitions(SHIP).publish,
    );
    assert.notEqual(
      changed("    rollback: none", '    rollback: "undo"').publish,
      definitions(SHIP).publish,
    );
  });
});
