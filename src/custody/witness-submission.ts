import { LogRewrittenError, QuorumError } from './custody-errors.js';
import type { CheckpointWitness, WitnessAnswer } from './witness-port.js';

export interface WitnessRound {
  /** Cosignature lines to add to the checkpoint's note. */
  lines: string[];
  /** Witnesses that could not cosign for reasons other than the log (unreachable, misconfigured). */
  problems: string[];
}

export interface SubmissionContext {
  note: string;
  size: number;
  /** The largest size this witness is known to have cosigned (0 if none). */
  lastCosigned(witness: CheckpointWitness): number;
  consistencyProof(oldSize: number, newSize: number): Promise<Buffer[]>;
}

/**
 * Submits a new checkpoint to every witness. A witness that refuses because the log does not extend
 * what it cosigned, or because the signature is not by the log key it trusts, stops the checkpoint
 * (LogRewrittenError). One that cannot be reached only costs its cosignature, and is reported, as long
 * as `quorum` witnesses cosign: otherwise nothing may be recorded (QuorumError), since a state service
 * that blocks the witnesses must not get a rolled-back log signed.
 */
export async function submitToWitnesses(witnesses: CheckpointWitness[], quorum: number, context: SubmissionContext): Promise<WitnessRound> {
  const answers = await Promise.all(witnesses.map((witness) => submitOne(witness, context)));
  const round: WitnessRound = { lines: [], problems: [] };
  const forks: string[] = [];
  for (const [i, answer] of answers.entries()) {
    const witness = witnesses[i]!;
    if (answer.kind === 'cosigned') round.lines.push(...answer.lines);
    else if (answer.kind === 'fork') forks.push(answer.message);
    else round.problems.push(`witness ${witness.name}: ${answer.message}`);
  }
  if (forks.length > 0) throw new LogRewrittenError(`refusing to sign: ${forks.join('; ')}. Run \`vigil custody verify\`.`);
  const cosigned = answers.filter((a) => a.kind === 'cosigned').length;
  if (cosigned < quorum) {
    throw new QuorumError(
      `${cosigned} of ${witnesses.length} witnesses cosigned the checkpoint, fewer than the ${quorum} required (VIGIL_WITNESS_QUORUM), so nothing was recorded: ${round.problems.join('; ')}`,
    );
  }
  return round;
}

type Outcome = { kind: 'cosigned'; lines: string[] } | { kind: 'fork' | 'problem'; message: string };

async function submitOne(witness: CheckpointWitness, context: SubmissionContext): Promise<Outcome> {
  let oldSize = Math.min(context.lastCosigned(witness), context.size);
  for (let attempt = 0; attempt < 2; attempt++) {
    const proof = oldSize > 0 && oldSize < context.size ? await context.consistencyProof(oldSize, context.size) : [];
    const answer: WitnessAnswer = await witness.submit({ oldSize, proof, note: context.note });
    if (answer.kind === 'cosigned') return answer;
    if (answer.kind === 'conflict') {
      if (answer.latestSize > context.size) {
        return {
          kind: 'fork',
          message: `witness ${witness.name} has cosigned ${answer.latestSize} leaves of this log, but it has only ${context.size}: the log was cut back or rewritten`,
        };
      }
      if (attempt === 0) {
        oldSize = answer.latestSize;
        continue;
      }
      return { kind: 'problem', message: answer.message };
    }
    if (answer.kind === 'refused') {
      // 422: the consistency proof from what it cosigned does not verify, so the log forked.
      if (answer.status === 422)
        return {
          kind: 'fork',
          message: `witness ${witness.name} refuses: the log no longer extends the checkpoint of size ${oldSize} it cosigned (${answer.message})`,
        };
      // 403: the note is not signed by the log key the witness was given, so the signing key changed.
      if (answer.status === 403)
        return {
          kind: 'fork',
          message: `witness ${witness.name} refuses: the checkpoint is not signed by the log key it trusts, so this is not the key it was given (${answer.message})`,
        };
      return { kind: 'problem', message: answer.message };
    }
    return { kind: 'problem', message: answer.message };
  }
  return { kind: 'problem', message: 'no answer' };
}
