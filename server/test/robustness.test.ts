import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type {
  Diagnostic,
  Position,
  Range,
  ServerCapabilities,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";
import { LanguageWorkspace } from "@momoflow/language";
import { LspTestClient, uriOf } from "./support/lsp-client";
import { useWorkspaceSession } from "./support/workspace-session";
import { seededRandom } from "../../engine/test/support/seeded-random";

/**
 * The server under a long random edit session, as a fast typist with a
 * clumsy clipboard would drive it: it must answer every request (a result or
 * an LSP error), never die, and end up publishing exactly what a fresh check
 * of the final text finds. Seeded: MOMOFLOW_FUZZ_SEED replays a failure.
 */

const fixtures = resolve(__dirname, "../../test-fixtures");
const SEED = Number(process.env.MOMOFLOW_FUZZ_SEED ?? 0x5eed);
/** MOMOFLOW_FUZZ_EDITS lengthens (or shortens) every session, for a longer hunt. */
const EDITS = Number(process.env.MOMOFLOW_FUZZ_EDITS ?? 400);
const REQUEST_TIMEOUT_MS = 10_000;
/** What a guarded handler that threw answers. */
const INTERNAL_ERROR = -32603;

/** Every fixture file (the sessions' starting texts and their clipboard). */
function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? fixtureFiles(join(dir, entry.name))
      : entry.name.endsWith(".momoflow")
        ? [join(dir, entry.name)]
        : [],
  );
}
const FRAGMENT_SOURCES = fixtureFiles(fixtures).map((f) => readFileSync(f, "utf8"));

const TOKENS = [
  '"""',
  '"',
  "${",
  "}",
  "{",
  "[",
  "]",
  "(",
  ")",
  ":",
  ",",
  "=",
  "==",
  "!=",
  "<=",
  ".",
  "\\",
  "\\$",
  "$",
  "/*",
  "*/",
  "//",
  "/// doc\n",
  "\n",
  "\r\n",
  "\r",
  "\t",
  "  ",
  "😀",
  "👩‍👩‍👧",
  "é",
  "\u200b",
  "step ",
  "step x {",
  "workflow ",
  "command c(a: int) {",
  'test "t" {',
  "param ",
  "var v = ",
  "needs: [",
  "needs: ",
  "run: ",
  "rollback: ",
  "when: ",
  "timeout: ",
  "expect ",
  "expect step ",
  "import ",
  'import "./nowhere.momoflow"\n',
  "steps.",
  "${steps.",
  "steps.build.output",
  "env.",
  "run.dir",
  "workflow.name",
  "js(",
  "create_file(",
  "copy_file(source: ",
  "sleep(",
  "1s",
  "250ms",
  "10MB",
  "-3",
  "2.5",
  "1e999",
  "99999999999999999999",
  "true",
  "false",
  "contains",
  "rolled_back",
];
const GARBAGE = "abcxyz_019 {}[]()\":,.$\\/*=!<>\n\t-+#@;'`~|😀";

/** One random edit session: the edits to send, and the text it leads to. */
class EditSession {
  document: TextDocument;

