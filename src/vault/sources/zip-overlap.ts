/**
 * The first pair of entries (indexes, the earlier-starting first) whose records overlap, or null, given
 * where each entry's local header starts and where its data ends (as its own local header says where the
 * data starts). An honest zip never trips this; a bomb that points many central-directory records at one
 * deflate stream always does, whether its records share a local header or each have their own, placed
 * apart, whose name and extra-field lengths all lead to the same data.
 */
export function firstOverlap(starts: ArrayLike<number>, ends: ArrayLike<number>): [number, number] | null {
  const order = Array.from({ length: starts.length }, (_, i) => i).sort((a, b) => starts[a]! - starts[b]! || a - b);
  let reaching = order[0];
  for (let i = 1; i < order.length; i++) {
    const after = order[i]!;
    if (starts[after]! < ends[reaching!]!) return [reaching!, after];
    if (ends[after]! > ends[reaching!]!) reaching = after;
  }
  return null;
}
