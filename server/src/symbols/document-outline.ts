import type { ServerCapabilities } from "vscode-languageserver/node";
import {
  type Expression,
  type Name,
  type ParamDeclaration,
  type Property,
  type Range,
  type StepDeclaration,
  type TestDeclaration,
  type WorkflowDeclaration,
  LineIndex,
  type Pausable,
  PauseCounter,
  runToEnd,
  CalledDeclarations,
  type DeclaringDocument,
  type DefinitionSource,
  definitionDigest,
  importedDocuments,
  legacyDefinitionDigest,
  stepDefinition,
  WorkflowReads,
} from "@momoflow/language";
import { propertyText, sourceText, nameRangeWithin } from "../analysis/declaration-text";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import {
  DocumentOutlineRequest,
  type DocumentOutline,
  type LiteralValue,
  type ParamOutline,
  type RollbackDeclaration,
  type StepOutline,
  type TestOutline,
  type WorkflowOutline,
} from "../protocol";
import { uriToPath } from "../session/workspace-files";
import { notifyOutlineChanges } from "./outline-changes";

/**
 * `momoflow/documentOutline` (see protocol.ts): the workflows, params, steps
 * and tests of a document, from its syntax tree (and those of the files it
 * imports, for what its steps call). A document the editor has open is read
 * as edited; any other file is read from disk afresh, so the Testing panel
 * can list the tests of files nobody opened, as they are now. Clients that
 * take it are told when an open document's outline may have changed through
 * its imports (outline-changes.ts).
 */
export function registerDocumentOutline(context: FeatureContext): ServerCapabilities {
  const { connection, session } = context;
  connection.onRequest(
    DocumentOutlineRequest,
    guarded(
      connection,
      "documentOutline",
      async (params, work): Promise<DocumentOutline | null> => {
        const uri = params.textDocument.uri;
        const path = uriToPath(uri);
        // A closed file's text is cached until a file watcher reports a change,
        // which may arrive after the client's own watcher asked: read it again.
        if (!session.document(uri)) session.workspace.invalidate(path);
        const document = session.workspace.parse(path);
        if (!document) return null;
        const imported = importedDocuments(document, (file) => session.workspace.parse(file));
        return work.finish(documentOutlineWork(document, imported));
      },
      documentVersion(session),
    ),
  );
  notifyOutlineChanges(context);
  return { experimental: { documentOutline: true } };
}

/**
 * The outline of a parsed file (what parsed, when it has syntax errors);
 * `imported`: the files it imports, directly or not (see the language's definition/imported-documents.ts).
 */
export function documentOutline(
  document: DeclaringDocument,
  imported: readonly DeclaringDocument[] = [],
): DocumentOutline {
  return runToEnd(documentOutlineWork(document, imported));
}

/**
 * {@link documentOutline} as pausable work: a safe point every
 * `ITEMS_PER_PAUSE` declarations, params and steps, counted together.
 */
export function* documentOutlineWork(
  document: DeclaringDocument,
  imported: readonly DeclaringDocument[] = [],
): Pausable<DocumentOutline> {
  const { file, text } = document;
  const lines = new LineIndex(text);
  const pauses = new PauseCounter();
  const outline: DocumentOutline = { workflows: [], tests: [] };
  const source: OutlineSource = { text, lines, comments: file.comments ?? [] };
  const called = new CalledDeclarations(document, source, imported);
  for (const decl of file.declarations ?? []) {
    if (pauses.due()) yield;
    if (decl?.kind === "workflow") {
      const workflow = yield* workflowOutline(decl, source, called, pauses);
      if (workflow) outline.workflows.push(workflow);
    } else if (decl?.kind === "test") {
      const test = testOutline(decl);
      if (test) outline.tests.push(test);
    }
  }
  return outline;
}

/** The text a declaration's outline quotes from. */
type OutlineSource = DefinitionSource;

function* workflowOutline(
  decl: WorkflowDeclaration,
  source: OutlineSource,
  called: CalledDeclarations,
  pauses: PauseCounter,
): Pausable<WorkflowOutline | undefined> {
  const { text, lines } = source;
  const where = located(decl.name, decl.range);
  if (!where) return undefined;
  const params: ParamOutline[] = [];
  for (const param of decl.params ?? []) {
    if (pauses.due()) yield;
    const outline = param && paramOutline(param, text, lines);
    if (outline) params.push(outline);
  }
  const steps: StepOutline[] = [];
  const reads = new WorkflowReads(decl);
  for (const step of decl.steps ?? []) {
    if (pauses.due()) yield;
    const outline = step && stepOutline(step, source, reads, called);
    if (outline) steps.push(outline);
  }
  return {
    ...where,
    doc: decl.doc,
    description: propertyText(decl.properties, "description"),
    params,
    steps,
  };
}

