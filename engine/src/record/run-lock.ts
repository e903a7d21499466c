import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { isProcessAlive, ownProcessStamp, type ProcessStamp } from "./process-liveness";

/*
 * How the lock works, and why.
 *
 * Taking the lock: the owner's identity is written in full to a file of its
 * own (created with O_EXCL), which is then hard-linked to the lock path.
 * link(2) fails when the path exists, like O_EXCL, but the lock appears with
 * its whole content at once: nobody ever reads the lock of a live owner while
 * it is empty or half written. So an empty, unreadable or garbage lock can
 * only be the remains of a crash (or a full disk under an earlier version)
 * and is taken over at once, without a grace period.
 *
 * Taking over a stale lock: a lock whose owner is dead is removed, then the
 * lock is taken as usual. Removing it naively races: A and B both read the
 * same stale lock, A removes it and takes the lock, then B removes A's live
 * lock. Renaming the stale file away and checking what was renamed (putting it
 * back when it was a live lock) leaves a window in which the path is free and
 * a third process takes it: two owners. So takers go one at a time through a
 * second lock, `<lock>.takeover`, taken the same way: under it the lock is read
 * again, and removed only when it is still stale. While the guard is held the
 * lock cannot change: its dead owner releases nothing, other takers wait for
 * the guard, new owners need the path free, and live owners release under the
 * guard too. That last rule matters: a taker reads the lock, then asks whether
 * its owner lives. Were a release free to happen between the two (the owner
 * releases and exits, a new owner takes the path), the taker would judge the
 * new, live lock by the old owner's death and remove it: two holders (seen on
 * a loaded machine). The guard is held for a few system calls; when its holder died
 * there (it is stale too), it is renamed away, checked (its inode) and put
 * back with link(2) if it turns out to be a live one. That window needs a
 * crash and a three-way race at once, and even then the lock itself is only
 * removed after being read again as stale.
 *
 * On a full disk no file can get content, but a rollback is needed most then:
 * the lock is a symbolic link whose target is the owner's stamp
 * (`momoflow-lock:<pid>:<startTicks>:<token>`). symlink(2) is atomic like
 * link(2), and a target this short lives in the inode (ext4 fast symlinks,
 * tmpfs short symlinks): it needs no data block.
 */

/** Who holds a run lock, as its file says. */
export interface LockOwner extends ProcessStamp {
  /** The run it locks, when the owner said. */
  runId?: string;
  /** When the lock was taken (ISO 8601). */
  since?: string;
  /** Tells two holders in one process apart (empty for locks of earlier versions). */
  token: string;
}

/** Options of {@link acquireRunLock}. */
export interface RunLockOptions {
  /** The run being locked: written into the lock and named in errors. */
  runId?: string;
  /** Wait until a live owner releases the lock (default), or throw {@link RunLockBusyError}. */
  wait?: boolean;
  /** How often a waiter looks at the lock again. Default 100 ms. */
  pollMs?: number;
  /** Called once, with the owner, when the lock is held by a live process and this call waits. */
  onWait?(owner: LockOwner): void;
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Releases a lock taken by {@link acquireRunLock}. */
export type ReleaseRunLock = () => void;

/** Thrown by {@link acquireRunLock} with `wait: false` when a live process holds the lock. */
export class RunLockBusyError extends Error {
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner,
    runId?: string,
  ) {
    super(
      runId === undefined
        ? `${lockPath} is held by another rollback (pid ${owner.pid})`
        : `run ${runId} is already being rolled back (pid ${owner.pid})`,
    );
    this.name = "RunLockBusyError";
  }
}

/** Thrown when the lock file cannot be written (full disk, I/O error, read-only folder…). */
export class RunLockWriteError extends Error {
  constructor(
    readonly lockPath: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`the rollback lock could not be written: ${whyNotWritten(code, cause)} at ${lockPath}`, {
      cause,
    });
    this.name = "RunLockWriteError";
  }
}

