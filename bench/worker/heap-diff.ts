import { readFileSync } from 'node:fs';

// What grew between two heap snapshots of the worker (bench/worker/heap-snapshot.ts), per workflow: self
// sizes by kind of object (V8's node type and constructor or, for strings, what the string looks like).
//   npx tsx bench/worker/heap-diff.ts <idle.heapsnapshot> <open.heapsnapshot> <workflows>

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function stringKind(s: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return 'string: a UUID';
  if (/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(s)) return 'string: an instant';
  if (/^[A-Z][A-Z_]+$/.test(s)) return 'string: an enumeration value';
  if (s.includes('\n    at ')) return 'string: a stack trace';
  return 'string: other';
}

function sizesByKind(file: string): Map<string, { bytes: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const {
    node_fields: fields,
    node_types: [types],
  } = snap.snapshot.meta;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const kinds = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const t = types[snap.nodes[i + type]!]!;
    const n = snap.strings[snap.nodes[i + name]!]!;
    const kind = t === 'string' ? stringKind(n) : t.endsWith('string') ? t : `${t}: ${n.slice(0, 50)}`;
    const k = kinds.get(kind) ?? { bytes: 0, count: 0 };
    k.bytes += snap.nodes[i + size]!;
    k.count++;
    kinds.set(kind, k);
  }
  return kinds;
}

const [idleFile, openFile, workflowsArg] = process.argv.slice(2);
const workflows = Number(workflowsArg);
if (!idleFile || !openFile || !(workflows > 0))
  throw new Error('usage: heap-diff.ts <idle> <open> <workflows>');
const idle = sizesByKind(idleFile);
const open = sizesByKind(openFile);
const rows = [...open]
  .map(([kind, o]) => {
    const i = idle.get(kind) ?? { bytes: 0, count: 0 };
    return { kind, bytes: (o.bytes - i.bytes) / workflows, count: (o.count - i.count) / workflows };
  })
  .sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
console.log(`| per workflow | bytes | objects | kind |\n| ---: | ---: | ---: | --- |`);
console.log(`| all | ${total.toFixed(0)} | | |`);
for (const r of rows.slice(0, 30))
  console.log(
    `| ${((100 * r.bytes) / total).toFixed(1)}% | ${r.bytes.toFixed(0)} | ${r.count.toFixed(1)} | ${r.kind} |`,
  );
