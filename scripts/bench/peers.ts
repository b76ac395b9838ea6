import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The peers `npm run bench` measures Sway against, each found on this machine or reported absent (development only,
 * never a dependency of Sway):
 * - networkit and igraph through Python (scripts/bench/peers/peers.py), when `python3 -c "import networkit, igraph"`
 *   works (`pip install networkit igraph`);
 * - a minimal C++ CSR pull PageRank (scripts/bench/peers/pagerank-floor.cpp) and the Linear Threshold RR walks alone
 *   (scripts/bench/peers/lt-walk-floor.cpp), compiled with `g++ -O3` at bench time when g++ exists: the floor a
 *   compiled loop reaches on the same file;
 * - the OPIM-C reference implementation (Tang et al., SIGMOD 2018), which cannot be part of this project: set
 *   SWAY_OPIM_C to the path of an OPIM 1.1 binary built elsewhere (its command line: -func=0 formats a graph,
 *   -func=1 -alg=opim-c selects) and the advocates section measures it on the same graphs.
 */
const PEERS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'peers');

export interface PeerFigure {
  peer: 'networkit' | 'igraph';
  task: 'ingest' | 'pagerank' | 'louvain' | 'kcore' | 'reach2' | 'betweenness';
  seconds: number;
  [extra: string]: unknown;
}

let pythonPeers: boolean | null = null;

/** Whether networkit and igraph import in python3 (checked once). */
export function pythonPeersAvailable(): boolean {
  pythonPeers ??= spawnSync('python3', ['-c', 'import networkit, igraph'], { stdio: 'ignore' }).status === 0;
  return pythonPeers;
}

