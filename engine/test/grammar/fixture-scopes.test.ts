import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import * as oniguruma from "vscode-oniguruma";
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from "vscode-textmate";

/**
 * The TextMate grammar over every fixture a user might write: nothing in a
 * valid file is scoped invalid, every `${...}` inside a string (both kinds) is
 * an interpolation, and comments are comments.
 */

const ROOT = resolve(__dirname, "../../..");

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.momoflow"
        ? parseRawGrammar(
            readFileSync(join(ROOT, "syntaxes/momoflow.tmLanguage.json"), "utf8"),
            "momoflow.tmLanguage.json",
          )
        : null,
  });
  const grammar = await registry.loadGrammar("source.momoflow");
  assert.ok(grammar, "the grammar did not load");
  return grammar;
}

interface ScopedToken {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

function tokenize(grammar: IGrammar, text: string): ScopedToken[] {
  const out: ScopedToken[] = [];
  let state = INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      out.push({
        line: index + 1,
        start: token.startIndex,
        text: line.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      });
    }
    state = result.ruleStack;
  });
  return out;
}

const validFixtures = ["test-fixtures/valid", "test-fixtures/tests"].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".momoflow"))
    .map((f) => relative(ROOT, join(ROOT, dir, f))),
);

describe("the TextMate grammar over the fixtures", () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it("has valid fixtures to read", () => {
    assert.ok(validFixtures.length >= 8, validFixtures.join(", "));
  });

  for (const file of validFixtures) {
    it(`scopes ${file} without invalid tokens, with interpolations and comments`, () => {
      const tokens = tokenize(grammar, readFileSync(join(ROOT, file), "utf8"));
      const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith("invalid")));
      assert.deepEqual(
        invalid.map((t) => `${t.line}: ${t.text} (${t.scopes.join(" ")})`),
        [],
      );

      const inStrings = tokens.filter((t) => t.scopes.some((s) => s.startsWith("string.quoted")));
      for (const t of inStrings.filter((t) => t.text === "${")) {
        assert.ok(
          t.scopes.some((s) => s.startsWith("meta.interpolation")),
          `line ${t.line}: \${ is not an interpolation`,
        );
      }
      const commentStarts = tokens.filter((t) => /^\/\/|^\/\*/.test(t.text.trimStart()));
      for (const t of commentStarts) {
        assert.ok(
          t.scopes.some(
            (s) => s.startsWith("comment") || s.startsWith("punctuation.definition.comment"),
          ),
          `line ${t.line}: ${t.text} is not a comment`,
        );
      }
    });
  }

  it("scopes interpolation in both string kinds, a doc comment and a duration in the design's example", () => {
    const text = readFileSync(join(ROOT, "test-fixtures/valid/publish-site.momoflow"), "utf8");
    const lines = text.split("\n");
    const tokens = tokenize(grammar, text);
    /** The scopes at the first occurrence of `needle` on a 1-based line. */
    const scopeOf = (line: number, needle: string): string => {
      const column = lines[line - 1]!.indexOf(needle);
      assert.ok(column >= 0, `line ${line} has no ${needle}`);
      const token = tokens.find(
        (t) => t.line === line && t.start <= column && column < t.start + t.text.length,
      );
      return token?.scopes.join(" ") ?? "(no token)";
    };
    assert.match(scopeOf(3, "Greets"), /comment\.line\.triple-slash\.documentation/);
    assert.match(scopeOf(6, "name}"), /string\.quoted\.double.*meta\.interpolation/);
    assert.match(scopeOf(23, "out}"), /string\.quoted\.triple.*meta\.interpolation/);
    assert.match(scopeOf(27, "5m"), /constant\.numeric\.duration/);
  });
});
