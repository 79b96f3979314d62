// Writing outputs so a reader never sees a torn file: write a temporary file beside the target,
// fsync it, then rename over the target (atomic on POSIX filesystems). Whatever goes wrong — a full
// disk, a write error, Ctrl-C, a second build writing the same file — the target is always a whole
// file: the old one or the new one. A build's outputs are written together (writeAll): every
// temporary file first, then the renames, the manifest last, so a failure before the renames
// changes nothing, and what an interrupt prints is what is on disk.
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

/** How bytes reach the disk; replaceable in tests to simulate a disk that fills up mid-way. */
export interface FileWriter {
  write(fd: number, data: Uint8Array, offset: number, length: number): number;
}

const DISK: FileWriter = { write: (fd, data, offset, length) => writeSync(fd, data, offset, length) };

/** Temporary files being written right now: removed if the process is interrupted. */
const inFlight = new Set<string>();
let handlersInstalled = false;

/** Outputs already renamed into place by this process: an interrupt after them must say so. */
const committed: string[] = [];

/**
 * On SIGINT/SIGTERM, remove half-written temporary files, then exit as interrupted, saying what is
 * on disk. The command line installs this at start-up; a program using the pipeline keeps its own. Writing is
 * synchronous, so a signal is handled between whole steps: before the renames
 * (nothing was written) or after them (the new files are in place), never in the middle.
 */
export function installInterruptCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      removeTemporaries();
      process.stderr.write(
        committed.length > 0
          ? `interrupted: already written: ${committed.join(', ')}\n`
          : `interrupted: nothing was written\n`,
      );
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Removes the temporary files of a write in progress (an interrupt handler's first step). */
export function removeTemporaries(): void {
  for (const path of inFlight) rmSync(path, { force: true });
}

/**
 * Temporary files of builds that died without cleaning up (kill -9, a power cut) in `folder`:
 * «.NAME.PID.N.tmp» whose process is gone. A running build's are left alone.
 */
function removeStaleTemporaries(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\..+\.(\d+)\.\d+\.tmp$/.exec(name);
    if (!match || Number(match[1]) === process.pid || isAlive(Number(match[1]))) continue;
    rmSync(join(folder, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Every output of a build, both or nothing: each written to its temporary file and synced, then all
 * renamed into place in order (the manifest last). A failure before the renames removes the
 * temporary files and leaves every target as it was.
 */
export function writeAll(outputs: readonly { path: string; data: Uint8Array }[], writer: FileWriter = DISK): void {
  // What an interrupt reports is this build's outputs only.
  committed.length = 0;
  for (const folder of new Set(outputs.map((o) => dirname(o.path)))) removeStaleTemporaries(folder);
  const written: { temporary: string; target: string }[] = [];
  try {
    for (const output of outputs)
      written.push({ temporary: writeTemporary(output.path, output.data, writer), target: output.path });
  } catch (error) {
    for (const { temporary } of written) discard(temporary);
    throw error;
  }
  for (const { temporary, target } of written) {
    renameSync(temporary, target);
    inFlight.delete(temporary);
    committed.push(target);
  }
}

function discard(temporary: string): void {
  rmSync(temporary, { force: true });
  inFlight.delete(temporary);
}

let sequence = 0;

export function writeAtomically(target: string, data: Uint8Array, writer: FileWriter = DISK): void {
  writeAll([{ path: target, data }], writer);
}

/** The bytes in a temporary file beside `target`, synced; its path. Throws a UserError naming the target. */
function writeTemporary(target: string, data: Uint8Array, writer: FileWriter): string {
  const folder = dirname(target);
  // pid and a counter: two builds (or two outputs of one build) never share a temporary file.
  const temporary = join(folder, `.${basename(target)}.${process.pid}.${sequence++}.tmp`);
  try {
    ensureFolder(folder);
    const fd = openSync(temporary, 'w');
    inFlight.add(temporary);
    try {
      // Large chunks, and a short write is continued rather than taken for success.
      for (let offset = 0; offset < data.length;) {
        const written = writer.write(fd, data, offset, Math.min(data.length - offset, 1 << 20));
        if (written <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        offset += written;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // A folder (or anything but a file) where the output should go: renaming onto it would fail
    // or replace a device; say so before any output is renamed.
    if (existsSync(target) && !lstatSync(target).isFile() && !lstatSync(target).isSymbolicLink())
      throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    return temporary;
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is what failed; there is no temporary file to remove.
    }
    inFlight.delete(temporary);
    const code =
      error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'write failed';
    const reason =
      code === 'ENOSPC'
        ? 'ENOSPC: the disk is full'
        : code === 'EISDIR'
          ? 'EISDIR: a folder or device is in the way'
          : code;
    throw new UserError(`cannot write output (${reason}); the previous file, if any, is unchanged`, { file: target });
  }
}

/** Paths as the filesystem sees them (links followed where they exist), for comparing outputs with inputs. */
export function samePath(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuse outputs that would destroy something: an input article, the config, a template, a font,
 * the recipients list, one output on top of another (a PDF where its manifest goes), or anything
 * that is not a regular file (a folder, a device such as /dev/full, a FIFO).
 */
export function checkOutputs(
  outputs: readonly string[],
  protectedFiles: readonly { path: string; what: string }[],
): void {
  const problems: UserError[] = [];
  outputs.forEach((output, index) => {
    if (existsSync(output)) {
      const info = lstatSync(output);
      const target = info.isSymbolicLink() ? canonical(output) : output;
      if (existsSync(target) && !lstatSync(target).isFile())
        problems.push(
          new UserError('refusing to write here: it is not a regular file (a folder, device or FIFO)', {
            file: output,
          }),
        );
    }
    for (const file of protectedFiles)
      if (samePath(output, file.path))
        problems.push(new UserError(`refusing to write over ${file.what} (${file.path})`, { file: output }));
    for (const other of outputs.slice(0, index))
      if (samePath(output, other))
        problems.push(
          new UserError('two outputs of this build would be the same file (is -o the manifest of another output?)', {
            file: output,
          }),
        );
  });
  if (problems.length > 0) throw UserError.all(problems);
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
