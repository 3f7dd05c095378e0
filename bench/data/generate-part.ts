import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ordersAt } from './design';
import { generateOrderLife } from './order-life';

/** `generate-part.ts <seed> <scale> <from> <to> <file>`: orders [from, to) of the design year, one JSON per line. */
async function main(): Promise<void> {
  const [seed, scale, from, to, file] = process.argv.slice(2);
  const count = ordersAt(Number(scale));
  const out = createWriteStream(file!, { highWaterMark: 1 << 20 });
  for (let index = Number(from); index < Number(to); index++) {
    const line = `${JSON.stringify(generateOrderLife(Number(seed), index, count))}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
