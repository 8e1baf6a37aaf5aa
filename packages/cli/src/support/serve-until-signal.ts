import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { WebhookError } from '@webhooks/core';

/** Listens on host:port; resolves with the URL it is reachable at, or fails saying why it could not bind. */
export async function listenOn(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new WebhookError('invalid_argument', `cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

/** Resolves once Ctrl-C (or SIGTERM) has closed the server and every connection it held. */
export function closeOnSignal(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      server.closeAllConnections();
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
