/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): self time per
 * function and per source file, with positions in the bundle mapped back to
 * the TypeScript sources through the bundle's source map.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The parts of a V8 CPU profile that are read here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function. */
export interface ProfileFunction {
  /** The function's name, `(anonymous)` when it has none. */
  name: string;
  /** Source file (relative to the repository for ours), after source mapping. */
  file: string;
  /** 1-based line in `file`. */
  line: number;
  selfMs: number;
  /** Share of the busy time (everything but idle). */
  selfShare: number;
}

/** Self time of one source file, or of one area (a group of files). */
export interface ProfileFile {
  file: string;
  selfMs: number;
  selfShare: number;
}

/** Options of {@link summarizeCpuProfile}. */
export interface CpuProfileOptions {
  /** Paths are made relative to this folder. */
  root: string;
  /** How many functions and files to keep (default 20). */
  limit?: number;
  /** Only samples taken within [from, to], in the profile's clock (µs; the monotonic clock on Linux). */
  window?: [number, number];
  /** Named groups of files: the first whose pattern matches a file (or a function name) wins. */
  areas?: [string, RegExp][];
}

/** What {@link summarizeCpuProfile} finds. */
export interface CpuProfileSummary {
  /** The profile file. */
  profile: string;
  /** Wall time covered by the profile. */
  totalMs: number;
  /** Time not idle: JavaScript, garbage collection, the program itself. */
  busyMs: number;
  /** Of which garbage collection. */
  gcMs: number;
  functions: ProfileFunction[];
  files: ProfileFile[];
  /** Self time per area of {@link CpuProfileOptions.areas} (`other` for the rest); empty without areas. */
  areas: ProfileFile[];
}

/** Special frames of V8 profiles. */
const IDLE = "(idle)";
const GC = "(garbage collector)";

/**
 * Reads `profilePath` and adds up the self time of every sampled frame (in
 * `window` only, when given); the source map of each bundled script
 * (`<script>.map`), when it exists, names the original file and line.
 * Returns the top functions and files by self time, and the time per area.
 */
export function summarizeCpuProfile(
  profilePath: string,
  options: CpuProfileOptions,
): CpuProfileSummary {
  const { root, limit = 20, window, areas = [] } = options;
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Sample i is taken at startTime + timeDeltas[0..i] and runs until the next one.
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) continue;
    const next = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, next));
  }
  const maps = new Map<string, LoadedMap | undefined>();
  const mapOf = (url: string): LoadedMap | undefined => {
    if (!maps.has(url)) maps.set(url, loadSourceMap(url));
    return maps.get(url);
  };

  const functions = new Map<string, { name: string; file: string; line: number; us: number }>();
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const frame = byNode.get(id)!.callFrame;
    if (frame.functionName === IDLE) {
      idleUs += us;
      continue;
    }
    if (frame.functionName === GC) gcUs += us;
    const { file, line } = originalPosition(frame, mapOf(frame.url), root);
    const name = frame.functionName || "(anonymous)";
    const key = `${name}\u0000${file}\u0000${line}`;
    const entry = functions.get(key) ?? { name, file, line, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const busyUs = totalUs - idleUs;
  const share = (us: number): number => (busyUs > 0 ? us / busyUs : 0);
  const files = new Map<string, number>();
  const byArea = new Map<string, number>(areas.map(([name]) => [name, 0]));
  for (const f of functions.values()) {
    files.set(f.file, (files.get(f.file) ?? 0) + f.us);
    if (areas.length === 0) continue;
    const area = areas.find(([, pattern]) => pattern.test(f.file) || pattern.test(f.name))?.[0];
    byArea.set(area ?? "other", (byArea.get(area ?? "other") ?? 0) + f.us);
  }
  return {
    profile: profilePath,
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    gcMs: gcUs / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, limit)
      .map((f) => ({
        name: f.name,
        file: f.file,
        line: f.line,
        selfMs: f.us / 1000,
        selfShare: share(f.us),
      })),
    files: [...files]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([file, us]) => ({ file, selfMs: us / 1000, selfShare: share(us) })),
    areas: [...byArea]
      .filter(([, us]) => us > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([file, us]) => ({ file, selfMs: us / 1000, selfShare: share(us) })),
  };
}

/** A script's source map and the folder its relative sources are relative to. */
interface LoadedMap {
  map: SourceMap;
  dir: string;
}

function loadSourceMap(url: string): LoadedMap | undefined {
  if (!url.startsWith("file:")) return undefined;
  const mapPath = `${fileURLToPath(url)}.map`;
  if (!existsSync(mapPath)) return undefined;
  try {
    const payload = JSON.parse(readFileSync(mapPath, "utf8")) as SourceMapPayload;
    return { map: new SourceMap(payload), dir: dirname(mapPath) };
  } catch {
    return undefined;
  }
}

/** Where a frame is in the original sources: `file` relative to `root`, 1-based `line`. */
function originalPosition(
  frame: CpuProfile["nodes"][number]["callFrame"],
  loaded: LoadedMap | undefined,
  root: string,
): { file: string; line: number } {
  if (!frame.url) return { file: "(native)", line: 0 };
  const generatedPath = frame.url.startsWith("file:") ? fileURLToPath(frame.url) : frame.url;
  if (loaded) {
    const entry = loaded.map.findEntry(frame.lineNumber, frame.columnNumber);
    if ("originalSource" in entry) {
      const source = entry.originalSource.startsWith("file:")
        ? fileURLToPath(entry.originalSource)
        : isAbsolute(entry.originalSource)
          ? entry.originalSource
          : resolve(loaded.dir, entry.originalSource);
      return { file: tidy(source, root), line: entry.originalLine + 1 };
    }
  }
  return { file: tidy(generatedPath, root), line: frame.lineNumber + 1 };
}

function tidy(path: string, root: string): string {
  if (!path.startsWith("/")) return path;
  const rel = relative(root, path);
  return rel.startsWith("..") ? path : rel;
}
