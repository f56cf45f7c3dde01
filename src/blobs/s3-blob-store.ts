import { PassThrough, pipeline, type Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { BlobStoreError, type BlobStore, type BlobWriter } from './blob-store.js';
import { copyObject } from './s3-copy.js';
import { MAX_PARTS, partBytes } from './s3-part-sizes.js';
import { randomBytesPooled } from '../crypto/index.js';

const READ_BUFFER = 1024 * 1024;
const NAME_PATTERN = /^[0-9a-f]{64}$/;
/** Temporaries and unfinished uploads older than this were left by writers that died (any host's). */
const DEFAULT_ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix without slashes at either end; '' for the bucket's root. */
  prefix: string;
  abandonedAfterMs?: number;
}

/**
 * Blobs as objects `prefix/ab/cd/abcd….age` of an S3-compatible store. A blob is streamed (multipart,
 * parts growing with the blob: see s3-part-sizes.ts) to
 * `prefix/tmp/…`, and copied under its name at commit, once complete: a name never points at a partial blob.
 * Keys are the keyed-hash names; no metadata, content type or checksum of the plaintext is sent.
 */
export class S3BlobStore implements BlobStore {
  private readonly prefix: string;
  private readonly abandonedAfterMs: number;
  /** Temporary keys of this process's writers in flight, which removeAbandoned must spare. */
  private readonly live = new Set<string>();

  constructor(
    private readonly client: S3Client,
    private readonly options: S3BlobStoreOptions,
  ) {
    this.prefix = options.prefix ? `${options.prefix}/` : '';
    this.abandonedAfterMs = options.abandonedAfterMs ?? DEFAULT_ABANDONED_AFTER_MS;
  }

  async create(): Promise<BlobWriter> {
    const key = `${this.prefix}tmp/${process.pid}-${randomBytesPooled(12).toString('hex')}.part`;
    this.live.add(key);
    return new S3BlobWriter(this.client, this.options.bucket, key, () => this.live.delete(key));
  }

  async commit(blobs: ReadonlyArray<{ writer: BlobWriter; name: string }>): Promise<Array<'stored' | 'existed'>> {
    const writers = blobs.map(({ writer, name }) => {
      if (!(writer instanceof S3BlobWriter)) throw new Error('blob writer does not belong to this store');
      return { writer, key: this.key(name) };
    });
    try {
      return await Promise.all(
        writers.map(async ({ writer, key }): Promise<'stored' | 'existed'> => {
          await writer.finish();
          // An upload acknowledged by S3 is durable; so is the copy, which is made only from a complete temporary.
          const existed = (await this.headSize(key)) !== null;
          if (!existed) await copyObject(this.client, this.options.bucket, writer.key, key, writer.bytesWritten);
          await writer.removeTemporary();
          return existed ? 'existed' : 'stored';
        }),
      );
    } catch (error) {
      throw translateError(error, 'cannot write to the vault');
    }
  }

  async exists(name: string): Promise<boolean> {
    return (await this.headSize(this.key(name))) !== null;
  }

  async size(name: string): Promise<number> {
    const size = await this.headSize(this.key(name));
    if (size === null) throw Object.assign(new Error(`blob not found: ${this.locate(name)}`), { code: 'ENOENT' });
    return size;
  }

  read(name: string, range?: { start: number; end: number }): Readable {
    const out = new PassThrough({ highWaterMark: READ_BUFFER });
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: this.key(name),
      ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
    });
    const abort = new AbortController();
    out.once('close', () => abort.abort());
    this.client.send(command, { abortSignal: abort.signal }).then(
      (response) => pipeline(response.Body as Readable, out, () => undefined),
      (error: unknown) => {
        // A range that starts past the end reads nothing, as a file would; S3 answers 416.
        if (range && httpStatus(error) === 416) out.end();
        else out.destroy(translateError(error, `cannot read ${this.locate(name)}`));
      },
    );
    return out;
  }

  locate(name: string): string {
    return `s3://${this.options.bucket}/${this.key(name)}`;
  }

  async removeAbandoned(): Promise<number> {
    const cutoff = Date.now() - this.abandonedAfterMs;
    const tmpPrefix = `${this.prefix}tmp/`;
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: tmpPrefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (!object.Key || this.live.has(object.Key) || (object.LastModified?.getTime() ?? 0) > cutoff) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: object.Key }));
        removed++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed + (await this.abortStaleUploads(tmpPrefix, cutoff));
  }

  /** Unfinished multipart uploads are invisible but billed; servers without the listing (s3rver) are skipped. */
  private async abortStaleUploads(tmpPrefix: string, cutoff: number): Promise<number> {
    let uploads;
    try {
      uploads = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.options.bucket, Prefix: tmpPrefix }));
    } catch {
      return 0;
    }
    let aborted = 0;
    for (const upload of uploads.Uploads ?? []) {
      if (!upload.Key || this.live.has(upload.Key) || (upload.Initiated?.getTime() ?? 0) > cutoff) continue;
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: upload.Key, UploadId: upload.UploadId }));
      aborted++;
    }
    return aborted;
  }

  private key(name: string): string {
    if (!NAME_PATTERN.test(name)) throw new Error(`invalid blob name: ${name}`);
    return `${this.prefix}${name.slice(0, 2)}/${name.slice(2, 4)}/${name}.age`;
  }

  /** The object's size, or null where there is none. */
  private async headSize(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw translateError(error, "cannot reach the vault's blob store");
    }
  }
}

