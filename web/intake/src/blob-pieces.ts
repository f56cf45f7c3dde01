/**
 * Reads a Blob front to back in pieces of a chosen size, keeping one stream open while reads follow on from each
 * other: in Chromium a long blob.stream() is several times faster than blob.slice().arrayBuffer() or a new stream
 * per slice. A read elsewhere in the Blob opens a new stream there.
 */
export class BlobPieces {
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  /** Blob offset of the first byte of `left`, or of what the stream gives next. */
  private position = 0;
  private left: Uint8Array = new Uint8Array(0);
  /** Buffers handed back with `recycle`, by size: in Chromium a fresh buffer a piece costs about as much as sealing it. */
  private readonly spare = new Map<number, ArrayBuffer[]>();

  constructor(
    private readonly blob: Blob,
    private readonly spareLimit = 8,
  ) {}

  /** Gives back a piece's buffer (or one of its size) once nobody reads it any more, for a later piece to reuse. */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return; // detached, or of an empty final piece
    const list = this.spare.get(buffer.byteLength) ?? [];
    if (list.length >= this.spareLimit) return;
    list.push(buffer);
    this.spare.set(buffer.byteLength, list);
  }

  /** Hands over bytes [from, to) in order, in buffers of `pieceBytes` (the last may be shorter), fresh or recycled. */
  async read(from: number, to: number, pieceBytes: number, onPiece: (piece: Uint8Array<ArrayBuffer>, at: number) => void): Promise<void> {
    if (from >= to) return;
    if (!this.reader || from !== this.position) this.open(from);
    let at = from;
    let piece = this.allocate(Math.min(pieceBytes, to - at));
    let filled = 0;
    try {
      while (at < to) {
        if (this.left.length === 0) {
          const { done, value } = await this.reader!.read();
          if (done) throw new Error(`the file ended at byte ${this.position}, before byte ${to}: was it changed?`);
          this.left = value;
        }
        const take = Math.min(this.left.length, piece.length - filled);
        piece.set(this.left.subarray(0, take), filled);
        this.left = this.left.subarray(take);
        this.position += take;
        filled += take;
        if (filled === piece.length) {
          at += filled;
          onPiece(piece, at - filled); // may transfer the buffer away
          if (at < to) piece = this.allocate(Math.min(pieceBytes, to - at));
          filled = 0;
        }
      }
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private allocate(bytes: number): Uint8Array<ArrayBuffer> {
    const reused = this.spare.get(bytes)?.pop();
    return reused ? new Uint8Array(reused) : new Uint8Array(bytes);
  }

  close(): void {
    this.reader?.cancel().catch(() => undefined);
    this.reader = null;
    this.left = new Uint8Array(0);
  }

  private open(from: number): void {
    this.close();
    this.reader = this.blob.slice(from).stream().getReader();
    this.position = from;
  }
}