function paramOutline(
  decl: ParamDeclaration,
  text: string,
  lines: LineIndex,
): ParamOutline | undefined {
  const where = located(decl.name, decl.range);
  if (!where) return undefined;
  const value = decl.default;
  return {
    ...where,
    type: decl.type?.name?.text || undefined,
    default: value?.range
      ? { text: sourceText(text, lines, value.range), value: literalValue(value) }
      : undefined,
    required: !value,
    doc: decl.doc,
  };
}

function stepOutline(
  decl: StepDeclaration,
  source: OutlineSource,
  reads: WorkflowReads,
  called: CalledDeclarations,
): StepOutline | undefined {
  const where = located(decl.name, decl.range);
  if (!where) return undefined;
  const definition = stepDefinition(decl, source, reads.of(decl), called.of(decl));
  return {
    ...where,
    definition,
    definitionDigest: definitionDigest(definition),
    legacyDefinitionDigest: legacyDefinitionDigest(definition),
    needs: needsOf(property(decl.properties, "needs")),
    rollback: rollbackOf(property(decl.properties, "rollback")),
    doc: decl.doc,
    description: propertyText(decl.properties, "description"),
  };
}

function testOutline(decl: TestDeclaration): TestOutline | undefined {
  const where = located(decl.name, decl.range);
  if (!where) return undefined;
  const workflow = property(decl.properties, "workflow")?.value;
  return {
    ...where,
    workflow: workflow?.kind === "ref" ? refText(workflow.segments) : undefined,
    expectations: (decl.expects ?? []).filter((e) => e).length,
    doc: decl.doc,
  };
}

/** `needs: a` or `needs: [a, b]`: the ids named (other values name none). */
function needsOf(needs: Property | undefined): string[] {
  const value = needs?.value;
  const refs = value?.kind === "list" ? value.items : value ? [value] : [];
  const ids: string[] = [];
  for (const item of refs)
    if (item?.kind === "ref" && item.segments?.length === 1) ids.push(refText(item.segments));
  return ids;
}

function rollbackOf(rollback: Property | undefined): RollbackDeclaration {
  if (!rollback) return "absent";
  return rollback.value?.kind === "none" ? "none" : "action";
}

/** The value of a literal expression; undefined when any part of it is computed. */
export function literalValue(value: Expression | undefined): LiteralValue | undefined {
  switch (value?.kind) {
    case "string": {
      const parts = value.parts ?? [];
      if (!parts.every((part) => part?.kind === "text")) return undefined;
      return { kind: "string", value: parts.map((part) => part.value).join("") };
    }
    case "number":
      return { kind: "number", value: value.value, integer: value.integer };
    case "bool":
      return { kind: "bool", value: value.value };
    case "duration":
      return { kind: "duration", ms: value.ms, text: value.text };
    case "size":
      return { kind: "size", bytes: value.bytes, text: value.text };
    case "list": {
      const items = (value.items ?? []).map(literalValue);
      return items.every((item) => item !== undefined) ? { kind: "list", items } : undefined;
    }
    case "map": {
      const entries: { key: string; value: LiteralValue }[] = [];
      for (const entry of value.entries ?? []) {
        const item = literalValue(entry?.value);
        if (!entry?.key?.text || !item) return undefined;
        entries.push({ key: entry.key.text, value: item });
      }
      return { kind: "map", entries };
    }
    default:
      return undefined;
  }
}

function property(properties: readonly Property[] | undefined, name: string): Property | undefined {
  return properties?.find((p) => p?.name?.text === name);
}

function refText(segments: readonly Name[] | undefined): string {
  return (segments ?? []).map((s) => s?.text).join(".");
}

/** A declaration's name and where it is, or undefined for one without a name yet (being typed). */
function located(
  name: Name | undefined,
  range: Range | undefined,
): { name: string; nameRange: Range; range: Range } | undefined {
  if (!name?.text || !range) return undefined;
  return { name: name.text, nameRange: nameRangeWithin(name, range), range };
}
