import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { NationalLink, PermanentDeliveryFailure } from '../application/national-link';

export const NATIONAL_ENDPOINT = Symbol('vigil.incidents.national-endpoint');

export interface NationalEndpoint {
  url: string;
  /** A CA to trust for the endpoint's certificate besides the system's (a private PKI). */
  caFile?: string;
  /** Whether a signing key is configured too (without one nothing can be sent). */
  signing: boolean;
}

export const SIGNATURE_HEADER = 'x-jws-signature';
const TIMEOUT_MS = 15_000;
/** The centre's answer is read for its acknowledgement only; more than this is not an answer. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** POSTs over HTTPS only, verifying the endpoint's certificate; no redirects are followed. */
@Injectable()
export class HttpsNationalLink extends NationalLink {
  readonly configured: boolean;
  private readonly ca: Buffer | undefined;

  constructor(@Inject(NATIONAL_ENDPOINT) private readonly endpoint: NationalEndpoint | undefined) {
    super();
    this.configured = endpoint !== undefined && endpoint.signing;
    this.ca = endpoint?.caFile ? readFileSync(endpoint.caFile) : undefined;
  }

  send(body: string, signature: string): Promise<{ status: number; body: unknown }> {
    const endpoint = this.endpoint;
    if (!endpoint) return Promise.reject(new PermanentDeliveryFailure('no national endpoint configured'));
    return new Promise((resolve, reject) => {
      const outgoing = request(
        endpoint.url,
        {
          method: 'POST',
          timeout: TIMEOUT_MS,
          ...(this.ca && { ca: this.ca }),
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'vigil-incidents',
            [SIGNATURE_HEADER]: signature,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve({ status, body: parsed(Buffer.concat(chunks).toString('utf8')) });
              return;
            }
            const message = `the national endpoint answered ${status}`;
            const transient = status >= 500 || status === 408 || status === 429;
            reject(transient ? new Error(message) : new PermanentDeliveryFailure(message));
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
