/**
 * The package root's exports are documented where an editor shows it: every
 * export, and every public member of the classes a library user works with,
 * has a TSDoc comment (read by the TypeScript compiler, as the editor reads it).
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "../../src/index.ts");

/** The classes whose every public member must say what it is. */
const CORE_CLASSES = [
  "WorkflowEngine",
  "WorkflowDefinition",
  "WorkflowContext",
  "BaseWorkflowStep",
  "WorkflowResult",
  "FinishedStepResult",
  "WorkflowValidationError",
  "CommandRegistry",
];

/** What every Error has: documented by the language, not by us. */
const ERROR_MEMBERS = new Set(["name", "message", "stack", "cause"]);

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

describe("the package root's documentation", function () {
  this.timeout(60_000);
  let checker: ts.TypeChecker;
  let exports: ts.Symbol[];

  before(() => {
    const program = ts.createProgram([ROOT], {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
      types: ["node"],
      noEmit: true,
    });
    checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(ROOT)!)!;
    exports = checker
      .getExportsOfModule(module)
      .map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
  });

  it("has a TSDoc comment on every export", () => {
    const missing = exports.filter((s) => docOf(s, checker) === "").map((s) => s.name);
    assert.deepEqual(missing, []);
  });

  it("has a TSDoc comment on every public member of the core classes", () => {
    const missing: string[] = [];
    for (const name of CORE_CLASSES) {
      const symbol = exports.find((s) => s.name === name);
      assert.ok(symbol, `${name} is exported`);
      for (const member of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
        const declaration = member.declarations?.[0];
        if (!declaration || ERROR_MEMBERS.has(member.name) || member.name.startsWith("#")) continue;
        const flags = ts.getCombinedModifierFlags(declaration);
        if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        if (docOf(member, checker) === "") missing.push(`${name}.${member.name}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
