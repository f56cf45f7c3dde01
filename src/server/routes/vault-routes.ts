import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { Cases } from '../../cases/index.js';
import { Batch, ItemHits, ItemRelease, ItemSearchQuery, VaultItemList, VaultItemPage, VaultListQuery } from '../../vault/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { fileReply, IdParams, replies } from './common.js';

/** The vault browser and the evidence player (the vault's item browser); releasing an item is case records'. */
export function vaultRoutes(app: App, cases: Cases): void {
  const tags = ['vault'];
  app.get(
    '/api/vault/items',
    {
      config: { access: 'viewEvidence' },
      schema: {
        tags,
        description:
          'The vault list: the items the caller may see, counted, one page in the order asked, each named by the first place it was found that the caller may see.',
        querystring: VaultListQuery,
        response: replies({ 200: VaultItemList }),
      },
    },
    async (request) => cases.vaultItems.list(viewerOf(request), request.query),
  );
  app.get(
    '/api/vault/search',
    {
      config: { access: 'viewEvidence' },
      schema: {
        tags,
        description:
          'The evidence picker: items the viewer may see by part of a file name or folder, a kind of file, the days they were stored, or the start of an id or SHA-256; each named by its file, with its poster frame once made.',
        querystring: ItemSearchQuery,
        response: replies({ 200: ItemHits }),
      },
    },
    async (request) => cases.vaultItems.search(viewerOf(request), request.query),
  );
  app.get(
    '/api/vault/items/:id',
    { config: { access: 'viewEvidence' }, schema: { tags, params: IdParams, response: replies({ 200: VaultItemPage }) } },
    async (request) => cases.vaultItems.get(viewerOf(request), request.params.id),
  );
  app.get('/api/vault/batches', { config: { access: 'viewEvidence' }, schema: { tags, response: replies({ 200: Type.Array(Batch) }) } }, async (request) =>
    cases.vaultItems.batches(viewerOf(request)),
  );
  app.post(
    '/api/vault/items/:id/release',
    {
      config: { access: 'manage' },
      schema: {
        tags,
        params: IdParams,
        description:
          "Lifts the item's own compartment restrictions (audited), except those a live incident of the compartment still uses (named in keptBy); 409 when every one is still used. An archive that holds a restricted item stays hidden.",
        response: replies({ 200: ItemRelease }),
      },
    },
    async (request) => cases.itemRelease.release(viewerOf(request), request.params.id),
  );

  // The plaintext, decrypted chunk by chunk for the bytes asked for: a <video> seeks through Range.
  app.get(
    '/api/vault/items/:id/content',
    {
      config: { access: 'viewEvidence' },
      schema: {
        tags,
        params: IdParams,
        description: 'The decrypted item; supports a single HTTP Range. Each viewing is written to the custody log.',
        response: replies({ 200: fileReply<Readable>('*/*', 'the whole item, with its media type'), 206: fileReply<Readable>('*/*', 'the range asked for') }),
      },
    },
    async (request, reply) => {
      const content = await cases.vaultItems.content(viewerOf(request), request.params.id, request.headers.range);
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', content.mediaType)
        .header('content-length', String(content.end - content.start + 1));
      // The player's page must not be able to hand the plaintext to anyone else.
      reply.header('content-security-policy', "default-src 'none'; sandbox").header('content-disposition', 'inline');
      if (content.partial) reply.status(206).header('content-range', `bytes ${content.start}-${content.end}/${content.size}`);
      return reply.send(content.stream);
    },
  );
}
