import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { PdfRenderer } from '../application/report.repository';
import { ReportsError, ReportsErrorCode } from '../domain/reports.error';

export const CHROMIUM_PATH = Symbol('vigil.incidents.chromium-path');

/** Chromium renders few pages at once on a small machine; more wait their turn. */
const PARALLEL_PAGES = 2;
const RENDER_TIMEOUT_MS = 30_000;

/**
 * PDFs from Debian's Chromium, driven by puppeteer-core (no bundled browser download). One
 * browser is started on first use and kept; each report is a fresh page with JavaScript off and
 * every network request refused, so nothing in a report's text can run or reach anywhere.
 */
@Injectable()
export class ChromiumPdfRenderer extends PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger('reports');
  private browser: Promise<Browser> | undefined;
  private closing = false;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(CHROMIUM_PATH) private readonly executablePath: string) {
    super();
  }

  async render(html: string): Promise<Buffer> {
    await this.turn();
    try {
      const browser = await this.launch();
      const page = await browser.newPage();
      try {
        await page.setJavaScriptEnabled(false);
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          void (request.url().startsWith('data:') ? request.continue() : request.abort());
        });
        await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, timeout: RENDER_TIMEOUT_MS });
        return Buffer.from(pdf);
      } finally {
        await page.close().catch(() => undefined);
      }
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const browser = await this.browser?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }

  private async turn(): Promise<void> {
    while (this.running >= PARALLEL_PAGES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  private launch(): Promise<Browser> {
    if (!existsSync(this.executablePath)) {
      return Promise.reject(
        new ReportsError(
          ReportsErrorCode.RenderingUnavailable,
          `PDF rendering needs Chromium at ${this.executablePath} (VIGIL_CHROMIUM_PATH); the JSON and HTML forms work without it`,
        ),
      );
    }
    this.browser ??= puppeteer
      .launch({
        executablePath: this.executablePath,
        headless: true,
        // Debian's Chromium as root (CI) needs --no-sandbox; pages run no script and load nothing.
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
      })
      .then((browser) => {
        browser.on('disconnected', () => {
          if (this.closing) return;
          this.logger.warn({ msg: 'Chromium went away; the next report starts a new one' });
          this.browser = undefined;
        });
        return browser;
      })
      .catch((error: unknown) => {
        this.browser = undefined;
        throw error;
      });
    return this.browser;
  }
}
