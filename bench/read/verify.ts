import type { LoadRequest } from '../load/job';

interface Counts {
  requirementsOfOrder: number;
  requirements: number;
  deadlines: number;
}

async function json(request: LoadRequest): Promise<Record<string, unknown>> {
  const response = await fetch(request.url, { headers: request.headers });
  if (!response.ok) throw new Error(`GET ${request.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

const length = (value: unknown) => (Array.isArray(value) ? value.length : -1);

/** One round of the three reads: how many rows each returned. */
async function counts(take: (n: number) => LoadRequest[]): Promise<Counts> {
  const [order, requirements, deadlines] = take(3) as [LoadRequest, LoadRequest, LoadRequest];
  const o = await json(order);
  return {
    requirementsOfOrder: length(o.requirementDetails ?? o.requirements),
    requirements: length((await json(requirements)).items),
    deadlines: length((await json(deadlines)).items),
  };
}

/** Fails the run unless ours and the baseline return as many rows for the same three reads. */
export async function sameRows(ours: (n: number) => LoadRequest[], bare: (n: number) => LoadRequest[]) {
  const a = await counts(ours);
  const b = await counts(bare);
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(
      `read: the baseline returns other rows: ours ${JSON.stringify(a)}, baseline ${JSON.stringify(b)}`,
    );
  return a;
}
