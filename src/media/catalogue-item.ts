import type { CatalogueRow } from './media-catalogue-repository.js';
import type { MediaProbe } from './media-schemas.js';
import type { MediaCatalogueItem, MediaKind } from './media-triage-schemas.js';
import { printedRecordedTime, recordedTime } from './recorded-time.js';

/**
 * An item's line in the catalogue, from its stored analysis and the places it was found that the viewer may
 * see (`sources`, already filtered): a place inside an archive they may not see would name that archive.
 */
export function catalogueItem(row: CatalogueRow, sources: CatalogueRow['sources']): MediaCatalogueItem {
  const probe = row.probe === null ? null : (JSON.parse(row.probe) as MediaProbe);
  const paths = sources.map((s) => s.location);
  const item: MediaCatalogueItem = {
    id: row.id,
    name: paths.length > 0 ? fileName(paths[0]!) : row.id,
    paths,
    kind: probe && probe.kind !== 'other' ? probe.kind : kindOfType(row.mediaType),
    mediaType: row.mediaType,
    size: row.size,
    state: row.state ?? 'pending',
  };
  if (row.reason !== null) item.reason = row.reason;
  if (row.posterItemId !== null) item.posterItemId = row.posterItemId;
  if (probe?.durationSeconds !== undefined) item.durationSeconds = probe.durationSeconds;
  if (probe?.video) {
    item.width = probe.video.width;
    item.height = probe.video.height;
    if (probe.video.frameRate !== undefined) item.frameRate = probe.video.frameRate;
  }
  // A CCTV recorder names its camera on the picture, not in the file.
  const camera = cameraName(probe?.device) ?? row.burnedIn?.camera ?? undefined;
  if (camera) item.camera = camera;
  const burnedIn = row.burnedIn;
  const printedAt = burnedIn ? recordedTime(burnedIn.start) : null;
  if (burnedIn && printedAt)
    item.burnedIn = { at: printedAt.at, confidence: burnedIn.confidence, ...(burnedIn.camera !== null ? { camera: burnedIn.camera } : {}) };
  const printed = printedRecordedTime(burnedIn ?? undefined);
  const fromFile = recordedTime(probe?.recordedAt);
  const mtime = sources.find((s) => s.mtime !== null)?.mtime;
  const own = fromFile
    ? { recordedAt: fromFile.at, recordedFrom: 'file' as const, recordedZone: fromFile.zoned }
    : mtime
      ? { recordedAt: new Date(mtime).toISOString(), recordedFrom: 'mtime' as const, recordedZone: true }
      : null;
  // The printed clock, read with confidence, is when the recorder says it recorded; the file's own time stays beside it.
  if (printed) {
    Object.assign(item, { recordedAt: printed.at, recordedFrom: 'printed', recordedZone: false });
    if (own) item.fileRecordedAt = own.recordedAt;
  } else if (own) Object.assign(item, own);
  return item;
}

/** The last part of a location: a file's name, or an archive entry's (`archive.zip!/dir/clip.mp4`). */
export function fileName(location: string): string {
  return location.split(/[/\\]/).filter(Boolean).pop() ?? location;
}

/** "Make Model", without the make twice when the model repeats it ("Canon Canon EOS 5D"). */
export function cameraName(device: MediaProbe['device']): string | undefined {
  const make = device?.make?.trim();
  const model = device?.model?.trim();
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return make || model || undefined;
}

function kindOfType(mediaType: string): MediaKind {
  const top = mediaType.split('/')[0];
  return top === 'video' || top === 'image' || top === 'audio' ? top : 'other';
}
