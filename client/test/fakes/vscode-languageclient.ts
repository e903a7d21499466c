/**
 * A stand-in for `vscode-languageclient/node`: records the clients the
 * extension creates and lets tests drive their state.
 */

export enum State {
  Stopped = 1,
  Running = 2,
  Starting = 3,
  StartFailed = 4,
}

export enum TransportKind {
  stdio = 0,
  ipc = 1,
  pipe = 2,
  socket = 3,
}

type StateListener = (event: { oldState: State; newState: State }) => void;

/** A static feature as the real client drives it: capabilities filled, then initialized. */
interface StaticFeatureLike {
  fillClientCapabilities(capabilities: Record<string, unknown>): void;
  initialize(capabilities: unknown, documentSelector: unknown): void;
  clear(): void;
}

export const clients: LanguageClient[] = [];
/** When set, the next `start()` rejects with it. */
export const behaviour: { startError: Error | undefined } = { startError: undefined };

export class LanguageClient {
  state = State.Stopped;
  private listeners: StateListener[] = [];
  readonly id: string;
  readonly name: string;
  readonly serverOptions: unknown;
  readonly clientOptions: Record<string, unknown>;
  /** The features registered, and the capabilities they filled at the last start. */
  readonly features: StaticFeatureLike[] = [];
  capabilities: Record<string, unknown> = {};
  private readonly notificationHandlers = new Map<string, (params: unknown) => void>();

  constructor(
    id: string,
    name: string,
    serverOptions: unknown,
    clientOptions: Record<string, unknown>,
  ) {
    this.id = id;
    this.name = name;
    this.serverOptions = serverOptions;
    this.clientOptions = clientOptions;
    clients.push(this);
  }

  onDidChangeState(listener: StateListener): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }

  setState(newState: State): void {
    const oldState = this.state;
    this.state = newState;
    for (const l of this.listeners) l({ oldState, newState });
  }

  registerFeature(feature: StaticFeatureLike): void {
    this.features.push(feature);
  }

  onNotification(
    type: { method: string },
    handler: (params: unknown) => void,
  ): { dispose(): void } {
    this.notificationHandlers.set(type.method, handler);
    return { dispose: () => this.notificationHandlers.delete(type.method) };
  }

  /** The server sends a notification: its handler gets it (none: dropped, as the real client does). */
  notify(method: string, params: unknown): void {
    this.notificationHandlers.get(method)?.(params);
  }

  async start(): Promise<void> {
    this.setState(State.Starting);
    this.capabilities = {};
    for (const feature of this.features) feature.fillClientCapabilities(this.capabilities);
    await Promise.resolve();
    const error = behaviour.startError;
    if (error) {
      behaviour.startError = undefined;
      this.setState(State.StartFailed);
      throw error;
    }
    for (const feature of this.features) feature.initialize({}, undefined);
    this.setState(State.Running);
  }

  needsStop(): boolean {
    return this.state === State.Starting || this.state === State.Running;
  }

  async stop(): Promise<void> {
    for (const feature of this.features) feature.clear();
    this.setState(State.Stopped);
  }
}
