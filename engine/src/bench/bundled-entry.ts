import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The path of a built bundle of this package (`cli.js`, `server.js`): next to
 * the running code when it is the bundle itself (dist/), else in the
 * repository's dist/ (the suite run from its TypeScript sources, as the
 * tests do after `npm run build`). Undefined when it has not been built.
 */
export function bundledEntry(name: "cli.js" | "server.js"): string | undefined {
  const candidates = [join(__dirname, name), resolve(__dirname, "..", "..", "..", "dist", name)];
  return candidates.find((path) => existsSync(path));
}
