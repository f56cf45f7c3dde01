import type { SourceEntry, SourceEvent, SourceProblemKind } from './types.js';

export function entryEvent(entry: SourceEntry): SourceEvent {
  return { type: 'entry', entry };
}

export function problemEvent(location: string, kind: SourceProblemKind, reason: string): SourceEvent {
  return { type: 'problem', problem: { location, kind, reason } };
}