  constructor(
    readonly random: () => number,
    readonly uri: string,
    text: string,
  ) {
    this.document = TextDocument.create(uri, "momoflow", 1, text);
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A position in the document; now and then one past its end (the server must clamp). */
  position(): Position {
    const text = this.document.getText();
    if (this.random() < 0.02)
      return { line: this.document.lineCount + this.int(3), character: this.int(200) };
    if (this.random() < 0.02) return { line: this.int(this.document.lineCount), character: 500 };
    return this.document.positionAt(this.int(text.length + 1));
  }

  range(maxLength: number): Range {
    const text = this.document.getText();
    const start = this.int(text.length + 1);
    const end = Math.min(text.length, start + this.int(maxLength + 1));
    return { start: this.document.positionAt(start), end: this.document.positionAt(end) };
  }

  fragment(maxLength: number): string {
    const source = this.pick(FRAGMENT_SOURCES);
    const start = this.int(source.length);
    return source.slice(start, start + 1 + this.int(maxLength));
  }

  garbage(): string {
    let s = "";
    for (let n = 1 + this.int(12); n > 0; n--) s += this.pick([...GARBAGE]);
    return s;
  }

  /** One content change of a random kind. */
  change(): TextDocumentContentChangeEvent {
    const roll = this.random();
    const at = (p: Position): Range => ({ start: p, end: p });
    if (roll < 0.22) return { range: at(this.position()), text: this.pick(TOKENS) };
    if (roll < 0.37) return { range: at(this.position()), text: this.garbage() };
    if (roll < 0.55) return { range: this.range(this.random() < 0.9 ? 12 : 300), text: "" };
    if (roll < 0.72) return { range: this.range(20), text: this.fragment(120) };
    if (roll < 0.86) return { range: at(this.position()), text: this.fragment(40) };
    if (roll < 0.96) return { range: this.range(4), text: this.pick(TOKENS) };
    if (roll < 0.985) return { text: this.pick(FRAGMENT_SOURCES) };
    // Typing a word one character per change.
    return { range: at(this.position()), text: this.pick(["s", "st", "ste", "step"]) };
  }

  /** The changes of one `didChange` (applied in order), applied here too. */
  changes(version: number): TextDocumentContentChangeEvent[] {
    const changes: TextDocumentContentChangeEvent[] = [];
    for (let n = this.random() < 0.8 ? 1 : 2 + this.int(3); n > 0; n--) {
      const change = this.change();
      changes.push(change);
      this.document = TextDocument.update(this.document, [change], version);
    }
    return changes;
  }
}

/** A request the server advertised, with random but well-formed params. */
type RequestMaker = (session: EditSession) => { method: string; params: unknown };

function requestMakers(capabilities: ServerCapabilities, published: () => Diagnostic[]) {
  const makers: RequestMaker[] = [];
  const textDocument = (s: EditSession) => ({ uri: s.uri });
  const at = (method: string, extra: object = {}): RequestMaker => {
    return (s) => ({
      method,
      params: { textDocument: textDocument(s), position: s.position(), ...extra },
    });
  };
  const whole = (method: string, extra: object = {}): RequestMaker => {
    return (s) => ({ method, params: { textDocument: textDocument(s), ...extra } });
  };
  const ranged = (method: string, extra: object = {}): RequestMaker => {
    return (s) => ({
      method,
      params: { textDocument: textDocument(s), range: s.range(80), ...extra },
    });
  };
  const formatting = { options: { tabSize: 2, insertSpaces: true } };
  const c = capabilities;
  if (c.completionProvider) makers.push(at("textDocument/completion"));
  if (c.completionProvider?.resolveProvider)
    makers.push((s) => ({
      method: "completionItem/resolve",
      params: { label: s.pick(TOKENS), data: s.pick([undefined, 42, { uri: s.uri }, "x"]) },
    }));
  if (c.hoverProvider) makers.push(at("textDocument/hover"));
  if (c.definitionProvider) makers.push(at("textDocument/definition"));
  if (c.declarationProvider) makers.push(at("textDocument/declaration"));
  if (c.typeDefinitionProvider) makers.push(at("textDocument/typeDefinition"));
  if (c.implementationProvider) makers.push(at("textDocument/implementation"));
  if (c.referencesProvider)
    makers.push(at("textDocument/references", { context: { includeDeclaration: true } }));
  if (c.documentHighlightProvider) makers.push(at("textDocument/documentHighlight"));
  if (c.signatureHelpProvider) makers.push(at("textDocument/signatureHelp"));
  if (c.renameProvider) {
    makers.push(at("textDocument/rename", { newName: "renamed_x" }));
    if (typeof c.renameProvider === "object" && c.renameProvider.prepareProvider)
      makers.push(at("textDocument/prepareRename"));
  }
  if (c.selectionRangeProvider)
    makers.push((s) => ({
      method: "textDocument/selectionRange",
      params: { textDocument: textDocument(s), positions: [s.position(), s.position()] },
    }));
  if (c.linkedEditingRangeProvider) makers.push(at("textDocument/linkedEditingRange"));
  if (c.documentOnTypeFormattingProvider) {
    const ch = c.documentOnTypeFormattingProvider.firstTriggerCharacter;
    makers.push(at("textDocument/onTypeFormatting", { ch, ...formatting }));
  }
  if (c.documentSymbolProvider) makers.push(whole("textDocument/documentSymbol"));
  if ((c.experimental as { documentOutline?: boolean } | undefined)?.documentOutline)
    makers.push(whole("momoflow/documentOutline"));
  if (c.foldingRangeProvider) makers.push(whole("textDocument/foldingRange"));
  if (c.documentLinkProvider) makers.push(whole("textDocument/documentLink"));
  if (c.codeLensProvider) makers.push(whole("textDocument/codeLens"));
  if (c.colorProvider) makers.push(whole("textDocument/documentColor"));
  if (c.documentFormattingProvider) makers.push(whole("textDocument/formatting", formatting));
  if (c.documentRangeFormattingProvider)
    makers.push(ranged("textDocument/rangeFormatting", formatting));
  if (c.inlayHintProvider) makers.push(ranged("textDocument/inlayHint"));
  if (c.semanticTokensProvider) {
    const st = c.semanticTokensProvider;
    if (st.full) makers.push(whole("textDocument/semanticTokens/full"));
    if (st.range) makers.push(ranged("textDocument/semanticTokens/range"));
    if (typeof st.full === "object" && st.full.delta)
      makers.push(whole("textDocument/semanticTokens/full/delta", { previousResultId: "1" }));
  }
  if (c.codeActionProvider) {
    // With the diagnostics last published: often of an older version, as an editor sends them.
    makers.push((s) => ({
      method: "textDocument/codeAction",
      params: {
        textDocument: textDocument(s),
        range: s.range(30),
        context: { diagnostics: published().slice(0, 20) },
      },
    }));
  }
  if (c.workspaceSymbolProvider)
    makers.push((s) => ({
      method: "workspace/symbol",
      params: { query: s.pick(["", "s", "build"]) },
    }));
  return makers;
}

/** A request's outcome: its result, or the LSP error it was answered with. Never a hang. */
async function answer(client: LspTestClient, method: string, params: unknown) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${method} got no answer within ${REQUEST_TIMEOUT_MS} ms`)),
      REQUEST_TIMEOUT_MS,
    );
  });
  try {
    const result = await Promise.race([client.request<unknown>(method, params), timeout]);
    return { ok: true as const, result };
  } catch (error) {
    const e = error as { code?: unknown; message?: string };
    if (typeof e.code !== "number") throw error;
    return { ok: false as const, code: e.code, message: e.message ?? "" };
  } finally {
    clearTimeout(timer);
  }
}

/** Edits of a code action or formatting answer must lie in the document they were computed for. */
function checkEditsInRange(method: string, result: unknown, text: string): void {
  const document = TextDocument.create("file:///check", "momoflow", 1, text);
  const edits: { range: Range }[] = [];
  if (method.endsWith("ormatting") && Array.isArray(result)) edits.push(...result);
  if (method === "textDocument/codeAction" && Array.isArray(result)) {
    for (const action of result as { edit?: { changes?: Record<string, { range: Range }[]> } }[])
      for (const list of Object.values(action.edit?.changes ?? {})) edits.push(...list);
  }
  for (const { range } of edits) {
    for (const p of [range.start, range.end]) {
      const valid =
        p.line >= 0 &&
        p.line < document.lineCount &&
        p.character >= 0 &&
        document.offsetAt(p) === document.offsetAt({ line: p.line, character: 0 }) + p.character;
      assert.ok(valid, `${method} returned an edit at ${JSON.stringify(p)}, outside the document`);
    }
  }
}

/** A diagnostic as compared: code, range and message. */
const comparable = (d: { code?: unknown; range: Range; message: unknown }): string =>
  `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${JSON.stringify(d.message)}`;

describe("language server: robustness under a random edit session", function () {
  this.timeout(60_000);
  const editor = useWorkspaceSession({ prefix: "momoflow-robust-", each: true });

  const sessions: [string, number, number][] = [
    ["valid/imports/main.momoflow", SEED, EDITS],
    ["valid/command-system.momoflow", SEED + 1, Math.ceil(EDITS * 0.6)],
  ];
  for (const [fixture, seed, edits] of sessions) {
    it(`survives ${edits} random edits of ${fixture} (seed ${seed}) and publishes what a fresh check finds`, async () => {
      const path = join(fixtures, fixture);
      const uri = uriOf(path);
      const session = new EditSession(seededRandom(seed), uri, readFileSync(path, "utf8"));
      await editor.client.open(uri, session.document.getText());
      const published = () => editor.client.diagnostics.get(uri)?.diagnostics ?? [];
      const makers = requestMakers(editor.init.capabilities, published);
      assert.ok(makers.length > 0, "the server advertises some request");

      const errors = new Map<string, number>();
      let pending: Promise<void>[] = [];
      for (let version = 2; version < edits + 2; version++) {
        const changes = session.changes(version);
        await editor.client.change(uri, changes);
        // No request after half the edits, one after most others, a few now and then.
        const roll = session.random();
        const requests = roll < 0.5 ? 0 : roll < 0.85 ? 1 : 2 + session.int(3);
        for (let n = 0; n < requests; n++) {
          const { method, params } = session.pick(makers)(session);
          const text = session.document.getText();
          pending.push(
            answer(editor.client, method, params).then((outcome) => {
              if (outcome.ok) checkEditsInRange(method, outcome.result, text);
              else if (outcome.code === INTERNAL_ERROR) {
                const key = `${method}: ${outcome.message.split("\n")[0]}`;
                errors.set(key, (errors.get(key) ?? 0) + 1);
              }
            }),
          );
        }
        if (pending.length >= 16 || version % 25 === 0) {
          await Promise.all(pending);
          pending = [];
          assert.ok(
            editor.client.alive,
            `the server died at version ${version}:\n${editor.client.stderr}`,
          );
        }
      }
      await Promise.all(pending);
      // A last edit to a text never seen before: its check is new, so it is published for
      // exactly this version (an unchanged result is not published again).
      const end = session.document.positionAt(session.document.getText().length);
      const finalVersion = edits + 2;
      const lastEdit = { range: { start: end, end }, text: `\n// end of session ${seed}\n` };
      session.document = TextDocument.update(session.document, [lastEdit], finalVersion);
      await editor.client.change(uri, [lastEdit]);
      const finalText = session.document.getText();
      await editor.client.waitForDiagnostics(uri, finalVersion);
      const last = editor.client.diagnostics.get(uri)!;
      assert.equal(last.version, finalVersion);

