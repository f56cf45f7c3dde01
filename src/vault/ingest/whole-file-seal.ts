import crypto from 'node:crypto';
import { closeSync, fstatSync, readSync, type Stats } from 'node:fs';
import { SyncTemporaryWriter } from '../../blobs/index.js';
import { createAgeHeaderSync, PayloadEncryptor } from '../../crypto/index.js';
import { sourceReadError } from '../sources/errno-reason.js';
import { fileChangedError } from '../sources/source-change.js';
import { openSourceSync } from '../sources/source-file.js';
import type { SealFileReply, SealFileRequest } from './whole-file-sealer.js';

/** What one sealing thread keeps between files. */
export interface WholeFileTools {
  recipients: string[];
  /** Where each file's pieces are read: its last piece's plaintext stays there until the next file overwrites it. */
  readBuffer: Buffer;
  /** Where each file's last sealed chunk is put (AGE_CHUNK_ENCRYPTED bytes): memory a file would otherwise leave to the collector. */
  lastChunk: Buffer;
  /** How much of each file's start to return, for its media type (the main thread sniffs it). */
  headBytes: number;
}

/** A failure of the source, told apart from one of the vault's disk. */
class SourceFailure extends Error {
  constructor(readonly original: unknown) {
    super('source failure');
  }
}

/**
 * Seals one whole file with synchronous calls (open, read, hash, encrypt, write the temporary blob), with the
 * checks of the streamed path: the file opened is the one the walk found, at most one byte past its size is
 * read, and it has not changed at the end. The temporary is left open for the store's commit, which syncs it
 * with others. A failure is an answer, never a throw: `source` for the file's, `store` for the vault's.
 */
export function sealWholeFile(request: SealFileRequest, tools: WholeFileTools): SealFileReply {
  let source: number;
  try {
    source = openSourceSync(request.path);
  } catch (error) {
    return failure(request.id, 'source', error);
  }
  let writer: SyncTemporaryWriter | null = null;
  try {
    const changed = fileChangedError(request.found, statSource(source), null);
    if (changed !== null) throw new SourceFailure(changed);
    const sealed = createAgeHeaderSync(tools.recipients);
    if (sealed === null) throw new Error('whole-file sealing takes X25519 recipients only');
    const encryptor = new PayloadEncryptor(sealed.fileKey);
    writer = SyncTemporaryWriter.create(request.tmpPath);
    writer.write(sealed.header);
    writer.write(encryptor.nonce);
    const hash = crypto.createHash('sha256');
    const limit = request.found.size + 1;
    let head: Buffer | null = null;
    let position = 0;
    for (;;) {
      const bytesRead = readSource(source, tools.readBuffer, Math.min(tools.readBuffer.length, limit - position), position);
      if (bytesRead === 0 || position + bytesRead >= limit) {
        position += bytesRead;
        const now = fileChangedError(request.found, statSource(source), position);
        if (now !== null) throw new SourceFailure(now);
        break;
      }
      const piece = tools.readBuffer.subarray(0, bytesRead);
      head ??= Buffer.from(piece.subarray(0, tools.headBytes));
      position += bytesRead;
      hash.update(piece);
      writer.write(encryptor.pushSealed(piece));
    }
    writer.write(encryptor.finishSealed(tools.lastChunk));
    const blobBytes = writer.size;
    const fd = writer.finish();
    return { id: request.id, sealed: { sha256: hash.digest('hex'), size: position, blobBytes, head: head ?? Buffer.alloc(0), fd } };
  } catch (error) {
    writer?.abort();
    if (error instanceof SourceFailure) return failure(request.id, 'source', error.original);
    return failure(request.id, 'store', error);
  } finally {
    closeSync(source);
  }
}

function readSource(fd: number, buffer: Buffer, length: number, position: number): number {
  try {
    return readSync(fd, buffer, 0, length, position);
  } catch (error) {
    throw new SourceFailure(error);
  }
}

function statSource(fd: number): Stats {
  try {
    return fstatSync(fd);
  } catch (error) {
    throw new SourceFailure(error);
  }
}

function failure(id: number, side: 'source' | 'store', error: unknown): SealFileReply {
  const translated = side === 'source' ? sourceReadError(error) : error;
  const err = translated as NodeJS.ErrnoException;
  return {
    id,
    failed: {
      side,
      name: err instanceof Error ? err.name : 'Error',
      message: err instanceof Error ? err.message : String(translated),
      code: typeof err?.code === 'string' ? err.code : undefined,
      syscall: typeof err?.syscall === 'string' ? err.syscall : undefined,
    },
  };
}