const DEFAULT_POLL_MS = 100;
/** A taker of a stale lock holds the guard for a few system calls: look again soon. */
const GUARD_POLL_MS = 5;

/**
 * Takes the rollback lock at `lockPath`: one holder at a time, across
 * processes. A lock that is empty, unreadable, garbage, or whose owner is no
 * longer alive (by pid and start time, so a reused pid does not count) is
 * stale and taken over; when several processes find the same stale lock, one
 * of them gets it and the others wait for it. A lock held by a live process is
 * waited for (polling; `onWait` is called once), or with `wait: false` a
 * {@link RunLockBusyError} naming the owner's pid is thrown. Two calls in one
 * process exclude each other as well.
 *
 * @returns the release function: it removes the lock only while it is still
 *   this holder's, and does nothing the second time.
 * @throws RunLockWriteError when the lock cannot be written (e.g. the disk is
 *   full); no lock file is left behind.
 */
export async function acquireRunLock(
  lockPath: string,
  options: RunLockOptions = {},
): Promise<ReleaseRunLock> {
  const owner: LockOwner = {
    ...ownProcessStamp(),
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    token: randomBytes(8).toString("hex"),
  };
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let waited = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (publish(lockPath, { ...owner, since: new Date().toISOString() }, owner.token)) {
      return releaser(lockPath, owner.token);
    }
    const seen = readLock(lockPath);
    if (seen === undefined) continue; // released meanwhile: try again at once
    if (seen.owner && isProcessAlive(seen.owner.pid, seen.owner.startTicks)) {
      if (options.wait === false) throw new RunLockBusyError(lockPath, seen.owner, options.runId);
      if (!waited) options.onWait?.(seen.owner);
      waited = true;
      await sleep(pollMs, options.signal);
    } else if (!removeStaleLock(lockPath, owner.token)) {
      await sleep(GUARD_POLL_MS, options.signal); // someone else is taking it over
    }
  }
}

/**
 * Writes `owner` in full to a file of its own, then links it to `path`.
 * @returns false when `path` already exists.
 */
function publish(path: string, owner: LockOwner, token: string): boolean {
  const draft = `${path}.${process.pid}.${token}.new`;
  const text = JSON.stringify(owner) + "\n";
  try {
    writeWholeFile(draft, text, path);
  } catch (error) {
    if (error instanceof RunLockWriteError && DISK_FULL.has(error.code ?? ""))
      return publishAsLink(path, owner);
    throw error;
  }
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return false;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return createInPlace(path, text);
    throw new RunLockWriteError(path, code, error);
  } finally {
    removeQuietly(draft); // once linked, the lock holds the content; a draft left behind is harmless
  }
}

const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);
/** Marks a lock written as a symbolic link (on a full disk). */
const LINK_PREFIX = "momoflow-lock:";

/**
 * The lock as a symbolic link whose target is the owner's stamp: what a full
 * disk still allows. @returns false when `path` already exists.
 */
