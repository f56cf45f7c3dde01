import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../src/accounts/index.js';
import type { IngestBatch, Item, ItemSource } from '../../../src/db/schema.js';
import { ItemBrowser, type ItemVisibility, type VaultReader } from '../../../src/vault/index.js';

const editor: Viewer = { userId: 'usr_editor', role: 'editor', compartments: new Set() };
const reader: Viewer = { userId: 'usr_reader', role: 'viewer', compartments: new Set() };

const item = (id: string, batch: string, size = 10): Item => ({
  id,
  sha256: id.padEnd(64, '0'),
  size,
  blob_name: 'b'.repeat(64),
  media_type: 'video/mp4',
  batch_id: batch,
  ingest_leaf: 0,
  created_at: '2026-01-01T00:00:00Z',
});
const source = (itemId: string, location: string, filePath: string, entryPath: string | null): ItemSource => ({
  id: `src_${location}`,
  item_id: itemId,
  batch_id: 'bat_open',
  source_key: location,
  location,
  file_path: filePath,
  entry_path: entryPath,
  archive_format: entryPath === null ? null : 'zip',
  size: 10,
  mtime: null,
  atime: null,
  ctime: null,
  birthtime: null,
  found_at: '2026-01-01T00:00:00Z',
  name: location.split(/[/!]/).pop()!,
  name_key: location.split(/[/!]/).pop()!.toLowerCase(),
});
const batch = (id: string, roots: string[]): IngestBatch => ({
  id,
  started_at: '2026-01-01T00:00:00Z',
  finished_at: null,
  status: 'finished',
  roots: JSON.stringify(roots),
  items_new: 3,
  items_duplicate: 1,
  items_resumed: 2,
  bytes: 300,
  problems: 1,
});

/** A vault of three items in which `itm_secret` is hidden from everyone: what cases would answer for a compartment. */
function world(identity: string | null = 'AGE-SECRET-KEY-1TEST') {
  const items = [item('itm_a', 'bat_open'), item('itm_b', 'bat_mixed'), item('itm_secret', 'bat_secret')];
  const hidden = new Set(['itm_secret']);
  const reads: string[] = [];
  const vault: VaultReader = {
    sourcesOf: async (id) =>
      id === 'itm_a'
        ? [
            source('itm_a', '/in/a.mp4', '/in/a.mp4', null),
            source('itm_a', '/in/secret.zip!a.mp4', '/in/secret.zip', 'a.mp4'),
            source('itm_a', '/in/open.zip!a.mp4', '/in/open.zip', 'a.mp4'),
          ]
        : id === 'itm_b'
          ? [source('itm_b', '/mixed/secret-notes.txt', '/mixed/secret-notes.txt', null)]
          : [],
    batches: async () => [batch('bat_open', ['/in']), batch('bat_mixed', ['/mixed']), batch('bat_secret', ['/secret'])],
    verifications: async () => new Map([['itm_a', { at: '2026-02-01T00:00:00Z', result: 'intact' }]]),
    derivedViews: async (ids, name) => new Map(ids.includes('itm_a') && name === 'poster.jpg' ? [['itm_a', 'itm_poster']] : []),
    readRange: async (i, _identity, start, end) => {
      reads.push(`${i.id}:${start}-${end}`);
      return Readable.from([Buffer.alloc(end - start + 1)]);
    },
  };
  const visibility: ItemVisibility = {
    listItems: async (_viewer, page) => {
      const visible = items.filter((i) => !hidden.has(i.id));
      return { total: visible.length, items: visible.slice(page.offset, page.offset + page.limit) };
    },
    placeNames: async (_viewer, ids) => new Map(ids.flatMap((id) => (id === 'itm_a' ? [[id, 'a.mp4'] as const] : []))),
    // As the SQL would: a place matches whatever archive it is in; the browser must drop hidden archives' places.
    searchItems: async (_viewer, filter, limit, offset) =>
      items
        .filter(
          (i) =>
            !hidden.has(i.id) &&
            (!filter.text ||
              i.id.startsWith(filter.text) ||
              (i.id === 'itm_a' && /a\.mp4|secret|open/.test(filter.text)) ||
              (i.id === 'itm_b' && /secret|notes/.test(filter.text))),
        )
        .slice(offset, offset + limit),
    visibleItem: async (_viewer, id) => items.find((i) => i.id === id && !hidden.has(id)),
    hiddenAmong: async (_viewer, ids) => new Set(ids.filter((id) => hidden.has(id))),
    hiddenArchives: async (_viewer, paths) => new Set(paths.filter((p) => p === '/in/secret.zip')),
    hiddenBatches: async (_viewer, batches) => new Set(batches.filter((b) => b.id !== 'bat_open').map((b) => b.id)),
    visibleBatchCounts: async () => new Map([['bat_mixed', { sources: 2, bytes: 20, firstStored: 1 }]]),
    notes: async () => ({ restriction: { compartments: [], heldItems: false, insideRestricted: false }, incidents: [] }),
  };
  return { browser: new ItemBrowser(vault, visibility, () => identity), reads };
}

