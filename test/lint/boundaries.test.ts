import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const written: string[] = [];
const eslint = new ESLint({ cwd: root });

afterEach(async () => {
  await Promise.all(written.splice(0).map((f) => rm(f, { force: true })));
});

/** Lints a throwaway file placed in one of our folders, so the folder's own rules apply to it. */
async function lintIn(folder: string, source: string): Promise<string[]> {
  const file = path.join(root, folder, `lint-probe-${randomUUID()}.ts`);
  written.push(file);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, source);
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('lint boundaries', () => {
  it.each([
    ["import { readFile } from 'node:fs';", 'Node built-ins'],
    ["import crypto from 'crypto';", 'Node built-ins'],
    ["import pg from 'pg';", 'No I/O'],
    ["import { Kysely } from 'kysely';", 'No I/O'],
    ["import { Hono } from 'hono';", 'No I/O'],
    ["import { Client } from '@temporalio/client';", 'Only @temporalio/workflow'],
    ["import { Context } from '@temporalio/activity';", 'Only @temporalio/workflow'],
    ["import { createDb } from '../db/pool';", 'Workflows import only'],
  ])('workflows/ refuses %s', async (importLine, reason) => {
    const messages = await lintIn('workflows', `${importLine}\nexport {};\n`);
    expect(messages.join('\n')).toContain(reason);
  });

  it('workflows/ accepts @temporalio/workflow', async () => {
    const messages = await lintIn(
      'workflows',
      "import { sleep } from '@temporalio/workflow';\nexport async function w(): Promise<void> {\n  await sleep(1);\n}\n",
    );
    expect(messages).toEqual([]);
  });

  it('domain/ refuses anything but zod and itself, and the clock and randomness', async () => {
    const messages = await lintIn(
      'domain',
      [
        "import { proxyActivities } from '@temporalio/workflow';",
        "import { z } from 'zod';",
        'export const a = [proxyActivities, z];',
        'export const b = Date.now();',
        'export const c = new Date();',
        "export const d = new Date('2026-03-22');",
        'export const e = Math.random();',
        '',
      ].join('\n'),
    );
    expect(messages.filter((m) => m.includes('except zod'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('no clock'))).toHaveLength(2);
    expect(messages.filter((m) => m.includes('no randomness'))).toHaveLength(1);
  });

  it('everywhere refuses a floating promise', async () => {
    const messages = await lintIn('activities', 'async function f(): Promise<void> {}\nf();\nexport {};\n');
    expect(messages.join('\n')).toContain('no-floating-promises');
  });
});
