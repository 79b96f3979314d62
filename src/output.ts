// Writing outputs so a reader never sees a torn file: write a temporary file beside the target,
// fsync it, then rename over the target (atomic on POSIX filesystems).
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

export function writeAtomically(target: string, data: Uint8Array): void {
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${process.pid}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'write failed';
    throw new UserError(`cannot write output (${reason})`, { file: target });
  }
}
