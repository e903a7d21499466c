/** Removes `item` from `list` when it is there (a disposal after a reset finds nothing). */
export function removeFrom<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}
