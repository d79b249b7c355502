import { connect, type Socket } from 'node:net';

/**
 * Newline-framed syslog over TCP: the lines are split into `connections` contiguous slices, each
 * streamed on its own connection in ~64 KiB writes, honouring the socket's back-pressure, then
 * half-closed. Resolves when every connection has been written and ended.
 */
export async function streamSyslogTcp(
  port: number,
  lines: readonly string[],
  connections: number,
): Promise<void> {
  const slice = Math.ceil(lines.length / connections);
  await Promise.all(
    Array.from({ length: connections }, async (_, index) => {
      const chunks = chunked(lines.slice(index * slice, (index + 1) * slice));
      const socket = await open(port);
      for (const chunk of chunks) {
        if (!socket.write(chunk)) await waitForDrain(socket);
      }
      await new Promise<void>((resolve) => socket.end(resolve));
    }),
  );
}

function chunked(lines: readonly string[], target = 64 * 1024): Buffer[] {
  const chunks: Buffer[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    current.push(line);
    size += line.length + 1;
    if (size >= target) {
      chunks.push(Buffer.from(`${current.join('\n')}\n`));
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) chunks.push(Buffer.from(`${current.join('\n')}\n`));
  return chunks;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function waitForDrain(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => {
      reject(new Error('syslog connection closed by the server while sending'));
    };
    socket.once('close', onClose);
    socket.once('drain', () => {
      socket.off('close', onClose);
      resolve();
    });
  });
}
