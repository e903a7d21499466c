/**
 * A moment as a terminal line names it: the local time of day, `21:40:03`.
 * The lines that use it speak of earlier moments of the same run (a rollback
 * that was killed), minutes or hours before: the date would be noise.
 */
export function clockTime(time: number): string {
  const at = new Date(time);
  return [at.getHours(), at.getMinutes(), at.getSeconds()]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");
}
