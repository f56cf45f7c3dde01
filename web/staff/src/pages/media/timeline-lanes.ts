/** What the timeline needs of a catalogue item. */
export interface TimelineInput {
  id: string;
  name: string;
  paths: string[];
  camera?: string;
  recordedAt?: string;
  durationSeconds?: number;
}

export interface TimelineBar<T> {
  item: T;
  start: number;
  end: number;
  /** Position along the span, 0 to 1. */
  left: number;
  width: number;
}

export interface TimelineLane<T> {
  /** The camera the file names, else the folder the source kept it in. */
  name: string;
  byCamera: boolean;
  bars: TimelineBar<T>[];
}

export interface Timeline<T> {
  start: number;
  end: number;
  lanes: TimelineLane<T>[];
  /** Items with no recording time, which have no place on it. */
  undated: T[];
  ticks: number[];
}

/**
 * The longest a bar is drawn: a file's duration is what it claims, and a hostile one claims years (or infinity),
 * which would stretch the axis until every real recording is a speck. No recorder keeps one file longer.
 */
const MOST_BAR_SECONDS = 7 * 24 * 3600;
/** Ticks placed at the most, whatever the span: the axis never loops for long. */
const MOST_TICK_STEPS = 1000;

function barSeconds(claimed: number | undefined): number {
  return claimed !== undefined && Number.isFinite(claimed) ? Math.min(Math.max(0, claimed), MOST_BAR_SECONDS) : 0;
}

/** Shortest span shown, so that one clip of a few seconds does not fill the whole width. */
const LEAST_SPAN_MS = 60_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
/** Beyond a few weeks, ticks fall on the first of a month: every 1, 3, 6 or 12 months. */
const MONTH_STEPS = [1, 3, 6, 12, 24, 60];
const MOST_TICKS = 7;

/**
 * The recordings laid out along time, one lane per camera: the device the file names, else the folder it was
 * found in (recorders export each camera to a folder of its own). Times are as the catalogue gives them (UTC, or
 * a camera's clock as written), so ticks are placed in UTC too.
 */
export function timelineOf<T extends TimelineInput>(items: T[]): Timeline<T> {
  const dated = items.flatMap((item) => {
    const start = item.recordedAt === undefined ? NaN : Date.parse(item.recordedAt);
    return Number.isNaN(start) ? [] : [{ item, start, end: start + barSeconds(item.durationSeconds) * 1000 }];
  });
  const undated = items.filter((item) => !dated.some((d) => d.item === item));
  if (dated.length === 0) return { start: 0, end: 0, lanes: [], undated, ticks: [] };
  let start = Math.min(...dated.map((d) => d.start));
  let end = Math.max(...dated.map((d) => d.end));
  if (end - start < LEAST_SPAN_MS) {
    const middle = (start + end) / 2;
    start = middle - LEAST_SPAN_MS / 2;
    end = middle + LEAST_SPAN_MS / 2;
  }
  const span = end - start;
  const folders = laneFolders(dated.map((d) => d.item));
  const lanes = new Map<string, TimelineLane<T>>();
  dated.forEach((d, i) => {
    const byCamera = d.item.camera !== undefined;
    const name = d.item.camera ?? folders[i]!;
    const key = `${byCamera ? 'camera' : 'folder'}:${name}`;
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { name, byCamera, bars: [] }));
    lane.bars.push({ item: d.item, start: d.start, end: d.end, left: (d.start - start) / span, width: (d.end - d.start) / span });
  });
  const sorted = [...lanes.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  for (const lane of sorted) lane.bars.sort((a, b) => a.start - b.start);
  return { start, end, lanes: sorted, undated, ticks: ticksOf(start, end) };
}

/**
 * Each item's folder by its own name ("cam-3"), as a recorder's export names a camera; where two folders share a
 * name ("day-1/cam-3", "day-2/cam-3"), by as many of their last parts as tell them apart.
 */
function laneFolders(items: TimelineInput[]): string[] {
  const folders = items.map((item) => (item.paths[0] ?? '').replace(/!\//g, '/').split(/[/\\]/).filter(Boolean).slice(0, -1));
  const names = folders.map((parts) => parts.slice(-1));
  for (let depth = 2; ; depth++) {
    const full = new Map<string, Set<string>>();
    names.forEach((name, i) => {
      const key = name.join('/');
      if (!full.has(key)) full.set(key, new Set());
      full.get(key)!.add(folders[i]!.join('/'));
    });
    const clashing = names.flatMap((name, i) => ((full.get(name.join('/'))?.size ?? 0) > 1 && name.length < folders[i]!.length ? [i] : []));
    if (clashing.length === 0) break;
    for (const i of clashing) names[i] = folders[i]!.slice(-depth);
  }
  return names.map((name) => name.join('/') || '/');
}

/** Round times along the span, at most MOST_TICKS of them, at the first step that spaces them out enough. */
function ticksOf(start: number, end: number): number[] {
  const step = TICK_STEPS.find((s) => (end - start) / s <= MOST_TICKS);
  const ticks: number[] = [];
  if (step !== undefined) {
    for (let t = Math.ceil(start / step) * step; t <= end && ticks.length < MOST_TICK_STEPS; t += step) ticks.push(t);
    return ticks;
  }
  const first = new Date(start);
  const months = (new Date(end).getUTCFullYear() - first.getUTCFullYear()) * 12 + new Date(end).getUTCMonth() - first.getUTCMonth() + 1;
  const every = MONTH_STEPS.find((m) => months / m <= MOST_TICKS) ?? Math.ceil(months / MOST_TICKS);
  const startMonth = first.getUTCFullYear() * 12 + first.getUTCMonth();
  for (let m = Math.ceil(startMonth / every) * every, n = 0; n < MOST_TICK_STEPS; m += every, n++) {
    const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
    if (t > end) break;
    if (t >= start) ticks.push(t);
  }
  return ticks;
}
