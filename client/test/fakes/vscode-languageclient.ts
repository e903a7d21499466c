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

  async start(): Promise<void> {
    this.setState(State.Starting);
    await Promise.resolve();
    const error = behaviour.startError;
    if (error) {
      behaviour.startError = undefined;
      this.setState(State.StartFailed);
      throw error;
    }
    this.setState(State.Running);
  }

  needsStop(): boolean {
    return this.state === State.Starting || this.state === State.Running;
  }

  async stop(): Promise<void> {
    this.setState(State.Stopped);
  }
}
