/**
 * The commands and workflows a step calls: what the step runs is written in
 * them too. A step's `run:` or `rollback:` that calls a declared command runs
 * that command's actions (and those of the commands it calls in turn); one
 * that calls a declared workflow runs its steps. They may be declared in the
 * file or in a file it imports (directly or through other imports). Editing
 * any of them changes what the step runs, so its definition (see
 * step-definition.ts) names each with a digest of its text as written,
 * comments left out: the outline stays small however large a called workflow.
 * Names are looked up as the engine compiles the file: in its scope, where
 * its own declarations come first, then those of its imports.
 */
import { createHash } from "node:crypto";
import { dirname, relative, sep } from "node:path";
import type {
  CallExpression,
  CommandDeclaration,
  Property,
  StepDeclaration,
  WorkflowDeclaration,
} from "../ast";
import { LineIndex } from "../line-index";
import type { ParsedDocument } from "../scope";
import { type DefinitionSource, withoutComments } from "./step-definition";

/** The properties that hold what a step or command runs. */
const ACTIONS = new Set(["run", "rollback"]);

type Called = CommandDeclaration | WorkflowDeclaration;

/** A file whose commands and workflows may be called: its path, text and tree. */
export type DeclaringDocument = Pick<ParsedDocument, "path" | "text" | "file">;

/** A declaration in scope, and the file it is written in. */
interface InScope {
  decl: Called;
  from: DeclaringFile;
}

/** One file's declarations as called: how its lines name them. */
interface DeclaringFile {
  digests: DeclarationDigests;
  /** What a line says of where the declaration is: "" for the file's own, else the imported file's path. */
  where: string;
}

/** The calls of one file's steps, commands and workflows, with a line per declaration called. */
export class CalledDeclarations {
  private readonly commands = new Map<string, InScope>();
  private readonly workflows = new Map<string, InScope>();
  /** Each declaration's line, made once: every step that calls it asks. */
  private readonly lines = new Map<Called, string>();

  /**
   * @param own the file whose steps call, and `source`, its text as the outline reads it.
   * @param imported the files it imports, directly or not, in the checker's order (see imported-documents.ts).
   */
  constructor(
    own: DeclaringDocument,
    source: DefinitionSource,
    imported: readonly DeclaringDocument[],
  ) {
    this.declare(own, { digests: digestsOf(own, source), where: "" });
    const folder = dirname(own.path);
    for (const document of imported) {
      const where = relative(folder, document.path).split(sep).join("/");
      this.declare(document, { digests: digestsOf(document), where });
    }
  }

  /**
   * One line per declaration that `step` calls, directly or through what it
   * calls: `command deploy 1f3a…` for one of the file, `workflow release
   * lib/release.momoflow 9c0e…` for an imported one; in no particular order.
   */
  of(step: StepDeclaration): string[] {
    const found: string[] = [];
    const seen = new Set<Called>();
    const pending = callsIn(step.properties);
    while (pending.length > 0) {
      const call = pending.pop()!;
      const name = call.callee?.text ?? "";
      const called = (call.workflow ? this.workflows : this.commands).get(name);
      if (!called || seen.has(called.decl)) continue;
      seen.add(called.decl);
      found.push(this.lineOf(called));
      pending.push(...callsOf(called.decl));
    }
    return found;
  }

  private lineOf({ decl, from }: InScope): string {
    let line = this.lines.get(decl);
    if (line === undefined) {
      const where = from.where ? `${from.where} ` : "";
      line = `${decl.kind} ${decl.name.text} ${where}${from.digests.of(decl)}`;
      this.lines.set(decl, line);
    }
    return line;
  }

  /** The commands and workflows of `document` not declared before: the first of a name is the one called. */
  private declare(document: DeclaringDocument, from: DeclaringFile): void {
    for (const decl of document.file.commands ?? []) {
      const name = decl?.name?.text;
      if (name && !this.commands.has(name)) this.commands.set(name, { decl, from });
    }
    for (const decl of document.file.workflows ?? []) {
      const name = decl?.name?.text;
      if (name && !this.workflows.has(name)) this.workflows.set(name, { decl, from });
    }
  }
}

/**
 * The digests of one parsed text's declarations, each made once: every step
 * that calls a declaration asks, and every outline of every file that
 * imports this one.
 */
class DeclarationDigests {
  private readonly made = new Map<Called, string>();

  constructor(
    private readonly document: DeclaringDocument,
    private source: DefinitionSource | undefined,
  ) {}

  of(decl: Called): string {
    let digest = this.made.get(decl);
    if (digest === undefined) {
      // An imported file's lines are indexed only once one of its declarations is called.
      this.source ??= {
        text: this.document.text,
        lines: new LineIndex(this.document.text),
        comments: this.document.file.comments ?? [],
      };
      digest = createHash("sha1")
        .update(withoutComments(this.source, decl.range))
        .digest("hex")
        .slice(0, 16);
      this.made.set(decl, digest);
    }
    return digest;
  }
}

/**
 * The digests of a parsed document, kept while the workspace keeps it: an
 * edited text is a new document (and its tree's nodes may be shifted and
 * reused), so no digest outlives the text it was made of.
 */
const digestsByDocument = new WeakMap<DeclaringDocument, DeclarationDigests>();

function digestsOf(document: DeclaringDocument, source?: DefinitionSource): DeclarationDigests {
  let digests = digestsByDocument.get(document);
  if (!digests) {
    digests = new DeclarationDigests(document, source);
    digestsByDocument.set(document, digests);
  }
  return digests;
}

/** The calls a command's actions make, or those of a workflow's steps. */
function callsOf(called: Called): CallExpression[] {
  if (called.kind === "command") return callsIn(called.properties);
  return (called.steps ?? []).flatMap((step) => (step ? callsIn(step.properties) : []));
}

/** The calls in the `run:` and `rollback:` of `properties`. */
function callsIn(properties: readonly Property[] | undefined): CallExpression[] {
  const calls: CallExpression[] = [];
  for (const property of properties ?? []) {
    const value = property?.value;
    if (value?.kind === "call" && ACTIONS.has(property.name?.text ?? "")) calls.push(value);
  }
  return calls;
}
