import { describe, expect, it } from 'vitest';
import { versionInt } from '../../src/domain/version-int.ts';

describe('versionInt (AMO compare.version_int)', () => {
  it.each([
    ['3.5.0a1pre2', 3050000001002n],
    ['*', 65535999999200100n],
    ['58.0', 58000000200100n],
    ['58.*', 58999999200100n],
    ['4.0b3', 4000000103100n],
    ['garbage', 200100n],
    ['', 200100n],
    ['1.2.3.4.5', 1020304200100n],
  ])('%s → %s', (version, expected) => {
    expect(versionInt(version)).toBe(expected);
  });

  it('orders 58.5 < 58.* < 59.0', () => {
    expect(versionInt('58.5')).toBeLessThan(versionInt('58.*'));
    expect(versionInt('58.*')).toBeLessThan(versionInt('59.0'));
  });

  it('orders alpha < beta < release and pre before its release', () => {
    expect(versionInt('60.0a1')).toBeLessThan(versionInt('60.0b1'));
    expect(versionInt('60.0b1')).toBeLessThan(versionInt('60.0'));
    expect(versionInt('60.0a1pre')).toBeLessThan(versionInt('60.0a1'));
  });

  it('clamps every part to its maximum, the alpha number included', () => {
    expect(versionInt('70000.0')).toBe(versionInt('65535.0'));
    expect(versionInt('1.500')).toBe(versionInt('1.99'));
    expect(versionInt('65535.99.99.99b99999999999')).toBe(65535999999199100n);
  });

  it('carries * forward to the missing parts only', () => {
    expect(versionInt('2.*')).toBe(versionInt('2.99.99.99'));
    expect(versionInt('2.*.1')).toBe(versionInt('2.99.1.0'));
  });
});
