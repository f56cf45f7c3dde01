import { printable } from './location-text.js';
import type { SourceEntry, SourceEvent, SourceProblemKind } from './types.js';

export function entryEvent(entry: SourceEntry): SourceEvent {
  return { type: 'entry', entry };
}

/** `location` is escaped already; the reason may quote an error message, so it is made printable here. */
export function problemEvent(location: string, kind: SourceProblemKind, reason: string): SourceEvent {
  return { type: 'problem', problem: { location, kind, reason: printable(reason) } };
}
