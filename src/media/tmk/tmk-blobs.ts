import { TMK_FEATURE_FLOATS, type TmkFeatures } from './tmk-features.js';
import { TMK_DIMENSION } from './tmk-parameters.js';

/** Floats as stored: 32-bit, little-endian (as the reference's `.tmk` files are), whatever the machine. */
export function float32Blob(values: Float32Array): Buffer {
  const blob = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) blob.writeFloatLE(values[i]!, i * 4);
  return blob;
}

/** The floats of a stored blob, or null when it is not `count` finite floats (a damaged or foreign record). */
export function floatsOfBlob(blob: Uint8Array, count: number): Float32Array | null {
  if (blob.length !== count * 4) return null;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const value = view.getFloat32(i * 4, true);
    if (!Number.isFinite(value)) return null;
    values[i] = value;
  }
  return values;
}

/** The cos and sin features, one after the other, as one blob. */
export function featuresBlob(features: Pick<TmkFeatures, 'cos' | 'sin'>): Buffer {
  return Buffer.concat([float32Blob(features.cos), float32Blob(features.sin)]);
}

export function featuresOfBlob(blob: Uint8Array): Pick<TmkFeatures, 'cos' | 'sin'> | null {
  const all = floatsOfBlob(blob, 2 * TMK_FEATURE_FLOATS);
  return all === null ? null : { cos: all.subarray(0, TMK_FEATURE_FLOATS), sin: all.subarray(TMK_FEATURE_FLOATS) };
}

export function averageOfBlob(blob: Uint8Array): Float32Array | null {
  return floatsOfBlob(blob, TMK_DIMENSION);
}
