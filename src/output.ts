// Writing outputs so a reader never sees a torn file: write a temporary file beside the target,
// fsync it, then rename over the target (atomic on POSIX filesystems). Whatever goes wrong — a full
// disk, a write error, Ctrl-C, a second build writing the same file — the target is always a whole
// file: the old one or the new one.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

/** How bytes reach the disk; replaceable in tests to simulate a disk that fills up mid-way. */
export interface FileWriter {
  write(fd: number, data: Uint8Array, offset: number, length: number): number;
}

const DISK: FileWriter = { write: (fd, data, offset, length) => writeSync(fd, data, offset, length) };

/** Temporary files being written right now: removed if the process is interrupted. */
const inFlight = new Set<string>();
let handlersInstalled = false;

/** On SIGINT/SIGTERM, remove half-written temporary files, then exit as interrupted. */
export function installInterruptCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const path of inFlight) rmSync(path, { force: true });
      process.stderr.write(`interrupted: nothing was written\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

let sequence = 0;

export function writeAtomically(target: string, data: Uint8Array, writer: FileWriter = DISK): void {
  installInterruptCleanup();
  const folder = dirname(target);
  // pid and a counter: two builds (or two outputs of one build) never share a temporary file.
  const temporary = join(folder, `.${basename(target)}.${process.pid}.${sequence++}.tmp`);
  try {
    ensureFolder(folder);
    const fd = openSync(temporary, 'w');
    inFlight.add(temporary);
    try {
      // Large chunks, and a short write is continued rather than taken for success.
      for (let offset = 0; offset < data.length; ) {
        const written = writer.write(fd, data, offset, Math.min(data.length - offset, 1 << 20));
        if (written <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        offset += written;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
    inFlight.delete(temporary);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is what failed; there is no temporary file to remove.
    }
    inFlight.delete(temporary);
    const code = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'write failed';
    const reason = code === 'ENOSPC' ? 'ENOSPC: the disk is full' : code;
    throw new UserError(`cannot write output (${reason}); the previous file, if any, is unchanged`, { file: target });
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
