import { fileURLToPath, pathToFileURL } from "node:url";

/** The file system path of a `file:` URI (other schemes keep their URI as a pseudo-path). */
export function uriToPath(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

/** The `file:` URI of a path (pseudo-paths that already are URIs stay as they are). */
export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)
    ? path
    : pathToFileURL(path).href;
}
