import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Why no PDF could be made: the browser is missing or would not start, too many are waiting, or it took too long. */
export type PdfFailure = 'chromium-missing' | 'chromium-failed' | 'busy' | 'timeout';

export class PdfUnavailable extends Error {
  constructor(readonly reason: PdfFailure) {
    super(`The PDF could not be made: ${reason}`);
    this.name = 'PdfUnavailable';
  }
}

export interface PdfRendererOptions {
  /** The Chromium to drive; `CHROMIUM_PATH` or Debian's by default. */
  executablePath?: string;
  /** PDFs made at once, each in its own browser context. */
  concurrency?: number;
  /** PDFs that may wait for a turn; one more is refused as `busy`. */
  maxQueued?: number;
  /** How long one PDF may take, its wait for a turn included. */
  timeoutMs?: number;
}

export interface PdfRenderer {
  /**
   * A self-contained HTML document (its styles inline: nothing is fetched) as an A4 tagged PDF, with the
   * document's outline. Throws `PdfUnavailable` when it cannot.
   */
  render(html: string): Promise<Uint8Array>;
  /** Closes the browser; waiting and later PDFs are refused. */
  close(): Promise<void>;
}

/**
 * PDFs from HTML by headless Chromium (playwright-core): one browser, launched on the first PDF and kept
 * open, a fresh context per PDF (no cookies, storage or cache shared between them) with JavaScript off and
 * every request refused, and at most `concurrency` at once, the rest waiting in a short queue.
 */
export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  const concurrency = options.concurrency ?? 2;
  const maxQueued = options.maxQueued ?? 16;
  const timeoutMs = options.timeoutMs ?? 20_000;

  let launching: Promise<Browser> | null = null;
  let closed = false;
  let running = 0;
  const waiting: (() => void)[] = [];

  function browser(): Promise<Browser> {
    if (closed) return Promise.reject(new PdfUnavailable('chromium-failed'));
    if (launching) return launching;
    if (!existsSync(executablePath)) return Promise.reject(new PdfUnavailable('chromium-missing'));
    // playwright-core is loaded with the first PDF: every process that serves pages would load it at start.
    const started = import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] }))
      .then((b) => {
        // A browser that crashed or was killed is launched afresh for the next PDF.
        b.on('disconnected', () => {
          if (launching === started) launching = null;
        });
        return b;
      })
      .catch(() => {
        launching = null;
        throw new PdfUnavailable('chromium-failed');
      });
    launching = started;
    return started;
  }

  async function turn(): Promise<void> {
    if (running < concurrency) {
      running += 1;
      return;
    }
    if (waiting.length >= maxQueued) throw new PdfUnavailable('busy');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  async function renderInTurn(html: string, signal: AbortSignal): Promise<Uint8Array> {
    // One that timed out while it waited hands its turn straight on.
    if (signal.aborted) throw new PdfUnavailable('timeout');
    const context = await (await browser()).newContext({ javaScriptEnabled: false });
    try {
      const abort = () => void context.close().catch(() => undefined);
      signal.addEventListener('abort', abort, { once: true });
      await context.route('**/*', (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        tagged: true,
        outline: true,
        printBackground: true,
        preferCSSPageSize: true,
        margin: { top: '20mm', bottom: '20mm', left: '18mm', right: '18mm' },
      });
      signal.removeEventListener('abort', abort);
      return new Uint8Array(pdf);
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  return {
    async render(html) {
      if (closed) throw new PdfUnavailable('chromium-failed');
      const timeout = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timeout.abort();
          reject(new PdfUnavailable('timeout'));
        }, timeoutMs);
      });
      const work = (async () => {
        await turn();
        try {
          return await renderInTurn(html, timeout.signal);
        } finally {
          release();
        }
      })();
      try {
        return await Promise.race([work, timedOut]);
      } catch (error) {
        // Work abandoned at the timeout still ends (its context closed): its own failure is not reported twice.
        work.catch(() => undefined);
        if (error instanceof PdfUnavailable) throw error;
        throw new PdfUnavailable(timeout.signal.aborted ? 'timeout' : 'chromium-failed');
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      const open = launching;
      launching = null;
      if (open) await open.then((b) => b.close()).catch(() => undefined);
    },
  };
}
