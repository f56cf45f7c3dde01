import { describe, expect, it } from 'vitest';
import { counted } from '../../../src/cli/counted.js';

describe('counted', () => {
  it('writes the English singular for one and the plural for every other count', () => {
    expect(counted(1, 'item')).toBe('1 item');
    expect(counted(0, 'item')).toBe('0 items');
    expect(counted(2, 'problem')).toBe('2 problems');
    expect(counted(21, 'video')).toBe('21 videos');
    expect(counted(1, 'child', 'children')).toBe('1 child');
    expect(counted(3, 'child', 'children')).toBe('3 children');
  });
});
