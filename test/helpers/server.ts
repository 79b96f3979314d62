// A local HTTP server for a test file: on 127.0.0.1 only, on a free port, stopped with every
// connection it still holds (a test may leave a request hanging on purpose).
import { createServer, type RequestListener, type Server } from 'node:http';

export interface LocalServer {
  /** http://127.0.0.1:PORT */
  base: string;
  stop(): Promise<void>;
}

export async function startLocalServer(handler: RequestListener): Promise<LocalServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    base: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
