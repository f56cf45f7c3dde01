import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** The largest object one CopyObject may copy (S3's limit). */
export const SINGLE_COPY_LIMIT = 5 * 1024 ** 3;
/** Parts of a multipart copy: 10,000 parts of 1 GiB cover S3's 5 TiB object limit. */
const COPY_PART_BYTES = 1024 ** 3;

/** Byte ranges (inclusive) of a multipart copy of an object of `size` bytes. */
export function copyParts(size: number, partBytes = COPY_PART_BYTES): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < size; start += partBytes) parts.push({ start, end: Math.min(size, start + partBytes) - 1 });
  return parts;
}

/** Copies an object inside a bucket on the server side: one CopyObject up to 5 GiB, a multipart copy above. */
export async function copyObject(client: S3Client, bucket: string, from: string, to: string, size: number): Promise<void> {
  const source = `${bucket}/${encodeKey(from)}`;
  if (size <= SINGLE_COPY_LIMIT) {
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: source }));
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to }));
  try {
    const completed = [];
    for (const [index, part] of copyParts(size).entries()) {
      const result = await client.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: to,
          UploadId,
          PartNumber: index + 1,
          CopySource: source,
          CopySourceRange: `bytes=${part.start}-${part.end}`,
        }),
      );
      completed.push({ PartNumber: index + 1, ETag: result.CopyPartResult?.ETag });
    }
    await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId, MultipartUpload: { Parts: completed } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId })).catch(() => undefined);
    throw error;
  }
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