function publishAsLink(path: string, owner: LockOwner): boolean {
  try {
    symlinkSync(`${LINK_PREFIX}${owner.pid}:${owner.startTicks ?? ""}:${owner.token}`, path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return false;
    throw new RunLockWriteError(path, code, error);
  }
}

/** The owner a symbolic-link lock names. */
function parseLinkOwner(target: string): LockOwner | undefined {
  if (!target.startsWith(LINK_PREFIX)) return undefined;
  const [pid, ticks, token] = target.slice(LINK_PREFIX.length).split(":");
  const startTicks = ticks ? Number(ticks) : undefined;
  if (startTicks !== undefined && !Number.isSafeInteger(startTicks)) return undefined;
  return validOwner({
    pid: Number(pid),
    token: token ?? "",
    ...(startTicks !== undefined ? { startTicks } : {}),
  });
}

/** What link(2) fails with on file systems without hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Without hard links, the lock is created in place (O_EXCL) and written: a
 * reader may then see it empty for a moment and take it for stale. Weaker, but
 * better than no rollback at all on such a file system.
 * @returns false when `path` already exists.
 */
function createInPlace(path: string, text: string): boolean {
  try {
    writeWholeFile(path, text, path);
    return true;
  } catch (error) {
    if (error instanceof RunLockWriteError && error.code === "EEXIST") return false;
    throw error;
  }
}

/** Creates `file` (O_EXCL) holding `text`, or removes what it wrote and throws {@link RunLockWriteError}. */
function writeWholeFile(file: string, text: string, lockPath: string): void {
  const bytes = Buffer.from(text, "utf8");
  let fd: number | undefined;
  try {
    fd = openSync(file, "wx");
    // A write may store fewer bytes than asked (a disk filling up): go on, or fail.
    for (let done = 0; done < bytes.length;) {
      const written = writeSync(fd, bytes, done, bytes.length - done);
      if (written <= 0) throw shortWrite(done, bytes.length);
      done += written;
    }
    const closing = fd;
    fd = undefined;
    closeSync(closing); // on some file systems a failed write is reported only here
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    if (errorCode(error) !== "EEXIST") removeQuietly(file);
    throw new RunLockWriteError(lockPath, errorCode(error), error);
  }
}

function shortWrite(done: number, total: number): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `the write stopped after ${done} of ${total} bytes`,
  );
  error.code = "ESHORTWRITE";
  return error;
}

/** A lock file as read: its inode, and its owner when the content makes sense. */
interface SeenLock {
  ino: number;
  owner?: LockOwner;
}

/** Reads the lock at `path`; undefined when there is none. */
function readLock(path: string): SeenLock | undefined {
  const link = readLinkLock(path);
  if (link !== "not-a-link") return link;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    return inodeOf(path); // unreadable: stale
  }
  try {
    const ino = fstatSync(fd).ino;
    try {
      const owner = parseOwner(readFileSync(fd, "utf8"));
      return owner ? { ino, owner } : { ino };
    } catch {
      return { ino }; // unreadable (EIO, a folder…): stale
    }
  } finally {
    closeQuietly(fd);
  }
}

/** A lock written as a symbolic link (a full disk), or "not-a-link". */
function readLinkLock(path: string): SeenLock | undefined | "not-a-link" {
  let target: string;
  try {
    target = readlinkSync(path);
  } catch (error) {
    return errorCode(error) === "ENOENT" ? undefined : "not-a-link";
  }
  let ino: number;
  try {
    ino = lstatSync(path).ino;
  } catch {
    return undefined; // released meanwhile
  }
  const owner = parseLinkOwner(target);
  return owner ? { ino, owner } : { ino };
}

/** The inode of a lock that cannot be opened; undefined when it is gone. */
function inodeOf(path: string): SeenLock | undefined {
  try {
    return { ino: statSync(path).ino };
  } catch (error) {
    return errorCode(error) === "ENOENT" ? undefined : { ino: -1 };
  }
}

/** The owner a lock's text names: JSON, or a bare pid (the format of earlier versions). */
function parseOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return validOwner({ pid: Number(trimmed), token: "" });
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { pid, startTicks, runId, since, token } = parsed as Record<string, unknown>;
  if (typeof pid !== "number") return undefined;
  if (startTicks !== undefined && !Number.isSafeInteger(startTicks)) return undefined;
  return validOwner({
    pid,
    token: typeof token === "string" ? token : "",
    ...(typeof startTicks === "number" ? { startTicks } : {}),
    ...(typeof runId === "string" ? { runId } : {}),
    ...(typeof since === "string" ? { since } : {}),
  });
}

function validOwner(owner: LockOwner): LockOwner | undefined {
  return Number.isSafeInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
}

/**
 * Removes the lock at `lockPath` if it is (still) stale, holding the takeover
 * guard while it decides (see the top of this file).
 * @returns false when another process holds the guard: try again shortly.
 */
