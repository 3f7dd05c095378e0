import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfUnavailable, createPdfRenderer } from '../../web/pdf/renderer';
import { CHROMIUM } from './support/browser';
import { readPdf } from './support/pdf-text';

const renderer = createPdfRenderer({ executablePath: CHROMIUM });
let requests = 0;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.end('body { color: red }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await renderer.close();
  await new Promise((resolve) => server.close(resolve));
});

const doc = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Review report</title>${head}</head><body>${body}</body></html>`;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof PdfUnavailable ? error.reason : error),
  );

describe('the PDF renderer (headless Chromium)', () => {
  it('makes an A4 tagged PDF holding the document’s text and title', async () => {
    const pdf = await readPdf(
      await renderer.render(doc('<h1>Review report</h1><p>Opiates: positive (14 November 2026)</p>')),
    );
    expect(pdf.text).toContain('Opiates: positive (14 November 2026)');
    expect(pdf.title).toBe('Review report');
    expect(pdf.tagged).toBe(true);
    // A4 is 210 × 297 mm: 595 × 842 points.
    expect(Math.round(pdf.width)).toBe(596);
    expect(Math.round(pdf.height)).toBe(843);
  });

  it('fetches nothing: stylesheets, images and frames the HTML names are refused', async () => {
    const pdf = await readPdf(
      await renderer.render(
        doc(
          `<p>Offline</p><img src="${origin}/x.png" alt=""><iframe src="${origin}/frame" title="x"></iframe>`,
          `<link rel="stylesheet" href="${origin}/print.css">`,
        ),
      ),
    );
    expect(pdf.text).toContain('Offline');
    expect(requests).toBe(0);
  });

  it('makes PDFs side by side up to its limit and queues a few; one more than the queue holds is refused as busy', async () => {
    const small = createPdfRenderer({ executablePath: CHROMIUM, concurrency: 1, maxQueued: 1 });
    try {
      const results = await Promise.all(
        ['one', 'two', 'three'].map((word) => failure(small.render(doc(`<p>${word}</p>`)))),
      );
      expect(results).toEqual([null, null, 'busy']);
    } finally {
      await small.close();
    }
  });

  it('without Chromium answers a clear failure, and makes no PDF', async () => {
    const missing = createPdfRenderer({ executablePath: '/nonexistent/chromium' });
    expect(await failure(missing.render(doc('<p>x</p>')))).toBe('chromium-missing');
    await missing.close();
  });

  it('gives up on a PDF that takes longer than its timeout', async () => {
    const hasty = createPdfRenderer({ executablePath: CHROMIUM, timeoutMs: 1 });
    try {
      expect(await failure(hasty.render(doc('<p>x</p>')))).toBe('timeout');
    } finally {
      await hasty.close();
    }
  });

  it('refuses PDFs once closed', async () => {
    const closing = createPdfRenderer({ executablePath: CHROMIUM });
    await closing.render(doc('<p>x</p>'));
    await closing.close();
    expect(await failure(closing.render(doc('<p>x</p>')))).toBe('chromium-failed');
  });
});
