import type { Connection } from "vscode-languageserver/node";

/** The server's settings (`momoflow.*` in the client's configuration). */
export interface ServerSettings {
  /** At most this many problems are published per file. */
  maxNumberOfProblems: number;
  /** Show the metrics of the last run inline (hover and inlay hints). */
  inlineMetrics: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = { maxNumberOfProblems: 1000, inlineMetrics: true };

/**
 * Reads settings through `workspace/configuration` when the client supports
 * it — for the document they apply to, as a folder of the workspace may set
 * its own (`"scope": "resource"`) — caching them until the client says they
 * changed; else takes those the client pushes with
 * `workspace/didChangeConfiguration`.
 */
export class SettingsSource {
  /** By the document they were asked for (`""`: none). */
  private readonly cached = new Map<string, Promise<ServerSettings>>();
  private pushed: Promise<ServerSettings> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly supported: boolean,
  ) {}

  /** The settings that apply to the document `scopeUri` (the workspace's without one). */
  get(scopeUri?: string): Promise<ServerSettings> {
    if (!this.supported) return this.pushed ?? Promise.resolve(DEFAULT_SETTINGS);
    const key = scopeUri ?? "";
    let settings = this.cached.get(key);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ section: "momoflow", ...(scopeUri !== undefined && { scopeUri }) })
        .then((value: unknown) => normalize(value))
        .catch(() => DEFAULT_SETTINGS);
      this.cached.set(key, settings);
    }
    return settings;
  }

  /**
   * `workspace/didChangeConfiguration`: the settings are asked for again. A
   * client that cannot be asked (no `workspace/configuration`) pushes them
   * instead, as `settings.momoflow` of the notification: those count then.
   */
  changed(pushed: unknown): void {
    this.cached.clear();
    this.pushed = this.supported ? undefined : Promise.resolve(normalize(momoflowSection(pushed)));
  }
}

/** The `momoflow` section of pushed settings (`{ momoflow: {...} }`), if any. */
function momoflowSection(pushed: unknown): unknown {
  return typeof pushed === "object" && pushed !== null
    ? (pushed as { momoflow?: unknown }).momoflow
    : undefined;
}

function normalize(value: unknown): ServerSettings {
  const v = (value ?? {}) as Partial<Record<keyof ServerSettings, unknown>>;
  const max = Number(v.maxNumberOfProblems);
  return {
    maxNumberOfProblems:
      Number.isInteger(max) && max > 0 ? max : DEFAULT_SETTINGS.maxNumberOfProblems,
    inlineMetrics:
      typeof v.inlineMetrics === "boolean" ? v.inlineMetrics : DEFAULT_SETTINGS.inlineMetrics,
  };
}
