/**
 * The workspace's uses of its workflows (workflow-uses.ts) as a step's own
 * MF022 needs them at each publish, with the checks of the files that are
 * not open kept between publishes. A client that does not watch files has
 * every text read from disk dropped at each edit (language-session.ts), so
 * checking every known file again for the uses read the whole workspace
 * from disk at each keystroke. A kept check is used again until the disk
 * may have changed, a document was opened or closed (the session's
 * `knownFilesGeneration`), or an open document it read was edited since (a
 * file that imports the one being edited resolves its calls through it).
 */
import type { CheckResult } from "@momoflow/language";
import type { LanguageSession } from "../session/language-session";
import { uriToPath } from "../session/workspace-files";
import { WorkspaceWorkflowUses } from "./workflow-uses";

/** A closed file's check, and the version of each open document it read then. */
interface KeptCheck {
  result: CheckResult;
  /** By path: the open document's version, or -1 for a file read from disk. */
  read: ReadonlyMap<string, number>;
}

const FROM_DISK = -1;

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
        if (!check || !stillRead(check, open)) check = this.checkClosed(uri, path, open);
        kept.set(path, check);
        checks.push(check.result);
      } catch {
        // Its own publish (when open) says why; its uses are unknown.
      }
    }
    this.kept = kept;
    return new WorkspaceWorkflowUses(checks);
  }

  private checkClosed(uri: string, path: string, open: ReadonlyMap<string, number>): KeptCheck {
    const result = this.session.check(uri);
    const read = new Map(
      this.session.workspace.filesRead(path).map((file) => [file, open.get(file) ?? FROM_DISK]),
    );
    return { result, read };
  }
}

/** Whether every open document `check` read is at the version it read, and none it read from disk is open now. */
function stillRead(check: KeptCheck, open: ReadonlyMap<string, number>): boolean {
  for (const [file, version] of check.read)
    if ((open.get(file) ?? FROM_DISK) !== version) return false;
  return true;
}
