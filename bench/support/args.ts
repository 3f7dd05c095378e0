export interface BenchArgs {
  names: string[];
  /** 1 = the national design year. */
  scale: number;
}

/** `[name ...] [--scale 0.01]`; no names means every registered benchmark. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const names: string[] = [];
  let scale = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--scale' || arg.startsWith('--scale=')) {
      const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      scale = Number(value);
      if (!Number.isFinite(scale) || scale <= 0 || scale > 2)
        throw new Error(`--scale takes a number in (0, 2], not ${String(value)}`);
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else names.push(arg);
  }
  return { names, scale };
}
