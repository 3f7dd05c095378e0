import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

/** Throwaway files placed in our folders, so each folder's own rules apply to them. */
const probes = new Map<string, { file: string; messages: string[] }>();

function probe(folder: string, source: string): { file: string; messages: string[] } {
  const key = `${folder}\n${source}`;
  const existing = probes.get(key);
  if (existing) return existing;
  const created = {
    file: path.join(root, folder, `lint-probe-${randomUUID()}.ts`),
    messages: [] as string[],
  };
  probes.set(key, created);
  return created;
}

/** The messages of a probe linted in `beforeAll`. */
function lintIn(folder: string, source: string): string[] {
  const linted = probes.get(`${folder}\n${source}`);
  if (!linted) throw new Error(`no probe was linted in ${folder} for: ${source}`);
  return linted.messages;
}

const refusedInWorkflows = [
  ["import { readFile } from 'node:fs';", 'Node built-ins'],
  ["import crypto from 'crypto';", 'Node built-ins'],
  ["import pg from 'pg';", 'No I/O'],
  ["import { Kysely } from 'kysely';", 'No I/O'],
  ["import { Hono } from 'hono';", 'No I/O'],
  ["import { Client } from '@temporalio/client';", 'Only @temporalio/workflow'],
  ["import { Context } from '@temporalio/activity';", 'Only @temporalio/workflow'],
  ["import { createDb } from '../db/pool';", 'Workflows import only'],
] as const;
const workflowSource = (importLine: string) => `${importLine}\nexport {};\n`;
const acceptedWorkflow =
  "import { sleep } from '@temporalio/workflow';\nexport async function w(): Promise<void> {\n  await sleep(1);\n}\n";
const domainSource = [
  "import { proxyActivities } from '@temporalio/workflow';",
  "import { z } from 'zod';",
  'export const a = [proxyActivities, z];',
  'export const b = Date.now();',
  'export const c = new Date();',
  "export const d = new Date('2026-03-22');",
  'export const e = Math.random();',
  '',
].join('\n');
const orderWriter =
  "import { projectOrder } from '../db/projections/order';\nexport const p = projectOrder;\n";
const orderWriterFolders = ['activities', 'api', 'app'] as const;
const floatingPromise = 'async function f(): Promise<void> {}\nf();\nexport {};\n';

/** A TypeScript project of the probes alone (and what they import), not the whole repository's. */
const probesTsconfig = path.join(root, `tsconfig.lint-probes-${randomUUID()}.json`);

// One lint run over every probe: type-aware rules build a program per run, the cost of this file; the
// program is the probes' project, so it holds what they import, not every file of the repository.
beforeAll(async () => {
  for (const [importLine] of refusedInWorkflows) probe('workflows', workflowSource(importLine));
  probe('workflows', acceptedWorkflow);
  probe('domain', domainSource);
  probe('activities', floatingPromise);
  for (const folder of orderWriterFolders) probe(folder, orderWriter);
  await Promise.all(
    [...probes].map(async ([key, p]) => {
      await mkdir(path.dirname(p.file), { recursive: true });
      await writeFile(p.file, key.slice(key.indexOf('\n') + 1));
    }),
  );
  const files = [...probes.values()].map((p) => p.file);
  await writeFile(probesTsconfig, JSON.stringify({ extends: './tsconfig.json', include: [], files }));
  const results = await new ESLint({
    cwd: root,
    overrideConfig: {
      languageOptions: {
        parserOptions: { project: probesTsconfig, tsconfigRootDir: root },
      },
    },
  }).lintFiles(files);
  for (const p of probes.values()) {
    const result = results.find((r) => r.filePath === p.file);
    expect(result, p.file).toBeDefined();
    p.messages.push(...result!.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`));
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([...probes.values(), { file: probesTsconfig }].map((p) => rm(p.file, { force: true })));
});

describe('lint boundaries', () => {
  it.each(refusedInWorkflows)('workflows/ refuses %s', (importLine, reason) => {
    const messages = lintIn('workflows', workflowSource(importLine));
    expect(messages.join('\n')).toContain(reason);
  });

  it('workflows/ accepts @temporalio/workflow', () => {
    const messages = lintIn('workflows', acceptedWorkflow);
    expect(messages).toEqual([]);
  });

  it('domain/ refuses anything but zod and itself, and the clock and randomness', () => {
    const messages = lintIn('domain', domainSource);
    expect(messages.filter((m) => m.includes('except zod'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('no clock'))).toHaveLength(2);
    expect(messages.filter((m) => m.includes('no randomness'))).toHaveLength(1);
  });

  it.each(orderWriterFolders)(
    "%s/ may not import what writes an order's rows (the persist activity does)",
    (folder) => {
      const messages = lintIn(folder, orderWriter);
      expect(messages.join('\n')).toContain("order's batch lock");
    },
  );

  it('everywhere refuses a floating promise', () => {
    const messages = lintIn('activities', floatingPromise);
    expect(messages.join('\n')).toContain('no-floating-promises');
  });
});