/** Runs peers.py on a file; null when the peers are absent. */
export function runPythonPeers(
  file: string,
  direction: 'as-given' | 'reversed',
  tasks: string[],
  { samples = 256, peers = ['networkit', 'igraph'] }: { samples?: number; peers?: Array<PeerFigure['peer']> } = {},
): PeerFigure[] | null {
  if (!pythonPeersAvailable()) return null;
  const run = spawnSync(
    'python3',
    [
      join(PEERS_DIR, 'peers.py'),
      file,
      '--direction',
      direction,
      '--tasks',
      tasks.join(','),
      '--samples',
      String(samples),
      '--peers',
      peers.join(','),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (run.status !== 0) throw new Error(`peers.py failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PeerFigure);
}

const floorBinaries = new Map<string, string | null>();

/** A C++ floor of peers/ (its name without .cpp), compiled once per bench run; null without g++. */
function floorBinary(name: string): string | null {
  if (!floorBinaries.has(name)) {
    const output = join(mkdtempSync(join(tmpdir(), 'sway-floor-')), name);
    const source = join(PEERS_DIR, `${name}.cpp`);
    const compiled = spawnSync('g++', ['-O3', '-pthread', '-o', output, source], { encoding: 'utf8' });
    floorBinaries.set(name, compiled.status === 0 ? output : null);
  }
  return floorBinaries.get(name)!;
}

export interface FloorFigure {
  iterations: number;
  ms: number;
  nsPerEdgeIteration: number;
  edges: number;
}

/** Runs a C++ floor of peers/ with these arguments and reads the JSON line it prints; null without g++. */
function runFloor<T>(name: string, args: Array<string | number>): T | null {
  const binary = floorBinary(name);
  if (!binary) return null;
  const run = spawnSync(binary, args.map(String), { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The C++ floor's PageRank on a file (`iterations` sweeps, or to `tolerance`); null without g++. */
export function pagerankFloor(file: string, iterations: number, tolerance = 0): FloorFigure | null {
  return runFloor<FloorFigure>('pagerank-floor', [file, iterations, tolerance]);
}

export interface WalkFloorFigure {
  sets: number;
  threads: number;
  lanes: number;
  /** Median of five draws. */
  ms: number;
  firstMs: number;
  membersPerSet: number;
}

/**
 * The C++ floor's time to draw `sets` weighted-cascade LT RR sets on a file (the walks alone, `threads` threads,
 * `lanes` walks interleaved per thread); null without g++.
 */
export function ltWalkFloor(file: string, sets: number, threads: number, lanes: number): WalkFloorFigure | null {
  return runFloor<WalkFloorFigure>('lt-walk-floor', [file, sets, threads, lanes]);
}

/** The OPIM-C binary named by SWAY_OPIM_C, or null. */
export function opimBinary(): string | null {
  const path = process.env.SWAY_OPIM_C;
  return path && existsSync(path) ? path : null;
}

/**
 * OPIM-C's selection time on an edge list, edges as given, weighted cascade: the file is renumbered into OPIM's input
 * format ("n m", then "u v" with ids 0..n-1) and formatted by the binary itself (not timed), then OPIM-C selects k
 * seeds at epsilon; returns the time it reports for its RR sets and greedy, its RR sets (both collections), and the
 * seeds it chose, as the file's ids (so that the same Monte Carlo evaluation can score them as it scores Sway's).
 */
export function runOpimC(
  binary: string,
  file: string,
  model: 'ic' | 'lt',
  k: number,
  epsilon: number,
): { seconds: number; rrSets: number; seeds: string[] } {
  const folder = mkdtempSync(join(tmpdir(), 'sway-opim-'));
  const info = join(folder, 'graphInfo');
  spawnSync('mkdir', ['-p', info]);
  const ids = new Map<string, number>();
  const lines: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || fields[0].startsWith('#') || fields[0].startsWith('%')) continue;
    const [u, v] = fields.map((id) => {
      if (!ids.has(id)) ids.set(id, ids.size);
      return ids.get(id)!;
    });
    lines.push(`${u} ${v}`);
  }
  writeFileSync(join(info, 'graph'), `${ids.size} ${lines.length}\n${lines.join('\n')}\n`);
  const common = { cwd: folder, encoding: 'utf8' as const, maxBuffer: 1 << 24 };
  const format = spawnSync(binary, ['-func=0', '-gname=graph', '-dir=graphInfo'], common);
  // OPIM exits with status 1 even when it succeeds: its own words say whether it did.
  if (!/formatted/.test(format.stdout))
    throw new Error(`OPIM-C could not format the graph: ${format.stderr || format.stdout}`);
  const args = [
    '-func=1',
    '-gname=graph',
    '-dir=graphInfo',
    '-alg=opim-c',
    '-mode=2',
    `-seedsize=${k}`,
    `-eps=${epsilon}`,
    `-model=${model.toUpperCase()}`,
    // Weighted cascade computed at load. The default, the probabilities the formatting step stored, is not weighted
    // cascade on graphs with people nobody influences: OPIM 1.1's formatting skips them without advancing its index
    // into the in-degrees, so later people get another person's 1 / in-degree. Measured on nethept IC by the same
    // Monte Carlo evaluation: its 50 reach 853 people chosen that way, 1,229 with -pdist=WC (its published 1,250).
    '-pdist=WC',
  ];
  const run = spawnSync(binary, args, common);
  const seconds = /Time \(sec\): ([\d.e+-]+)/.exec(run.stdout);
  const sets = /#RR sets: (\d+)\s*\n\s*-{5,}/.exec(run.stdout);
  if (!seconds) throw new Error(`OPIM-C failed: ${run.stderr || run.stdout.slice(-500)}`);
  // It writes the seeds it chose, one index a line, to result/seed/seed_<its name for the run>.
  const seedFolder = join(folder, 'result', 'seed');
  const seedFiles = existsSync(seedFolder) ? readdirSync(seedFolder) : [];
  if (seedFiles.length !== 1) throw new Error(`OPIM-C wrote ${seedFiles.length} seed files in ${seedFolder}, not one`);
  const idOf = [...ids.keys()];
  const seeds = readFileSync(join(seedFolder, seedFiles[0]), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => idOf[Number(line)]);
  rmSync(folder, { recursive: true, force: true });
  return { seconds: Number(seconds[1]), rrSets: sets ? Number(sets[1]) : NaN, seeds };
}
