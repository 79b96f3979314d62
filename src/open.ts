// `--open`: show the built PDF in the system's viewer. Never under CI (a scheduled job has no one
// to look, and a viewer there would hang or fail); a missing viewer is a warning, not a failure.
import { spawn } from 'node:child_process';

export function viewerCommand(platform: NodeJS.Platform, file: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // `start` is built into cmd; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', file] };
  return { command: 'xdg-open', args: [file] };
}

/** Opens `file`; returns a warning to print when it cannot, or null. */
export function openInViewer(file: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env['CI']) return Promise.resolve(null);
  const { command, args } = viewerCommand(process.platform, file);
  return new Promise((resolve) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', env });
    child.once('error', () => resolve(`--open: could not start ${command} to show ${file}`));
    child.once('spawn', () => {
      // The viewer outlives us: do not wait for it.
      child.unref();
      resolve(null);
    });
  });
}
