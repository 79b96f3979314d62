// Reading a file the user named, with bounded work whatever it is: anything but a regular file (a
// FIFO would block forever, a device such as /dev/zero never ends) is refused before it is opened
// for reading, it is opened without blocking, and no more than a cap is read, whatever `stat` says.
import { closeSync, constants, openSync, readSync, statSync } from 'node:fs';

export type BoundedRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: 'missing' | 'not a regular file' | 'too large' | 'unreadable' };

export function readBounded(file: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    if (!statSync(file).isFile()) return { ok: false, reason: 'not a regular file' };
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  try {
    // Checked again on the open file: the path may have been swapped for a FIFO in between.
    const info = statSync(file);
    if (!info.isFile()) return { ok: false, reason: 'not a regular file' };
    // Larger than the cap by its own account: refused before a byte is read or a buffer made.
    if (info.size > maxBytes) return { ok: false, reason: 'too large' };
    // Room for the size stat gives and one byte more, so a file that is as long as it says is read
    // into one buffer and its end seen without another: every article is read twice a build
    // (hashing, parsing), and buffers sized by the cap rather than the file would be garbage the
    // collector pays for. A file that grows while it is read still gets more room, up to the cap.
    let buffer = Buffer.allocUnsafe(info.size + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) return { ok: false, reason: 'too large' };
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
      }
      const read = readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0) break;
      total += read;
    }
    if (total > maxBytes) return { ok: false, reason: 'too large' };
    return { ok: true, bytes: buffer.subarray(0, total) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}

/** Why a small file the user named (the config, the recipients list) could not be read, in words. */
export function unreadable(
  what: string,
  reason: Exclude<BoundedRead, { ok: true }>['reason'],
  maxBytes: number,
): string {
  if (reason === 'not a regular file') return `${what} is not a regular file (a FIFO, device or socket)`;
  if (reason === 'too large') return `${what} is larger than ${maxBytes / 1024 / 1024} MB`;
  return `${what}: not found or unreadable`;
}