class S3BlobWriter implements BlobWriter {
  /** The part being filled, and how much of it is. */
  private part: Buffer | null = null;
  private filled = 0;
  /** A part buffer whose upload finished, kept to fill again. */
  private spare: Buffer | null = null;
  private nextPart = 1;
  private uploadId: string | null = null;
  private readonly completed: CompletedPart[] = [];
  /** The upload of the previous part: a writer holds two parts at most. */
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private finishing: Promise<void> | null = null;
  private stored = false;
  bytesWritten = 0;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly key: string,
    private readonly release: () => void,
  ) {}

  async write(data: Buffer | readonly Buffer[]): Promise<void> {
    this.throwIfFailed();
    if (this.finishing) throw new BlobStoreError('blob written after it was finished');
    for (const piece of Buffer.isBuffer(data) ? [data] : data) {
      for (let offset = 0; offset < piece.length;) {
        if (this.nextPart > MAX_PARTS) throw (this.failure = new BlobStoreError(`a blob cannot be stored in more than ${MAX_PARTS} parts`));
        const part = (this.part ??= this.takeBuffer(partBytes(this.nextPart)));
        const n = piece.copy(part, this.filled, offset);
        this.filled += n;
        offset += n;
        this.bytesWritten += n;
        // Waits for the previous part's upload, so a slow link holds back the reader instead of filling memory.
        if (this.filled === part.length) await this.sendPart();
      }
    }
  }

  finish(): Promise<void> {
    this.finishing ??= this.complete();
    return this.finishing;
  }

  private async complete(): Promise<void> {
    try {
      this.throwIfFailed();
      if (this.uploadId === null) {
        // Smaller than one part: one PUT.
        const body = this.part ? this.part.subarray(0, this.filled) : Buffer.alloc(0);
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: body }));
      } else {
        if (this.filled > 0) await this.sendPart();
        await this.inFlight;
        this.throwIfFailed();
        this.completed.sort((a, b) => a.PartNumber! - b.PartNumber!);
        await this.client.send(
          new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, MultipartUpload: { Parts: this.completed } }),
        );
      }
      this.stored = true;
      this.part = this.spare = null;
    } catch (error) {
      this.failure ??= error;
      this.throwIfFailed();
    }
  }

  private async sendPart(): Promise<void> {
    const buffer = this.part!;
    const body = buffer.subarray(0, this.filled);
    const partNumber = this.nextPart++;
    this.part = null;
    this.filled = 0;
    await this.inFlight;
    this.throwIfFailed();
    try {
      this.uploadId ??= (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key }))).UploadId ?? null;
    } catch (error) {
      this.failure ??= error;
      this.throwIfFailed();
    }
    this.inFlight = this.client
      .send(new UploadPartCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId!, PartNumber: partNumber, Body: body }))
      .then(
        (result) => {
          this.completed.push({ PartNumber: partNumber, ETag: result.ETag });
          this.spare = buffer;
        },
        (error: unknown) => {
          this.failure ??= error;
        },
      );
  }

  private takeBuffer(size: number): Buffer {
    const spare = this.spare;
    this.spare = null;
    return spare && spare.length === size ? spare : Buffer.allocUnsafe(size);
  }

  async abort(): Promise<void> {
    this.failure ??= new BlobStoreError('blob aborted');
    await this.finishing?.catch(() => undefined);
    await this.inFlight;
    this.part = this.spare = null;
    try {
      if (this.stored) await this.removeTemporary();
      else if (this.uploadId !== null) {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId })).catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  async removeTemporary(): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key }));
    } finally {
      this.release();
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw translateError(this.failure, 'cannot write to the vault');
  }
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function translateError(error: unknown, what: string): Error {
  if (error instanceof BlobStoreError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new BlobStoreError(`${what}: ${message}`, { cause: error });
}
