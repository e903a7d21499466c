import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { TREE_QUERY, type TreeNote } from "./module-tree-hooks";

/**
 * The tree of a `js()` module as this thread last imported it: the module
 * and what it imports by a path, at any depth, with the version (size and
 * times) each file had then. One imported anew gets a new name, which the
 * loader hooks carry to each module of it (see `module-tree-hooks`).
 */
interface ModuleTree {
  name: string;
  /** When its import began (`Date.now()`): a file of it changed later was loaded, or not, as it was before. */
  loadedAt: number;
  /** Its files by path, with their versions as loaded. */
  versions: Map<string, string>;
}

/**
 * What a file's kernel time may lag the clock by (the file system stamps
 * times from a coarse clock, a tick behind at most).
 */
const STAMP_LAG_MS = 20;

/** A file of a package, which stays as first loaded. */
const IN_PACKAGE = /[\\/]node_modules[\\/]/;

/**
 * The `js()` modules a long-lived thread (a worker's step thread) imports,
 * each as a tree: when any file of it has changed since it was imported —
 * the module itself, or one it imports or requires by a path at any depth —
 * the whole tree is imported anew, a new module graph (and its CommonJS
 * copies dropped, which Node keeps by path); when none has, the copy
 * already loaded is used, its module state kept. Packages stay as first
 * loaded. Two `js()` modules each have a tree of their own, so a helper
 * both import is loaded once for each.
 */
export class ModuleTrees {
  /** By the path of the `js()` module. */
  private readonly trees = new Map<string, ModuleTree>();
  /** The same trees by name, for the hooks' notes. */
  private readonly named = new Map<string, ModuleTree>();
  private count = 0;

  /** @param notes where the loader hooks tell the modules they put in a tree. */
  constructor(private readonly notes: MessagePort) {}

  /** The URL to import the `js()` module at the absolute path `file` by, now. */
  urlOf(file: string): string {
    this.readNotes();
    let tree = this.trees.get(file);
    if (tree) {
      this.addRequired(tree);
      if (changed(tree)) {
        dropCommonJs(tree);
        tree = undefined;
      }
    }
    if (!tree) tree = this.start(file);
    const url = pathToFileURL(file);
    url.searchParams.set(TREE_QUERY, tree.name);
    return url.href;
  }

  /** Forgets the tree of `file` (its import failed): the next import is a new one. */
  forget(file: string): void {
    const tree = this.trees.get(file);
    if (!tree) return;
    dropCommonJs(tree);
    this.trees.delete(file);
    this.named.delete(tree.name);
  }

  /** A new tree for `file`, to import now: it learns its other files as the hooks load them. */
  private start(file: string): ModuleTree {
    const old = this.trees.get(file);
    if (old) this.named.delete(old.name);
    const tree: ModuleTree = {
      name: String(++this.count),
      loadedAt: Date.now(),
      versions: new Map([[file, fileVersion(file)]]),
    };
    this.trees.set(file, tree);
    this.named.set(tree.name, tree);
    return tree;
  }

  /** Adds the modules the hooks loaded into trees since last asked. */
  private readNotes(): void {
    for (let got = receiveMessageOnPort(this.notes); got; got = receiveMessageOnPort(this.notes)) {
      const note = got.message as TreeNote;
      const tree = this.named.get(note.tree);
      if (tree) learn(tree, fileURLToPath(note.url));
    }
  }

  /** Adds the CommonJS modules its CommonJS modules required (no hook sees a `require`). */
  private addRequired(tree: ModuleTree): void {
    const cache = createRequire(__filename).cache;
    const seen = new Set<string>();
    const visit = (path: string): void => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const child of cache[path]?.children ?? []) {
        if (IN_PACKAGE.test(child.filename)) continue;
        learn(tree, child.filename);
        visit(child.filename);
      }
    };
    for (const path of [...tree.versions.keys()]) visit(path);
  }
}

/**
 * Adds `path` to `tree`, as loaded with it. Its version now is the one
 * loaded unless the file changed after the tree's import began: it is
 * then marked so, and the tree is imported anew next time.
 */
function learn(tree: ModuleTree, path: string): void {
  if (tree.versions.has(path)) return;
  let changedSince = true;
  try {
    changedSince = statSync(path).ctimeMs >= tree.loadedAt - STAMP_LAG_MS;
  } catch {
    // Gone since: changed.
  }
  tree.versions.set(path, changedSince ? "changed since loaded" : fileVersion(path));
}

/** Whether a file of the tree is not as it was loaded. */
function changed(tree: ModuleTree): boolean {
  for (const [path, version] of tree.versions) if (fileVersion(path) !== version) return true;
  return false;
}

/** Drops the tree's CommonJS copies, which Node keeps by path whatever the URL. */
function dropCommonJs(tree: ModuleTree): void {
  const cache = createRequire(__filename).cache;
  for (const path of tree.versions.keys()) delete cache[path];
}

/** A file's version: its size and times; `missing` when it cannot be read (its import says why). */
function fileVersion(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}-${stat.mtimeMs}-${stat.ctimeMs}`;
  } catch {
    return "missing";
  }
}
