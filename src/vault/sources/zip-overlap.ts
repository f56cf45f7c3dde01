/** The smallest local file header: an entry's data starts at least this far after its header's offset. */
const LOCAL_HEADER_BYTES = 30;

/**
 * The first pair of entries (indexes, the earlier-starting first) whose bytes overlap, or null, given each
 * entry's local header offset and compressed size. Each entry is taken at its smallest possible extent (a
 * header without a name, then its data), so an honest zip never trips this; a bomb that points many
 * central-directory records at one deflate stream always does. Once sorted, any overlap shows between
 * neighbours.
 */
export function firstOverlap(starts: readonly number[], compressedSizes: readonly number[]): [number, number] | null {
  const order = Array.from(starts.keys()).sort((a, b) => starts[a]! - starts[b]! || a - b);
  for (let i = 1; i < order.length; i++) {
    const before = order[i - 1]!;
    const after = order[i]!;
    if (starts[after]! < starts[before]! + LOCAL_HEADER_BYTES + compressedSizes[before]!) return [before, after];
  }
  return null;
}