describe('the vault item browser, through what the visibility port hides', () => {
  it('finds an item by a place it was found, named by its file, with its poster frame', async () => {
    const { browser } = world();
    const { items } = await browser.search(editor, { q: 'Open.zip' });
    expect(items.map((h) => [h.item.id, h.name, h.location, h.posterItemId])).toEqual([['itm_a', 'a.mp4', '/in/open.zip!a.mp4', 'itm_poster']]);
  });

  it('never matches an item through a place inside an archive hidden from the viewer, nor finds a hidden item', async () => {
    const { browser } = world();
    expect((await browser.search(editor, { q: 'secret' })).items.map((h) => h.item.id)).toEqual(['itm_b']);
    // Asked for one hit, the search does not stop at the item that matched only through the hidden archive: how
    // many come back must not tell that the hidden archive's names hold the text.
    expect((await browser.search(editor, { q: 'secret', limit: 1 })).items.map((h) => h.item.id)).toEqual(['itm_b']);
    expect((await browser.search(editor, { q: 'itm_secret' })).items).toEqual([]);
    expect((await browser.search(editor, { q: 'itm_b' })).items.map((h) => [h.name, h.location])).toEqual([['secret-notes.txt', '/mixed/secret-notes.txt']]);
    await expect(browser.search(editor, { to: '2024-13-45' })).rejects.toThrow(/not a day of the calendar/);
  });

  it('lists, counts and pages only the items the viewer may see, with their last check and the name of a place they may see', async () => {
    const { browser } = world();
    const first = await browser.list(editor, { limit: 1 });
    expect(first).toEqual({
      total: 2,
      items: [expect.objectContaining({ id: 'itm_a', name: 'a.mp4', verification: 'intact', verifiedAt: '2026-02-01T00:00:00Z' })],
    });
    expect(await browser.list(editor, { offset: 1, limit: 5 })).toEqual({
      total: 2,
      items: [expect.objectContaining({ id: 'itm_b', name: null, verification: null })],
    });
  });

  it('answers a hidden item as a missing one, on its page and in the player, and decrypts nothing', async () => {
    const { browser, reads } = world();
    for (const id of ['itm_secret', 'itm_nothing']) {
      await expect(browser.get(editor, id)).rejects.toMatchObject({ code: 'not-found' });
      await expect(browser.content(editor, id, 'bytes=0-1')).rejects.toMatchObject({ code: 'not-found' });
    }
    expect(reads).toEqual([]);
  });

  it('leaves out the places inside an archive the viewer may not see', async () => {
    const { browser } = world();
    const page = await browser.get(editor, 'itm_a');
    expect(page.sources.map((s) => s.location)).toEqual(['/in/a.mp4', '/in/open.zip!a.mp4']);
  });

  it('withholds the roots and split counts of a batch that holds a hidden item, and leaves out one with nothing visible', async () => {
    const { browser } = world();
    expect(await browser.batches(editor)).toEqual([
      expect.objectContaining({ id: 'bat_open', roots: ['/in'], rootsWithheld: false, itemsNew: 3, itemsResumed: 2, problems: 1 }),
      expect.objectContaining({
        id: 'bat_mixed',
        roots: [],
        rootsWithheld: true,
        itemsNew: 1,
        itemsDuplicate: 1,
        itemsResumed: null,
        bytes: 20,
        problems: null,
      }),
    ]);
  });

  it('plays the range asked for, and refuses while the vault is locked or to a role without evidence', async () => {
    const { browser, reads } = world();
    expect(await browser.content(editor, 'itm_a', 'bytes=2-5')).toMatchObject({ start: 2, end: 5, size: 10, partial: true });
    expect(reads).toEqual(['itm_a:2-5']);
    await expect(browser.content(editor, 'itm_a', 'bytes=10-')).rejects.toMatchObject({ code: 'range-not-satisfiable' });
    await expect(world(null).browser.content(editor, 'itm_a', undefined)).rejects.toMatchObject({ code: expect.stringMatching(/locked/) });
    await expect(browser.list(reader, { limit: 5 })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
