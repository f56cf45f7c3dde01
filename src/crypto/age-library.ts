/**
 * The age-encryption library, loaded on first use: Vigil's own code seals and opens X25519 files without it,
 * and it costs about 11 MiB in every thread that loads it (each of ingest's sealing threads imports this
 * module's neighbours).
 */
export type AgeLibrary = typeof import('age-encryption');

let loading: Promise<AgeLibrary> | null = null;

export function ageLibrary(): Promise<AgeLibrary> {
  loading ??= import('age-encryption');
  return loading;
}
