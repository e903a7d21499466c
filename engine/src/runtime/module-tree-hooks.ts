import { register } from "node:module";
import { MessageChannel, type MessagePort } from "node:worker_threads";

/** The query that names the tree a module was imported for (see `module-trees`). */
export const TREE_QUERY = "momoflow-tree";

/** What the hooks say of each module they put in a tree. */
export interface TreeNote {
  /** The tree's name, its {@link TREE_QUERY}. */
  tree: string;
  /** The module's file URL, without the query. */
  url: string;
}

/**
 * Node's loader keeps a module under its URL, so a query on the URL of a
 * `js()` module imports it anew — but not the modules it imports, which
 * resolve to their own plain URLs and stay as first loaded. These resolve
 * hooks carry the importer's tree query to what it imports by a path
 * (`./`, `../`, `/`, `file:`), so that a tree imported under a new name is
 * a new module graph, and tell each module of a tree through `port`.
 * Packages (bare names) are left as they are: shared, as first loaded.
 *
 * Plain JavaScript in a string, loaded as a `data:` module: the hooks run
 * in Node's own loader thread, apart from the bundle, and need nothing of it.
 */
const HOOKS = `
const QUERY = ${JSON.stringify(TREE_QUERY)};
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const parent = context.parentURL;
  if (parent === undefined || !parent.startsWith("file:") || !resolved.url.startsWith("file:"))
    return resolved;
  if (!/^(\\.\\.?\\/|\\/|file:)/.test(specifier)) return resolved;
  const tree = new URL(parent).searchParams.get(QUERY);
  if (tree === null) return resolved;
  const url = new URL(resolved.url);
  url.search = "";
  port.postMessage({ tree, url: url.href });
  url.searchParams.set(QUERY, tree);
  return { ...resolved, url: url.href };
}
`;

/**
 * Installs the hooks of {@link HOOKS} for this thread's imports (once per
 * thread; tested on Node 20). @returns the port on which they tell each module they put in a
 * tree ({@link TreeNote}); it does not keep the thread alive.
 */
export function registerModuleTreeHooks(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  try {
    register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, {
      data: { port: port2 },
      transferList: [port2],
    });
  } catch {
    // A Node that takes no hooks here: the js() module and what it requires are still seen.
    port2.close();
  }
  port1.unref();
  return port1;
}
