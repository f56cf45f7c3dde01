import { describe, expect, it } from 'vitest';
import { filterCatalogue, type MediaCatalogueItem } from '../../../src/media/index.js';
import { InvalidInputError } from '../../../src/shared/index.js';

let n = 0;
function item(name: string, facts: Partial<MediaCatalogueItem>): MediaCatalogueItem {
  n++;
  return {
    id: `itm_${String(n).padStart(16, '0')}`,
    name,
    paths: [`/leak/${name}`],
    kind: 'video',
    mediaType: 'video/mp4',
    size: 1,
    state: 'analysed',
    ...facts,
  };
}

const items = [
  item('night.mp4', { recordedAt: '2024-03-01T23:59:59.000Z', durationSeconds: 30, camera: 'Hikvision DS-2CD' }),
  item('morning.mp4', { recordedAt: '2024-03-02T06:00:00.000Z', durationSeconds: 600 }),
  item('long.mp4', { recordedAt: '2024-03-05T10:00:00.000Z', durationSeconds: 4000, state: 'failed' }),
  item('undated.mp4', { durationSeconds: 45 }),
  item('still.jpg', { kind: 'image', mediaType: 'image/jpeg', recordedAt: '2024-03-02T12:00:00.000Z' }),
];
const names = (query: Parameters<typeof filterCatalogue>[1]) => filterCatalogue(items, query).map((i) => i.name);

describe('the media catalogue filters', () => {
  it('keeps everything without filters', () => {
    expect(names({})).toHaveLength(items.length);
  });

  it('takes recording days inclusively, as shown, and leaves out items without a time', () => {
    expect(names({ from: '2024-03-02' })).toEqual(['morning.mp4', 'long.mp4', 'still.jpg']);
    expect(names({ to: '2024-03-01' })).toEqual(['night.mp4']);
    expect(names({ from: '2024-03-02', to: '2024-03-02' })).toEqual(['morning.mp4', 'still.jpg']);
  });

  it('takes durations inclusively, and leaves out pictures', () => {
    expect(names({ maxSeconds: 60 })).toEqual(['night.mp4', 'undated.mp4']);
    expect(names({ minSeconds: 600, maxSeconds: 3600 })).toEqual(['morning.mp4']);
    expect(names({ minSeconds: 3600 })).toEqual(['long.mp4']);
  });

  it('filters by analysis state, kind and camera together', () => {
    expect(names({ state: 'failed' })).toEqual(['long.mp4']);
    expect(names({ kind: 'image', from: '2024-03-01' })).toEqual(['still.jpg']);
    expect(names({ camera: 'Hikvision DS-2CD', maxSeconds: 10 })).toEqual([]);
  });

  it('refuses ranges that cannot hold anything, and days that do not exist, naming the field', () => {
    expect(() => filterCatalogue(items, { from: '2024-03-05', to: '2024-03-01' })).toThrow(InvalidInputError);
    expect(() => filterCatalogue(items, { from: '2024-03-05', to: '2024-03-01' })).toThrow(/from: the first day \(2024-03-05\) is after the last/);
    expect(() => filterCatalogue(items, { minSeconds: 60, maxSeconds: 10 })).toThrow(/minSeconds/);
    expect(() => filterCatalogue(items, { to: '2024-02-30' })).toThrow(/to: 2024-02-30 is not a day/);
  });
});
