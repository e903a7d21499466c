import { createHash } from "node:crypto";
import { withoutSpacingAroundPunctuation } from "./definition-spacing";
import { LineIndex } from "../line-index";
import type { ParsedDocument } from "../scope";
import { CalledDeclarations } from "./called-declarations";
import { importedDocuments } from "./imported-documents";
import { type DefinitionSource, stepDefinition } from "./step-definition";
import { WorkflowReads } from "./workflow-reads";

/**
 * The digest of a step's definition (see {@link stepDefinition}): 16
 * hexadecimal digits. The run record keeps one per step of the workflow run
 * (`stepDefinitions` in `run_started` and `result.json`), and the language
 * server's outline gives the digest of each step as written now
 * (`definitionDigest`): an editor tells a run's figures stale when they
 * differ, whenever the change was made — also while it was closed. Spaces
 * next to punctuation are left out first (see definition-spacing.ts):
 * formatting a file keeps its steps' digests.
 */
export function definitionDigest(definition: string): string {
  return digestOf(withoutSpacingAroundPunctuation(definition));
}

/**
 * The digest momoflow recorded before formatting kept it (the definition's
 * text as it is, spaces next to punctuation included): an editor reading a
 * run recorded then compares with this one as well, so that upgrading does
 * not mark every earlier run's figures stale.
 */
export function legacyDefinitionDigest(definition: string): string {
  return digestOf(definition);
}

function digestOf(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 16);
}

/**
 * The digest of each step of the workflow `workflow` declared in the file
 * at `path`, by step id (the first of an id): what its run records. `parse`
 * reads a file (the file itself and the files it imports, directly or not,
 * whose commands and workflows its steps may call); undefined when the file
 * cannot be read or declares no such workflow.
 */
export function stepDefinitionDigests(
  path: string,
  workflow: string,
  parse: (path: string) => ParsedDocument | undefined,
): Record<string, string> | undefined {
  const document = parse(path);
  const decl = document?.file.workflows?.find((w) => w?.name?.text === workflow);
  if (!document || !decl) return undefined;
  const source: DefinitionSource = {
    text: document.text,
    lines: new LineIndex(document.text),
    comments: document.file.comments ?? [],
  };
  const called = new CalledDeclarations(document, source, importedDocuments(document, parse));
  const reads = new WorkflowReads(decl);
  const digests: Record<string, string> = {};
  for (const step of decl.steps ?? []) {
    const id = step?.name?.text;
    if (!id || Object.hasOwn(digests, id)) continue;
    digests[id] = definitionDigest(stepDefinition(step, source, reads.of(step), called.of(step)));
  }
  return digests;
}
