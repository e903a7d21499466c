/**
 * The workspace's uses of its workflows (workflow-uses.ts) as a step's own
 * MF022 needs them at each publish, with the checks of the files that are
 * not open kept between publishes. A client that does not watch files has
 * every text read from disk dropped at each edit (language-session.ts), so
 * checking every known file again for the uses read the whole workspace
 * from disk at each keystroke. A kept check is used again until the disk
 * may have changed, a document was opened or closed (the session's
 * `knownFilesGeneration`), an open document it read was edited since (a
 * file that imports the one being edited resolves its calls through it), or
 * a file it read from disk has another time or size now, for a client that
 * does not watch files: nothing else tells it of an edit made outside the
 * editor, and a `stat` per file read costs far less than reading them all
 * again (a client that watches them bumps the generation instead).
 */
import { statSync } from "node:fs";
import type { CheckResult } from "@momoflow/language";
import type { LanguageSession } from "../session/language-session";
import { uriToPath } from "../session/workspace-files";
import { WorkspaceWorkflowUses } from "./workflow-uses";

/** A closed file's check, and what it read: each open document's version, each other file's stamp. */
interface KeptCheck {
  result: CheckResult;
  /** By path: the open document's version, or the stamp of a file read from disk (see {@link diskStamp}). */
  read: ReadonlyMap<string, number | string>;
}

/**
 * The stamps of the files on disk, each taken at most once per
 * {@link KeptWorkflowUses.current}; undefined when the client watches files
 * (every file read from disk is stamped `disk`, never looked at).
 */
type Stamps = Map<string, string> | undefined;

/** The uses of the known files, the closed ones' checks kept (see the file's comment). */
export class KeptWorkflowUses {
  private kept = new Map<string, KeptCheck>();
  private generation = -1;

  constructor(private readonly session: LanguageSession) {}

  /** The uses now: the open documents' as they are, the closed files' as last checked. */
  current(): WorkspaceWorkflowUses {
    const { session } = this;
    if (this.generation !== session.knownFilesGeneration) {
      this.kept.clear();
      this.generation = session.knownFilesGeneration;
    }
    const open = new Map(session.documents.all().map((d) => [uriToPath(d.uri), d.version]));
    const stamps: Stamps = session.diskWatched ? undefined : new Map();
    const kept = new Map<string, KeptCheck>();
    const checks: CheckResult[] = [];
    for (const uri of session.knownUris()) {
      const path = uriToPath(uri);
      try {
        if (open.has(path)) {
          checks.push(session.check(uri));
          continue;
        }
        let check = this.kept.get(path);
        const changed = check && changedReads(check, open, stamps);
        if (!check || changed) {
          // The workspace may hold a text read before the change: read again, not its cached text.
          for (const file of changed ?? []) session.workspace.invalidate(file);
          check = this.checkClosed(uri, path, open, stamps);
        }
        kept.set(path, check);
        checks.push(check.result);
      } catch {
        // Its own publish (when open) says why; its uses are unknown.
      }
    }
    this.kept = kept;
    return new WorkspaceWorkflowUses(checks);
  }

  private checkClosed(
    uri: string,
    path: string,
    open: ReadonlyMap<string, number>,
    stamps: Stamps,
  ): KeptCheck {
    // Its own stamp before it is read: a change made while it is read is seen at the next check.
    const before = diskStamp(path, stamps);
    const result = this.session.check(uri);
    const read = new Map<string, number | string>(
      this.session.workspace
        .filesRead(path)
        .map((file) => [
          file,
          open.get(file) ?? (file === path ? before : diskStamp(file, stamps)),
        ]),
    );
    return { result, read };
  }
}

/**
 * What changed of what `check` read: undefined when every open document it
 * read is at the version it read and every file it read from disk is still
 * closed with the time and size it had; else the files whose stamp on disk
 * changed (none when it was an open document, or a file opened or closed).
 */
function changedReads(
  check: KeptCheck,
  open: ReadonlyMap<string, number>,
  stamps: Stamps,
): string[] | undefined {
  let changed: string[] | undefined;
  for (const [file, was] of check.read) {
    const version = open.get(file);
    const now = version ?? diskStamp(file, stamps);
    if (now === was) continue;
    changed ??= [];
    if (version === undefined && typeof was === "string") changed.push(file);
  }
  return changed;
}

/** `<mtime>:<size>` of the file on disk, or `missing`: what tells that it changed, without reading it. */
function diskStamp(path: string, stamps: Stamps): string {
  if (!stamps) return "disk";
  let stamp = stamps.get(path);
  if (stamp !== undefined) return stamp;
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    stamp = stat ? `${stat.mtimeMs}:${stat.size}` : "missing";
  } catch {
    stamp = "unreadable";
  }
  stamps.set(path, stamp);
  return stamp;
}