      const workspace = new LanguageWorkspace();
      workspace.setText(path, finalText);
      const fresh = workspace.check(path).diagnostics.slice(0, 1000);
      assert.deepEqual(
        last.diagnostics.map(comparable),
        fresh.map(comparable),
        `published diagnostics differ from a fresh check of the final text (seed ${seed})`,
      );
      assert.ok(editor.client.alive, "the server is alive at the end");
      const crashes = editor.client.logs.filter((l) => /momoflow: (uncaught|unhandled)/.test(l));
      assert.deepEqual(crashes, [], "nothing escaped the handlers' guards");
      if (errors.size > 0) {
        // A handler threw (answered with an internal error): allowed here, but worth seeing.
        console.log(`      handlers that threw (seed ${seed}):`);
        for (const [key, count] of errors) console.log(`        ${count} × ${key}`);
      }
    });
  }

  it("answers requests with bad params with an error or an empty result, and goes on", async () => {
    const path = join(fixtures, "valid", "publish-site.momoflow");
    const uri = uriOf(path);
    const text = readFileSync(path, "utf8");
    await editor.client.open(uri, text);
    await editor.client.waitForDiagnostics(uri, 1);
    const session = new EditSession(seededRandom(SEED), uri, text);
    const makers = requestMakers(editor.init.capabilities, () => []);
    const probe = makers[0]!(session);

    const variants: [string, (params: Record<string, unknown>) => unknown][] = [
      ["an unknown URI", (p) => ({ ...p, textDocument: { uri: editor.uri("none.momoflow") } })],
      ["a non-file URI", (p) => ({ ...p, textDocument: { uri: "untitled:Untitled-1" } })],
      ["a URI that is no URI", (p) => ({ ...p, textDocument: { uri: "%%%not a uri" } })],
      ["a position past the end", (p) => ({ ...p, position: { line: 99_999, character: 99_999 } })],
      ["a negative position", (p) => ({ ...p, position: { line: -1, character: -5 } })],
      ["a position of strings", (p) => ({ ...p, position: { line: "1", character: "x" } })],
      [
        "a reversed range",
        (p) => ({
          ...p,
          range: { start: { line: 40, character: 3 }, end: { line: 2, character: 0 } },
        }),
      ],
      ["a range of nulls", (p) => ({ ...p, range: { start: null, end: null } })],
      ["no text document", (p) => ({ ...p, textDocument: undefined })],
      ["a URI of the wrong type", (p) => ({ ...p, textDocument: { uri: 42 } })],
      ["empty params", () => ({})],
      ["null params", () => null],
      ["a context of the wrong type", (p) => ({ ...p, context: "quickfix" })],
    ];
    const outcomes: string[] = [];
    for (const make of makers) {
      const { method, params } = make(session);
      for (const [what, variant] of variants) {
        const outcome = await answer(
          editor.client,
          method,
          variant(params as Record<string, unknown>),
        );
        outcomes.push(
          `${method} with ${what}: ${outcome.ok ? `answered ${JSON.stringify(outcome.result)}` : `error ${outcome.code} ${outcome.message}`}`,
        );
        assert.ok(
          editor.client.alive,
          `${method} with ${what} ended the server:\n${editor.client.stderr}`,
        );
        // And it still answers a good request.
        const good = await answer(editor.client, probe.method, probe.params);
        assert.ok(good.ok, `after ${method} with ${what}, ${probe.method} failed`);
      }
    }
    // An unknown method is an error, not silence.
    const unknown = await answer(editor.client, "momoflow/noSuchMethod", {});
    assert.equal(unknown.ok, false);

    // Malformed notifications are dropped; the document stays in sync.
    const other = editor.uri("other.momoflow");
    await editor.client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: other, version: 2 },
      contentChanges: [{ text: "workflow" }],
    });
    await editor.client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri },
      contentChanges: [{ text: "garbage" }],
    });
    await editor.client.connection.sendNotification("textDocument/didClose", {});
    await editor.client.connection.sendNotification("textDocument/didOpen", null);
    await editor.client.connection.sendNotification("momoflow/noSuchNotification", { x: 1 });
    const version = await editor.client.change(uri, [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        text: "// hi\n",
      },
    ]);
    const after = await editor.client.waitForDiagnostics(uri, version);
    const workspace = new LanguageWorkspace();
    workspace.setText(path, `// hi\n${text}`);
    assert.deepEqual(after.map(comparable), workspace.check(path).diagnostics.map(comparable));
    assert.ok(editor.client.alive);
    if (process.env.MOMOFLOW_SHOW_OUTCOMES) console.log(outcomes.join("\n"));
    assert.deepEqual(
      editor.client.logs.filter((l) => /momoflow: (uncaught|unhandled)/.test(l)),
      [],
      outcomes.join("\n"),
    );
  });
});