function removeStaleLock(lockPath: string, token: string): boolean {
  return underGuard(lockPath, token, () => {
    const seen = readLock(lockPath);
    if (seen && !(seen.owner && isProcessAlive(seen.owner.pid, seen.owner.startTicks))) {
      removeIfThere(lockPath);
    }
  });
}

/**
 * Runs `action` holding the takeover guard of `lockPath`.
 * @returns false, without running it, when another process holds the guard
 *   (a dead holder's guard is removed on the way: try again shortly).
 */
function underGuard(lockPath: string, token: string, action: () => void): boolean {
  const guardPath = guardOf(lockPath);
  if (!publish(guardPath, { ...ownProcessStamp(), token }, token)) {
    const guard = readLock(guardPath);
    if (guard && !(guard.owner && isProcessAlive(guard.owner.pid, guard.owner.startTicks))) {
      removeDeadGuard(guardPath, guard.ino, token);
    }
    return false;
  }
  try {
    action();
    return true;
  } finally {
    removeIfOurs(guardPath, token);
  }
}

function guardOf(lockPath: string): string {
  return `${lockPath}.takeover`;
}

/**
 * Removes a guard whose holder died: renamed to a name of our own first, so
 * that of several processes only one gets it; when what was renamed is not the
 * guard that was read (a live taker made a new one meanwhile), it is put back.
 */
function removeDeadGuard(guardPath: string, ino: number, token: string): void {
  const aside = `${guardPath}.${process.pid}.${token}.stale`;
  try {
    renameSync(guardPath, aside);
  } catch {
    return; // gone already: another process removed it
  }
  let movedIno: number | undefined;
  try {
    movedIno = statSync(aside).ino;
  } catch {
    return;
  }
  if (movedIno !== ino) {
    try {
      linkSync(aside, guardPath);
    } catch {
      // A new guard exists already: its holder reads the lock again before removing it.
    }
  }
  removeIfThere(aside);
}

function releaser(lockPath: string, token: string): ReleaseRunLock {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    releaseUnderGuard(lockPath, token);
  };
}

/**
 * How long a release waits for a takeover in progress (ms). A guard is held
 * for a few system calls; one held longer belongs to a stopped process, which
 * must not keep this lock forever: the release then goes ahead without it.
 */
const RELEASE_GUARD_WAIT_MS = 2_000;

/**
 * Removes this holder's lock while holding the takeover guard (see the top of
 * this file), waiting for it synchronously: a release is called from `finally`
 * blocks and exit paths that cannot await.
 */
function releaseUnderGuard(lockPath: string, token: string): void {
  const remove = (): void => removeIfOurs(lockPath, token);
  const deadline = Date.now() + RELEASE_GUARD_WAIT_MS;
  for (;;) {
    let done: boolean;
    try {
      done = underGuard(lockPath, token, remove);
    } catch (error) {
      if (!(error instanceof RunLockWriteError)) throw error;
      remove(); // the guard cannot be written (a read-only folder now…): release without it
      return;
    }
    if (done) return;
    if (Date.now() >= deadline) {
      remove();
      return;
    }
    sleepSync(GUARD_POLL_MS);
  }
}

/** Blocks the thread for `ms` (a release cannot await). */
function sleepSync(ms: number): void {
  Atomics.wait(SLEEP_CELL, 0, 0, ms);
}

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));

/** Removes the lock at `path` when it holds `token`: a lock someone else took over stays. */
function removeIfOurs(path: string, token: string): void {
  if (readLock(path)?.owner?.token === token) removeIfThere(path);
}

function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}

/** Cleanup on the way out of a failure: the failure is what gets reported. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already, or cannot be removed (read-only): nothing more to do.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The error that matters is the one already being reported.
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function whyNotWritten(code: string | undefined, cause: unknown): string {
  if (code === "ENOSPC") return "disk full";
  if (code === "EDQUOT") return "disk quota exceeded";
  const message = cause instanceof Error ? cause.message : String(cause);
  return code ? `${code} (${message})` : message;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
