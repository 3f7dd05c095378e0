import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface PdfText {
  /** Its pages' text, white space as single spaces: a line may break anywhere. */
  text: string;
  pages: number;
  /** Whether its structure tree is there for screen readers. */
  tagged: boolean;
  /** The first page's size in points. */
  width: number;
  height: number;
  title: string | null;
}

const PDFJS = pathToFileURL(createRequire(__filename).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;

/**
 * pdf.js runs in a thread of its own: its build for Node 20 brings core-js, which replaces JSON.parse,
 * JSON.stringify, Array.prototype.push and Function.prototype.toString with slower polyfills for the whole
 * thread, and vitest's workers keep a test file's globals for the files they run after it.
 */
const READER = `
const { parentPort } = require('node:worker_threads');
const pdfjs = import(${JSON.stringify(PDFJS)});
async function read(bytes) {
  const pdf = await (await pdfjs).getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages = [];
    let tagged = false;
    let width = 0;
    let height = 0;
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\\n' : '') : '')).join(''));
      if ((await page.getStructTree()) !== null) tagged = true;
      if (n === 1) [, , width, height] = page.view;
    }
    const title = (await pdf.getMetadata()).info.Title ?? null;
    return { text: pages.join(' ').replace(/\\s+/g, ' '), pages: pages.length, tagged, width, height, title };
  } finally {
    await pdf.destroy();
  }
}
parentPort.on('message', ({ id, bytes }) =>
  read(bytes).then(
    (pdf) => parentPort.postMessage({ id, pdf }),
    (error) => parentPort.postMessage({ id, error: String(error && error.stack ? error.stack : error) }),
  ),
);
`;

type Answer = { id: number; pdf: PdfText } | { id: number; error: string };

let reader: Worker | undefined;
let asked = 0;
const waiting = new Map<number, { resolve(pdf: PdfText): void; reject(error: Error): void }>();

function pdfReader(): Worker {
  if (!reader) {
    const thread = new Worker(READER, { eval: true });
    // It never keeps the process alive: a test awaiting an answer does.
    thread.unref();
    thread.on('message', (answer: Answer) => {
      const asker = waiting.get(answer.id);
      waiting.delete(answer.id);
      if ('pdf' in answer) asker?.resolve(answer.pdf);
      else asker?.reject(new Error(`pdf.js could not read the PDF: ${answer.error}`));
    });
    const stopped = (error: Error) => {
      for (const asker of waiting.values()) asker.reject(error);
      waiting.clear();
      if (reader === thread) reader = undefined;
    };
    thread.on('error', stopped);
    thread.on('exit', (code) => stopped(new Error(`the PDF reader's thread stopped (exit code ${code})`)));
    reader = thread;
  }
  return reader;
}

/** What a PDF says, whether it is tagged, its first page's size and its title, read by pdf.js. */
export function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const id = (asked += 1);
  return new Promise<PdfText>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    pdfReader().postMessage({ id, bytes: new Uint8Array(bytes) });
  });
}
