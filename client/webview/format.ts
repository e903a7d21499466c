/** Figures as people read them; durations and sizes exactly as the CLI prints them. */
import { formatDuration, formatMicros } from "@momoflow/units";

export { formatBytes, formatDuration, formatMicros, formatTime } from "@momoflow/units";

/** An axis tick in milliseconds: `0`, `2.0 ms`, `1.50 s`. */
export function axisDuration(ms: number): string {
  return ms === 0 ? "0" : formatDuration(ms);
}

/** An axis tick in microseconds: `0`, `20.00 µs`. */
export function axisMicros(us: number): string {
  return us === 0 ? "0" : formatMicros(us);
}

/** A log-scale tick: only powers of ten are labelled (`0.1×`, `1×`, `10×`, `100×`). */
export function axisPowerOfTen(ratio: number): string {
  const exponent = Math.log10(ratio);
  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return "";
  return ratio >= 1 ? `${Math.round(ratio).toLocaleString("en-US")}×` : `${ratio}×`;
}

/** A ratio: `1.9×`, `240×`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "—";
  return ratio >= 100 ? `${Math.round(ratio)}×` : `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

/**
 * Short local times for a chart axis: `18:37:16` when every time is on the
 * same day, else `11-25 18:37`.
 */
export function formatShortTimes(epochMs: readonly number[]): string[] {
  const p = (n: number): string => String(n).padStart(2, "0");
  const dates = epochMs.map((t) => new Date(t));
  const day = (d: Date): string => `${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  const oneDay = new Set(dates.map(day)).size <= 1;
  return dates.map((d) =>
    oneDay
      ? `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
      : `${day(d)} ${p(d.getHours())}:${p(d.getMinutes())}`,
  );
}

/** `100%`, `67%`. */
export function formatPercent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
