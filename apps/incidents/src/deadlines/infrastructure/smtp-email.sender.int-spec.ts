import { eventually } from '@vigil/testing';
import { createServer, type Server, type Socket } from 'node:net';
import type { Breach } from '../application/breach-log';
import { SmtpEmailSender } from './smtp-email.sender';
import { PermanentDeliveryError } from './webhook.sender';

// The breach e-mail through nodemailer to a local SMTP server (a minimal one written here: this
// machine has no mail server), as a real SMTP conversation over TCP.

interface Mail {
  from: string;
  to: string[];
  data: string;
}

function smtpServer(): Promise<{ server: Server; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = createServer((socket: Socket) => {
    let mail: Mail = { from: '', to: [], data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 test.local ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mails.push(mail);
            mail = { from: '', to: [], data: '' };
            socket.write('250 OK queued\r\n');
          } else mail.data += `${line}\n`;
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO' || command === 'HELO') socket.write('250-test.local\r\n250 8BITMIME\r\n');
        else if (command === 'MAIL') {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          socket.write('250 OK\r\n');
        } else if (command === 'RCPT') {
          mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          socket.write('250 OK\r\n');
        } else if (command === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (command === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0, mails });
    });
  });
}

const breach: Breach = {
  deadlineId: 'd1e2a3d4',
  kind: 'acknowledge',
  subject: { type: 'incident', id: 'INC-2026-000042' },
  organizationId: 'so-tttt',
  team: 'soc-analysts',
  priority: 'P1',
  legalClass: 'ordinary',
  startAt: '2026-12-01T00:00:00.000Z',
  dueAt: '2026-12-01T00:15:00.000Z',
  breachedAt: '2026-12-01T00:15:01.000Z',
};

describe('SmtpEmailSender', () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;

  beforeAll(async () => {
    smtp = await smtpServer();
  });

  afterAll(async () => {
    await new Promise((resolve) => smtp.server.close(resolve));
  });

  it('sends the breach to every configured recipient, drills marked as such', async () => {
    const sender = new SmtpEmailSender({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'vigil@soc.example.vn',
      to: ['duty@soc.example.vn', 'lead@soc.example.vn'],
    });
    await sender.send({ deliveryId: 'd1e2a3d4-email', breach });
    await sender.send({
      deliveryId: 'd1e2a3d5-email',
      breach: { ...breach, deadlineId: 'd1e2a3d5', drillRunId: 'run-9' },
    });
    sender.onApplicationShutdown();
    await eventually(() => smtp.mails.length === 2);
    const [real, drill] = smtp.mails;
    expect(real.from).toBe('vigil@soc.example.vn');
    expect(real.to).toEqual(['duty@soc.example.vn', 'lead@soc.example.vn']);
    expect(real.data).toMatch(
      /^Subject: \[Vigil\] SLA breached: acknowledge of incident INC-2026-000042 \(P1\)$/m,
    );
    expect(real.data).toMatch(/^X-Vigil-Delivery: d1e2a3d4-email$/m);
    expect(real.data).toContain('Due: 2026-12-01T00:15:00.000Z');
    expect(drill.data).toMatch(/^Subject: \[DRILL\] \[Vigil\] SLA breached/m);
  });

  it('refuses to send without a server configured, as a failure that retrying cannot mend', async () => {
    await expect(
      new SmtpEmailSender(undefined).send({ deliveryId: 'x-email', breach }),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
