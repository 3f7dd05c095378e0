import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * What a PDF says (its pages' text, white space as single spaces: a line may break anywhere), whether it is
 * tagged (its structure tree is there for screen readers), its first page's size in points, and its title.
 */
export async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  try {
    const pages: string[] = [];
    let tagged = false;
    let width = 0;
    let height = 0;
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
      );
      if ((await page.getStructTree()) !== null) tagged = true;
      if (n === 1) [, , width, height] = page.view as [number, number, number, number];
    }
    const metadata = await pdf.getMetadata();
    const title = (metadata.info as { Title?: string }).Title ?? null;
    return { text: pages.join(' ').replace(/\s+/g, ' '), pages: pages.length, tagged, width, height, title };
  } finally {
    await pdf.destroy();
  }
}
