import { describe, expect, it } from 'vitest';
import type { CheckpointWitness, WitnessAnswer } from '../../../src/custody/witness-port.js';
import { submitToWitnesses, type SubmissionContext } from '../../../src/custody/witness-submission.js';

/** A witness that answers from a script and records what it was asked. */
function scripted(name: string, answers: WitnessAnswer[]): CheckpointWitness & { asked: Array<{ oldSize: number; proof: number }> } {
  const asked: Array<{ oldSize: number; proof: number }> = [];
  return {
    name,
    verifierKey: `${name}+00000000+key`,
    asked,
    async submit(request) {
      asked.push({ oldSize: request.oldSize, proof: request.proof.length });
      const answer = answers.shift();
      if (!answer) throw new Error('asked once too often');
      return answer;
    },
    latestCheckpoint: async () => ({ note: null }),
    cosignaturesIn: () => [],
    cosignatureEvidence: () => [],
  };
}

const context = (lastCosigned: number): SubmissionContext => ({
  note: 'origin\n10\nroot\n\n— log sig\n',
  size: 10,
  lastCosigned: () => lastCosigned,
  consistencyProof: async (oldSize, newSize) => Array.from({ length: newSize - oldSize }, () => Buffer.alloc(32)),
});

describe('submitting a checkpoint to witnesses', () => {
  it('starts from the size the witness last cosigned, with the proof from there', async () => {
    const w = scripted('w', [{ kind: 'cosigned', lines: ['— w AAAA'] }]);
    expect(await submitToWitnesses([w], 0, context(7))).toEqual({ lines: ['— w AAAA'], problems: [] });
    expect(w.asked).toEqual([{ oldSize: 7, proof: 3 }]);
  });

  it('tries once more from the size a 409 names', async () => {
    const w = scripted('w', [
      { kind: 'conflict', latestSize: 4, message: 'latest is 4' },
      { kind: 'cosigned', lines: ['— w BBBB'] },
    ]);
    expect((await submitToWitnesses([w], 0, context(0))).lines).toEqual(['— w BBBB']);
    expect(w.asked).toEqual([
      { oldSize: 0, proof: 0 },
      { oldSize: 4, proof: 6 },
    ]);
  });

  it('stops the checkpoint when a witness has cosigned more leaves than the log has, or its proof fails', async () => {
    const ahead = scripted('ahead', [{ kind: 'conflict', latestSize: 12, message: 'latest is 12' }]);
    await expect(submitToWitnesses([ahead], 0, context(0))).rejects.toThrow(/witness ahead has cosigned 12 leaves of this log, but it has only 10/);
    const forked = scripted('forked', [{ kind: 'refused', status: 422, message: 'bad proof' }]);
    await expect(submitToWitnesses([forked], 0, context(8))).rejects.toThrow(
      /witness forked refuses: the log no longer extends the checkpoint of size 8 it cosigned/,
    );
  });

  it('stops the checkpoint when the witness does not recognise the log key that signed it', async () => {
    const rekeyed = scripted('rekeyed', [{ kind: 'refused', status: 403, message: 'not signed by the trusted key' }]);
    await expect(submitToWitnesses([rekeyed], 0, context(8))).rejects.toThrow(/witness rekeyed refuses: the checkpoint is not signed by the log key it trusts/);
  });

  it('records nothing when fewer witnesses than the quorum cosign', async () => {
    const down = scripted('down', [{ kind: 'unreachable', message: 'connection refused' }]);
    const up = scripted('up', [{ kind: 'cosigned', lines: ['— up CCCC'] }]);
    await expect(submitToWitnesses([down, up], 2, context(0))).rejects.toThrow(
      /1 of 2 witnesses cosigned the checkpoint, fewer than the 2 required \(VIGIL_WITNESS_QUORUM\).*witness down: connection refused/,
    );
  });

  it('keeps the checkpoint without a witness that cannot be reached or is misconfigured, and says which', async () => {
    const down = scripted('down', [{ kind: 'unreachable', message: 'connection refused' }]);
    const stranger = scripted('stranger', [{ kind: 'refused', status: 404, message: 'unknown log' }]);
    const up = scripted('up', [{ kind: 'cosigned', lines: ['— up CCCC'] }]);
    expect(await submitToWitnesses([down, stranger, up], 1, context(0))).toEqual({
      lines: ['— up CCCC'],
      problems: ['witness down: connection refused', 'witness stranger: unknown log'],
    });
  });
});
