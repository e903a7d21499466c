/**
 * A local date and time, as run listings show when a run started:
 * `2026-11-25 18:37:16`, in the machine's time zone (the CLI's `momoflow runs`,
 * the metrics panel's History and Benchmarks tabs).
 */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number): string => String(n).padStart(2, "0");
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  );
}
