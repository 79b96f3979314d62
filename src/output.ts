// Writing outputs so a reader never sees a torn file: write a temporary file beside the target,
// fsync it, then rename over the target (atomic on POSIX filesystems).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

export function writeAtomically(target: string, data: Uint8Array): void {
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${process.pid}.tmp`);
  try {
    ensureFolder(folder);
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is what failed; there is no temporary file to remove.
    }
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'write failed';
    throw new UserError(`cannot write output (${reason})`, { file: target });
  }
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync spins forever on some paths it cannot
 * create (e.g. under /proc), which would hang a scheduled build instead of failing it.
 */
function ensureFolder(folder: string): void {
  if (existsSync(folder)) return;
  const parent = dirname(folder);
  if (parent !== folder) ensureFolder(parent);
  mkdirSync(folder);
}
