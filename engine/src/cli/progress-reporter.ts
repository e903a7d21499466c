import type { JournalEvent } from "../record/journal-event";
import { stepMemoryOf } from "../runtime/metrics";
import { formatStepMemory } from "./step-memory-text";
import type { TerminalStyle } from "./terminal-style";
import { formatDuration } from "./units";

const marks: Record<string, string> = {
  success: "✓",
  failed: "✗",
  skipped: "○",
  rolled_back: "↶",
  rollback_failed: "✗",
};

/**
 * Shows a run as it happens. On a terminal, a live line names the running steps
 * and is replaced as they end; elsewhere (pipes, CI logs), plain lines only.
 */
export class ProgressReporter {
  private total = 0;
  private done = 0;
  private readonly running = new Map<string, number>();
  private liveShown = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly style: TerminalStyle,
    private readonly live: boolean = out.isTTY === true,
  ) {}

  /** Feed every engine event here (`ExecuteOptions.onEvent`). */
  readonly onEvent = (event: JournalEvent): void => {
    switch (event.type) {
      case "run_started":
        this.total = event.steps.length;
        this.print(
          `${this.style.bold(`▶ ${event.workflow.name}`)} ${this.style.dim(`run ${event.runId} · ${this.total} steps`)}`,
        );
        if (this.live) this.timer = setInterval(() => this.drawLive(), 100).unref();
        break;
      case "step_started":
        this.running.set(event.step, event.time);
        if (!this.live)
          this.print(
            this.style.dim(
              `  … ${event.step}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`,
            ),
          );
        else this.drawLive();
        break;
      case "step_finished": {
        this.running.delete(event.step);
        this.done++;
        const mark = this.style.status(event.status, marks[event.status] ?? "·");
        const memory = stepMemoryOf(event.metrics);
        const figures =
          event.status === "skipped"
            ? ""
            : `  ${formatDuration(event.metrics.durationMs)}` +
              (memory ? `  ${formatStepMemory(memory)}` : "");
        const error = event.error ? `\n      ${this.style.status("failed", event.error)}` : "";
        this.print(
          `  ${mark} ${event.step} ${this.style.status(event.status)}${this.style.dim(figures)}${error}`,
        );
        break;
      }
      case "rollback_started":
        if (event.steps.length)
          this.print(
            this.style.bold(
              `↶ rolling back ${event.steps.length} step(s): ${event.steps.join(", ")}`,
            ),
          );
        break;
      case "step_rolled_back": {
        const mark = this.style.status(event.status, marks[event.status] ?? "·");
        const error = event.error ? ` — ${event.error}` : "";
        this.print(
          `  ${mark} ${event.step} ${this.style.status(event.status)}${this.style.dim(`  ${formatDuration(event.durationMs)}`)}${error}`,
        );
        break;
      }
      case "run_finished":
        this.stop();
        break;
      default:
        break;
    }
  };

  /** Clears the live line for good. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearLive();
  }

  private print(line: string): void {
    this.clearLive();
    this.out.write(line + "\n");
    if (this.live && this.running.size > 0) this.drawLive();
  }

  private drawLive(): void {
    if (!this.live || this.running.size === 0) return this.clearLive();
    const now = Date.now();
    const names = [...this.running]
      .map(([id, since]) => `${id} ${formatDuration(now - since)}`)
      .join(", ");
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    const text = `  ${spinner(now)} ${this.done}/${this.total} · ${names}`.slice(0, width);
    this.out.write(`\r\x1b[2K${this.style.dim(text)}`);
    this.liveShown = true;
  }

  private clearLive(): void {
    if (!this.liveShown) return;
    this.out.write("\r\x1b[2K");
    this.liveShown = false;
  }
}

function spinner(now: number): string {
  const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  return frames[Math.floor(now / 100) % frames.length]!;
}
