import { randomUUID } from 'node:crypto';
import type { Role } from '../../../domain/primitives';

// A load client of several parties: each sends valid commands with an Idempotency-Key, keeps every request
// and answer, and resends an unanswered command (no answer, 503, 429, or its key still in flight) with the
// same key until it is acknowledged, while it goes on with new commands.

export type Kind =
  'openCase' | 'recordScreening' | 'adjournHearing' | 'bookAppointment' | 'permitResidenceChange';

export interface Attempt {
  sentAt: number;
  answeredAt: number;
  /** 0: no answer (the connection failed, or nothing came back in time). */
  status: number;
  problemType: string | null;
  retryAfter: string | null;
  replayed: boolean;
  text: string;
  /** A replay the client sent on purpose after the write was acknowledged (the duplicates fault). */
  deliberateReplay: boolean;
}

export interface Write {
  key: string;
  party: string;
  kind: Kind;
  route: string;
  body: unknown;
  orderId?: string;
  requirementId?: string;
  attempts: Attempt[];
  /** The first 2xx answer. */
  acked?: { status: number; text: string; at: number };
  /** A final refusal (a 4xx that is not "retry later"): valid commands should never get one. */
  refused?: Attempt;
  /** When to resend, while unacknowledged. */
  retryAt: number;
}

export interface Party {
  name: string;
  role: Role;
  org: string;
  token: string;
  /** The next new command, or undefined when there is nothing for it to do yet. */
  next(): Omit<Write, 'key' | 'party' | 'attempts' | 'retryAt'> | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ANSWER_WITHIN_MS = 15_000;
const RETRY_LATER = new Set(['service-unavailable', 'idempotency-key-in-flight', 'rate-limited']);

export class LoadClient {
  readonly writes: Write[] = [];
  /** Deliberate replays whose answer differed from the first acknowledgement. */
  readonly replayMismatches: { write: Write; answer: Attempt }[] = [];
  /** Send every command twice at once, and replay acknowledged ones later in reverse order. */
  duplicate = false;
  /** Requests sent and not yet answered. */
  inFlight = 0;
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly base: () => string,
    readonly parties: Party[],
    private readonly paceMs = 300,
  ) {}

  pending(): Write[] {
    return this.writes.filter((w) => !w.acked && !w.refused);
  }

  start(): void {
    this.running = true;
    this.loops = this.parties.map((p) => this.run(p));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Resends every unacknowledged command until each is acknowledged or refused, or `ms` have passed. */
  async settle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      const due = this.pending().filter((w) => w.retryAt <= Date.now());
      await Promise.all(due.map((w) => this.send(w)));
      if (this.pending().length === 0 || Date.now() > deadline) return;
      await sleep(100);
    }
  }

  private async run(party: Party): Promise<void> {
    const replays: Write[] = [];
    while (this.running) {
      const started = Date.now();
      const retry = this.pending().find((w) => w.party === party.name && w.retryAt <= started);
      let write = retry;
      if (!write) {
        const next = party.next();
        if (next) {
          write = { ...next, key: `fault-${randomUUID()}`, party: party.name, attempts: [], retryAt: 0 };
          this.writes.push(write);
        }
      }
      if (write) {
        await (this.duplicate ? Promise.all([this.send(write), this.send(write)]) : this.send(write));
        if (this.duplicate && write.acked && !replays.includes(write)) replays.push(write);
        // Out of order: each three acknowledged commands are sent again, the last first.
        if (replays.length >= 3) {
          for (const old of replays.splice(0).reverse()) await this.replay(old);
        }
      }
      await sleep(Math.max(0, this.paceMs - (Date.now() - started)));
    }
  }

  private tokenOf(write: Write): string {
    return this.parties.find((p) => p.name === write.party)!.token;
  }

  private async attempt(write: Write, deliberateReplay: boolean): Promise<Attempt> {
    const sentAt = Date.now();
    const answer: Attempt = {
      sentAt,
      answeredAt: sentAt,
      status: 0,
      problemType: null,
      retryAfter: null,
      replayed: false,
      text: '',
      deliberateReplay,
    };
    this.inFlight++;
    try {
      const response = await fetch(`${this.base()}${write.route}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.tokenOf(write)}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': write.key,
        },
        body: JSON.stringify(write.body),
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      answer.text = await response.text();
      answer.status = response.status;
      answer.retryAfter = response.headers.get('retry-after');
      answer.replayed = response.headers.get('idempotent-replayed') === 'true';
      if (!response.ok) answer.problemType = problemType(answer.text);
    } catch {
      answer.status = 0;
    } finally {
      this.inFlight--;
    }
    answer.answeredAt = Date.now();
    write.attempts.push(answer);
    return answer;
  }

  /** One attempt at an unacknowledged command; it sets when to resend, or records the outcome. */
  private async send(write: Write): Promise<void> {
    if (write.acked || write.refused) return;
    const answer = await this.attempt(write, false);
    if (write.acked || write.refused) return; // the twin request settled it meanwhile
    if (answer.status >= 200 && answer.status < 300) {
      write.acked = { status: answer.status, text: answer.text, at: answer.answeredAt };
    } else if (answer.status === 0) {
      write.retryAt = Date.now() + 250;
    } else if (RETRY_LATER.has(answer.problemType ?? '')) {
      const after = Number(answer.retryAfter ?? '1') * 1000;
      write.retryAt = Date.now() + Math.min(Number.isFinite(after) ? after : 1000, 1000);
    } else {
      write.refused = answer;
    }
  }

  private async replay(write: Write): Promise<void> {
    const answer = await this.attempt(write, true);
    if (answer.status !== write.acked!.status || answer.text !== write.acked!.text)
      this.replayMismatches.push({ write, answer });
  }
}

function problemType(text: string): string | null {
  try {
    const type = (JSON.parse(text) as { type?: unknown }).type;
    return typeof type === 'string' ? type.slice(type.lastIndexOf('/') + 1) : null;
  } catch {
    return null;
  }
}

/** The id a command created (an order or an appointment), from its acknowledgement. */
export function createdId(write: Write, field: string): string {
  const value = (JSON.parse(write.acked!.text) as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw new Error(`no ${field} in ${write.acked!.text}`);
  return value;
}
