import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Buffers for O_DIRECT writes. Writing through the page cache costs about 4 s of kernel time per
 * GiB on the virtual machines Vigil runs on, direct I/O about a quarter of that, and ingest is
 * bound by it. The slots must start on a memory page, not only on a disk sector: from memory the
 * kernel accepts but that is not page-aligned, a virtual disk took 1 MiB writes at 110–360 MB/s
 * instead of 1.7 GB/s. Node cannot ask for aligned memory, but a WebAssembly memory is mapped
 * pages of its own; the offset at which the kernel accepts direct writes is still found by trying.
 */
export const DIRECT_BLOCK = 4096;
export const SLOT_BYTES = 1024 * 1024;

export class DirectIoPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: Array<(slot: Buffer) => void> = [];

  private constructor(slots: Buffer[]) {
    this.free.push(...slots);
  }

  /** A pool for files in `dir`, or null when its file system refuses direct I/O (tmpfs, some network file systems). */
  static async probe(dir: string, slotCount: number): Promise<DirectIoPool | null> {
    if (fs.constants.O_DIRECT === undefined) return null;
    let memory: Buffer;
    try {
      memory = pageAlignedMemory(slotCount * SLOT_BYTES + DIRECT_BLOCK);
    } catch {
      return null; // no WebAssembly (node --jitless), or no room: the page cache it is
    }
    const probeFile = path.join(dir, `.direct-probe-${process.pid}`);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(probeFile, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_DIRECT, 0o600);
    } catch {
      return null;
    }
    try {
      for (let offset = 0; offset < DIRECT_BLOCK; offset += 8) {
        try {
          await handle.write(memory, offset, DIRECT_BLOCK, 0);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EINVAL') continue;
          return null;
        }
        const slots = Array.from({ length: slotCount }, (_, i) => memory.subarray(offset + i * SLOT_BYTES, offset + (i + 1) * SLOT_BYTES));
        return new DirectIoPool(slots);
      }
      return null;
    } finally {
      await handle.close();
      await fsp.rm(probeFile, { force: true });
    }
  }

  async acquire(): Promise<Buffer> {
    const slot = this.free.pop();
    if (slot) return slot;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(slot: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}

/**
 * Writes one file sequentially with O_DIRECT: bytes gather in an aligned slot, full slots go to
 * the kernel while the next one fills, and the tail is padded to a block and the file truncated
 * back to its true length.
 */
export class DirectFileWriter {
  private slot: Buffer | null = null;
  private fill = 0;
  private position = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private spare: Buffer | null = null;

  constructor(
    private readonly handle: fsp.FileHandle,
    private readonly pool: DirectIoPool,
  ) {}

  async write(parts: readonly Buffer[]): Promise<void> {
    for (const part of parts) {
      let offset = 0;
      while (offset < part.length) {
        this.slot ??= await this.pool.acquire();
        const n = part.copy(this.slot, this.fill, offset);
        this.fill += n;
        offset += n;
        if (this.fill === SLOT_BYTES) await this.submitFullSlot();
      }
    }
  }

  /** Writes what is left and gives the slots back; the file then has its exact length. */
  async finish(): Promise<number> {
    await this.inFlight;
    const length = this.position + this.fill;
    if (this.slot && this.fill > 0) {
      const padded = Math.ceil(this.fill / DIRECT_BLOCK) * DIRECT_BLOCK;
      this.slot.fill(0, this.fill, padded);
      await writeFully(this.handle, this.slot.subarray(0, padded), this.position);
      await this.handle.truncate(length);
    }
    this.releaseSlots();
    return length;
  }

  /** Waits for the write in flight (its error, if any, is the caller's) and gives the slots back. */
  async discard(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    this.releaseSlots();
  }

  private async submitFullSlot(): Promise<void> {
    await this.inFlight; // one write in flight per file: the other slot fills meanwhile
    const full = this.slot!;
    const position = this.position;
    this.position += SLOT_BYTES;
    const write = writeFully(this.handle, full, position).finally(() => {
      this.spare = full;
    });
    // A failure (a full disk) surfaces at the next await of inFlight, not as an unhandled rejection.
    write.catch(() => undefined);
    this.inFlight = write;
    this.fill = 0;
    const reusable = this.spare; // taken before any await: the write in flight may hand its slot back meanwhile
    this.spare = null;
    this.slot = null;
    this.slot = reusable ?? (await this.pool.acquire());
  }

  private releaseSlots(): void {
    for (const slot of [this.slot, this.spare]) if (slot) this.pool.release(slot);
    this.slot = null;
    this.spare = null;
  }
}

const WASM_PAGE = 64 * 1024;
/** The one part of WebAssembly used here: the ES2023 library without the DOM does not declare it. */
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer } };

function pageAlignedMemory(bytes: number): Buffer {
  const pages = Math.ceil(bytes / WASM_PAGE);
  return Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer, 0, bytes);
}

async function writeFully(handle: fsp.FileHandle, data: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, position + offset);
    offset += bytesWritten;
  }
}
