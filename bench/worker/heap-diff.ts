import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

// What grew between two heap snapshots of the worker (bench/worker/heap-snapshot.ts), per workflow: self
// sizes by kind of object (V8's node type and constructor or, for strings, what the string looks like), or
// with --by-path by what holds them: the objects new in the second snapshot (by V8's object ids, which the
// two snapshots of one process share), each under the first `--depth` named steps of its shortest path from
// the heap's roots once that path enters new objects (`<Map> > activator > workflow > …`: a module-level
// binding of the workflow bundle; `… > signalHandlers > handler > runner > state > …`: what a handler's
// closure reaches). Backing stores of array buffers have no stable id and are left out of that view.
//   npx tsx bench/worker/heap-diff.ts <idle.heapsnapshot> <open.heapsnapshot> <workflows> [--by-path [--depth 4]] [--rows 30]

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Sized {
  bytes: number;
  count: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'by-path': { type: 'boolean', default: false },
    depth: { type: 'string', default: '4' },
    rows: { type: 'string', default: '30' },
  },
});
const [idleFile, openFile, workflowsArg] = positionals;
const workflows = Number(workflowsArg);
if (!idleFile || !openFile || !(workflows > 0))
  throw new Error('usage: heap-diff.ts <idle> <open> <workflows> [--by-path [--depth 4]]');

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Snapshot;

function stringKind(s: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return 'string: a UUID';
  if (/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(s)) return 'string: an instant';
  if (/^[A-Z][A-Z_]+$/.test(s)) return 'string: an enumeration value';
  if (s.includes('\n    at ')) return 'string: a stack trace';
  return 'string: other';
}

/** Reads a snapshot's flat arrays: node i's fields, edges, kind. */
function graph(snap: Snapshot) {
  const { node_fields: fields, node_types, edge_fields, edge_types } = snap.snapshot.meta;
  const [type, name, id, size, edgeCount] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) =>
    fields.indexOf(f),
  ) as [number, number, number, number, number];
  const types = node_types[0];
  const edgeTypes = edge_types[0];
  const nodeWidth = fields.length;
  const edgeWidth = edge_fields.length;
  const count = snap.nodes.length / nodeWidth;
  const field = (n: number, f: number) => snap.nodes[n * nodeWidth + f]!;
  const kind = (n: number, describeStrings = true): string => {
    const t = types[field(n, type)]!;
    const label = snap.strings[field(n, name)]!;
    if (t === 'string') return describeStrings ? stringKind(label) : 'string';
    return t.endsWith('string') ? t : `${t}: ${label.slice(0, 50)}`;
  };
  return { snap, count, field, kind, type, id, size, edgeCount, edgeTypes, edgeWidth, nodeWidth };
}

function sizesByKind(file: string): Map<string, Sized> {
  const g = graph(read(file));
  const kinds = new Map<string, Sized>();
  for (let n = 0; n < g.count; n++) add(kinds, g.kind(n), g.field(n, g.size));
  return kinds;
}

function add(groups: Map<string, Sized>, key: string, bytes: number): void {
  const k = groups.get(key) ?? { bytes: 0, count: 0 };
  k.bytes += bytes;
  k.count++;
  groups.set(key, k);
}

/** Steps that say nothing of what holds an object: V8's internal links, array slots, contexts. */
const UNNAMED_STEPS = new Set([
  ...['[]', '#', 'properties', 'elements', 'table', 'map', 'descriptors', 'back_pointer', 'context'],
  ...['previous', 'shared', 'code', 'feedback_cell', 'value', 'reactions_or_result', 'extension'],
  ...['first', 'second', 'parent'],
]);

function sizesByPath(idleSnapshot: string, openSnapshot: string, depth: number): Map<string, Sized> {
  const idle = graph(read(idleSnapshot));
  const idleIds = new Set<number>();
  for (let n = 0; n < idle.count; n++) idleIds.add(idle.field(n, idle.id));
  const g = graph(read(openSnapshot));
  const { snap, edgeWidth } = g;
  const firstEdge = new Int32Array(g.count + 1);
  for (let n = 0, e = 0; n < g.count; n++) {
    firstEdge[n] = e;
    e += g.field(n, g.edgeCount) * edgeWidth;
  }
  firstEdge[g.count] = snap.edges.length;
  // Shortest paths from the roots (node 0), weak references left out.
  const parent = new Int32Array(g.count).fill(-1);
  const parentEdge = new Int32Array(g.count).fill(-1);
  const queue = new Int32Array(g.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  while (head < tail) {
    const n = queue[head++]!;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeWidth) {
      if (g.edgeTypes[snap.edges[e]!] === 'weak') continue;
      const to = snap.edges[e + 2]! / g.nodeWidth;
      if (parent[to] !== -1) continue;
      parent[to] = n;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  const step = (e: number): string => {
    const t = g.edgeTypes[snap.edges[e]!];
    if (t === 'element') return '[]';
    if (t === 'hidden') return '#';
    const label = String(snap.strings[snap.edges[e + 1]!] ?? snap.edges[e + 1]);
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(label)) return '{id}';
    return /^\d+$/.test(label) ? '[]' : label;
  };
  const paths = new Map<string, Sized>();
  for (let n = 0; n < g.count; n++) {
    if (idleIds.has(g.field(n, g.id))) continue;
    if (parent[n] === -1) {
      add(paths, '(unreachable)', g.field(n, g.size));
      continue;
    }
    const path: { step: string; isNew: boolean; from: number }[] = [];
    for (let cur = n; cur !== 0; cur = parent[cur]!)
      path.unshift({
        step: step(parentEdge[cur]!),
        isNew: !idleIds.has(g.field(cur, g.id)),
        from: parent[cur]!,
      });
    let i = path.findIndex((p) => p.isNew);
    const named = i > 0 ? [`<${g.kind(path[i]!.from, false)}>`] : [];
    for (; i >= 0 && i < path.length && named.length < depth; i++)
      if (!UNNAMED_STEPS.has(path[i]!.step) || i === path.length - 1) named.push(path[i]!.step);
    add(paths, named.join(' > '), g.field(n, g.size));
  }
  return paths;
}

function diff(open: Map<string, Sized>, idle: Map<string, Sized>) {
  return [...open]
    .map(([kind, o]) => {
      const i = idle.get(kind) ?? { bytes: 0, count: 0 };
      return { kind, bytes: (o.bytes - i.bytes) / workflows, count: (o.count - i.count) / workflows };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

const rows = values['by-path']
  ? diff(sizesByPath(idleFile, openFile, Number(values.depth)), new Map())
  : diff(sizesByKind(openFile), sizesByKind(idleFile));
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
const what = values['by-path'] ? 'held by' : 'kind';
console.log(`| per workflow | bytes | objects | ${what} |\n| ---: | ---: | ---: | --- |`);
console.log(`| all | ${total.toFixed(0)} | | |`);
for (const r of rows.slice(0, Number(values.rows)))
  console.log(
    `| ${((100 * r.bytes) / total).toFixed(1)}% | ${r.bytes.toFixed(0)} | ${r.count.toFixed(1)} | ${r.kind} |`,
  );
