import { ConfigError } from '../config/index.js';
import type { CheckpointWitness, WitnessAnswer } from '../custody/index.js';

/**
 * The witnesses of VIGIL_WITNESSES, as the custody log uses them, through the tlog-witness client.
 * The witness module (and its HTTP server code) is loaded only when witnesses are configured.
 */
export async function checkpointWitnesses(entries: string[]): Promise<CheckpointWitness[]> {
  if (entries.length === 0) return [];
  const witness = await import('../witness/index.js');
  const endpoints = entries.map((entry, i) => {
    try {
      return witness.parseWitnessEndpoint(entry);
    } catch (error) {
      throw new ConfigError(`VIGIL_WITNESSES entry ${i + 1}: ${(error as Error).message}`);
    }
  });
  const keys = new Set<string>();
  for (const endpoint of endpoints) {
    if (keys.has(endpoint.verifierKey)) throw new ConfigError(`VIGIL_WITNESSES names the witness ${endpoint.name} twice`);
    keys.add(endpoint.verifierKey);
  }
  return endpoints.map((endpoint) => ({
    name: endpoint.name,
    verifierKey: endpoint.verifierKey,
    async submit(request): Promise<WitnessAnswer> {
      try {
        return { kind: 'cosigned', lines: await witness.addCheckpoint(endpoint, request) };
      } catch (error) {
        const message = (error as Error).message;
        if (error instanceof witness.WitnessConflictError) return { kind: 'conflict', latestSize: error.latestSize, message };
        if (error instanceof witness.WitnessRefusedError) return { kind: 'refused', status: error.status, message };
        if (error instanceof witness.WitnessError) return { kind: 'unreachable', message };
        throw error;
      }
    },
    async latestCheckpoint(origin: string) {
      try {
        return { note: await witness.latestCosignedCheckpoint(endpoint, origin) };
      } catch (error) {
        if (error instanceof witness.WitnessError) return { error: error.message };
        throw error;
      }
    },
    cosignatureEvidence: (note: string) => witness.cosignatureEvidence(note, endpoint.verifierKey),
    cosignaturesIn(note: string) {
      let lines: string[];
      try {
        lines = witness.cosignatureLinesOf(note, endpoint.verifierKey);
      } catch (error) {
        return [{ error: (error as Error).message }];
      }
      return lines.map((line) => {
        try {
          return witness.verifyCosignature(note, line, endpoint.verifierKey);
        } catch (error) {
          return { error: (error as Error).message };
        }
      });
    },
  }));
}
