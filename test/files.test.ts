// readBounded: whatever a named path is, the work is bounded and the bytes are the file's.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBounded } from '../src/files.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readBounded', () => {
  const cap = 4096;
  const sized = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7) % 251));

  it('gives back the bytes of an empty file, a small one, and one exactly at the cap', () => {
    for (const n of [0, 1, 100, cap]) {
      const read = readBounded(file(`f${n}`, sized(n)), cap);
      expect(read.ok, `${n} bytes`).toBe(true);
      if (read.ok) expect(read.bytes.equals(sized(n)), `${n} bytes`).toBe(true);
    }
  });

  it('refuses a file one byte over the cap, and reads no more than the cap and a byte', () => {
    expect(readBounded(file('over', sized(cap + 1)), cap)).toEqual({ ok: false, reason: 'too large' });
    expect(readBounded(file('far-over', sized(cap * 10)), cap)).toEqual({ ok: false, reason: 'too large' });
  });

  it('names what it will not read', () => {
    expect(readBounded(join(dir, 'absent'), cap)).toEqual({ ok: false, reason: 'missing' });
    expect(readBounded(dir, cap)).toEqual({ ok: false, reason: 'not a regular file' });
  });

  // A file whose size stat does not know (Linux's /proc reports 0) is still read to its end.
  it.runIf(existsSync('/proc/self/status'))('reads a file longer than its stat size says', () => {
    const read = readBounded('/proc/self/status', 1 << 20);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.bytes.length).toBeGreaterThan(100);
      expect(read.bytes.toString('latin1')).toMatch(/^Name:/);
      expect(read.bytes.toString('latin1')).toContain('\nPid:');
    }
    // …and bounded by the cap all the same.
    expect(readBounded('/proc/self/status', 16)).toEqual({ ok: false, reason: 'too large' });
  });

  it('reads what a real article file holds', () => {
    const seed = join(process.cwd(), 'seeds', '000_21268274f0d39a32.txt');
    const read = readBounded(seed, 1 << 20);
    expect(read.ok && read.bytes.equals(readFileSync(seed))).toBe(true);
  });
});
