import type { FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError } from '../../intake/index.js';
import type { Intake } from '../../intake/index.js';
import type { UploadInfo, UploadMetadata } from '../../intake/index.js';
import type { AppendOptions } from '../../intake/index.js';
import type { App } from '../app-types.js';
import { checkedSourceOf, sourceOf } from './intake-session.js';

const TUS_VERSION = '1.0.0';
export const TUS_PATH = '/submit/files/';

/** The tus 1.0 resumable upload endpoint (core, creation, termination, expiration, checksum). */
export function tusRoutes(app: App, intake: Intake): void {
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null, undefined));

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith(TUS_PATH)) reply.header('tus-resumable', TUS_VERSION);
  });

  app.options('/files/', async (_request, reply) =>
    reply
      .status(204)
      .header('tus-version', TUS_VERSION)
      .header('tus-extension', 'creation,termination,expiration,checksum')
      .header('tus-checksum-algorithm', 'sha1,sha256')
      .header('tus-max-size', String(intake.config.pendingLimitBytes))
      .send(),
  );

  app.post('/files/', async (request, reply) => {
    requireTus(request);
    const session = checkedSourceOf(intake, request);
    if (request.headers['upload-defer-length'] !== undefined)
      throw new IntakeError(400, 'defer-length', 'Upload-Defer-Length is not supported: send Upload-Length.');
    const length = parseNonNegative(request.headers['upload-length'], 'Upload-Length');
    if (length > intake.config.pendingLimitBytes) throw new IntakeError(413, 'too-large', 'This file is larger than one codename may send.');
    const info = await intake.uploads.create(session, length, parseMetadata(request.headers['upload-metadata']));
    return withExpiry(reply, info).status(201).header('location', `${TUS_PATH}${info.id}`).send();
  });

  app.head('/files/:id', async (request, reply) => {
    requireTus(request);
    const info = await intake.uploads.info(sourceOf(intake, request), (request.params as { id: string }).id);
    return withExpiry(reply, info)
      .status(200)
      .header('upload-offset', String(info.offset))
      .header('upload-length', String(info.length))
      .header('cache-control', 'no-store')
      .send();
  });

  app.patch('/files/:id', async (request, reply) => {
    requireTus(request);
    const session = checkedSourceOf(intake, request);
    if (request.headers['content-type'] !== 'application/offset+octet-stream')
      throw new IntakeError(415, 'content-type', 'PATCH needs Content-Type: application/offset+octet-stream.');
    const offset = parseNonNegative(request.headers['upload-offset'], 'Upload-Offset');
    const info = await intake.uploads.append(
      session,
      (request.params as { id: string }).id,
      offset,
      request.raw,
      parseChecksum(request.headers['upload-checksum']),
    );
    return withExpiry(reply, info).status(204).header('upload-offset', String(info.offset)).send();
  });

  app.delete('/files/:id', async (request, reply) => {
    requireTus(request);
    await intake.uploads.terminate(checkedSourceOf(intake, request), (request.params as { id: string }).id);
    return reply.status(204).send();
  });
}

function requireTus(request: FastifyRequest): void {
  if (request.headers['tus-resumable'] !== TUS_VERSION) throw new IntakeError(412, 'tus-version', `This server speaks tus ${TUS_VERSION}.`);
}

function withExpiry(reply: FastifyReply, info: UploadInfo): FastifyReply {
  // A day is all the intake knows of time; the upload expires at the end of it.
  if (info.expiresDay) reply.header('upload-expires', new Date(`${info.expiresDay}T23:59:59Z`).toUTCString());
  return reply;
}

function parseNonNegative(value: string | string[] | undefined, name: string): number {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new IntakeError(400, 'bad-header', `${name} must be a non-negative integer.`);
  return n;
}

/** `key base64value,key2 base64value2`, as tus defines it. */
function parseMetadata(header: string | string[] | undefined): UploadMetadata {
  const out: Record<string, string> = {};
  if (typeof header !== 'string' || header.trim() === '') return out;
  for (const pair of header.split(',')) {
    const [key, value = ''] = pair.trim().split(' ');
    if (!key || !/^[a-z0-9_-]+$/i.test(key)) throw new IntakeError(400, 'bad-metadata', 'Upload-Metadata is malformed.');
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

function parseChecksum(header: string | string[] | undefined): AppendOptions['checksum'] {
  if (header === undefined) return undefined;
  const [algorithm, digest] = typeof header === 'string' ? header.trim().split(' ') : [];
  if (algorithm !== 'sha1' && algorithm !== 'sha256') throw new IntakeError(400, 'checksum-algorithm', 'Upload-Checksum must use sha1 or sha256.');
  if (!digest || !/^[A-Za-z0-9+/]+={0,2}$/.test(digest)) throw new IntakeError(400, 'bad-checksum', 'Upload-Checksum is malformed.');
  return { algorithm, digest: Buffer.from(digest, 'base64') };
}
