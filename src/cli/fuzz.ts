/**
 * npm run fuzz -- [--cases 10000] [--seed N] [--from I] [--only I,J] [--profile full|unit] [--no-matrix]
 *                 [--slowest 10] [--hang-ms 10000] [--kill-ms 120000] [--times] [--json FILE]
 *
 * Runs the hostile inputs of tests/fuzz/generate.ts through the whole pipeline and the CLI report, as the CLI does
 * (analyseWorkspace -> presentAnalysis -> buildReport -> formatReportText), and checks each case:
 *   - no exception escapes any stage;
 *   - every range of the model (documents, flags' nameRange/valueRange, fields, secrets, diagnostics, findings,
 *     certificates, listeners, expansions...) lies inside the text of the file it points into: 0 <= start <= end <=
 *     length, integers;
 *   - the report is JSON that parses back to the same value, with lines and columns inside the files;
 *   - no injected secret (or 12 characters of it) appears in the JSON report, the text report, or a presented
 *     finding's title, message, explanation or fix;
 *   - the time per input and per stage (analyse, present, report, text; the slowest are listed with their size and
 *     shape; over --hang-ms is a hang, over --kill-ms the case is stopped and recorded as a hang).
 * Prints a summary; exit 1 when anything was found, 0 when nothing was. `--times` also prints each case's time and
 * stages as it ends (to find and re-measure slow cases: `--only I,J --times --kill-ms 60000`).
 * A failure names its seed and case index: `--seed S --only I` runs that case again alone. A case the generator
 * cannot build (a string over the engine's limit) is a crash of stage `generate`, and the run goes on.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace, type WorkspaceAnalysis } from '../pipeline';
import { buildReport, formatReportText, type Report } from '../export/report';
import { loadMessageCatalogue, presentAnalysis, type PresentedAnalysis } from '../present/analysis';
import type { WorkspaceFile } from '../model/types';
import { FIXTURES, generateCase, secretMatrix, type FuzzCase, type FuzzProfile } from '../../tests/fuzz/generate';

/** Analysis time of every case, so certificate validity does not depend on the day the fuzz runs. */
const NOW = Date.parse('2026-12-01T00:00:00Z');
/** A leak is also this many consecutive characters of a secret (a message that quotes part of it). */
const LEAK_WINDOW = 12;

export interface FuzzContext {
  kb: KnowledgeBase;
  catalogue: Awaited<ReturnType<typeof loadMessageCatalogue>>;
}

/** Where a secret was seen: the template and perturbation that wrote it, and the output it appeared in. */
export interface Leak {
  template: string;
  perturbation: string;
  /** E.g. `report.findings[].message [document-problem/yaml-syntax]`, `presented.explanation [unknown-flag]`. */
  channel: string;
}

export interface CaseResult {
  seed: number;
  index: number;
  shape: string;
  detail: string;
  chars: number;
  /** Pipeline, presentation and both reports. */
  ms: number;
  /** The time of each stage that ran: analyse (the pipeline), present, report (buildReport + JSON), text. */
  stages?: Partial<Record<Stage, number>>;
  /** `stage: message` of an exception that escaped, null when none did. */
  crash: string | null;
  outOfRange: string[];
  reportProblems: string[];
  leaks: Leak[];
}

export type Stage = 'analyse' | 'present' | 'report' | 'text';

export async function createFuzzContext(): Promise<FuzzContext> {
  const kb = await KnowledgeBase.create(nodeContentReader(fileURLToPath(new URL('../../content', import.meta.url))));
  return { kb, catalogue: await loadMessageCatalogue(kb) };
}

/** The case's files as the app makes them (cast: the id type belongs to the model, the values are plain strings). */
export function workspaceFiles(c: FuzzCase): WorkspaceFile[] {
  return c.files.map((f, i) => {
    const file = {
      id: `fuzz${i}`,
      name: f.name,
      text: f.text,
      ...(f.kindOverride ? { kindOverride: f.kindOverride } : {}),
    };
    return file as WorkspaceFile;
  });
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const at = e.stack?.split('\n').find((l) => l.includes('/src/'));
    return `${e.name}: ${e.message.slice(0, 300)}${at ? ` (${at.trim()})` : ''}`;
  }
  return String(e).slice(0, 300);
}

export async function runCase(ctx: FuzzContext, c: FuzzCase): Promise<CaseResult> {
  const files = workspaceFiles(c);
  const result: CaseResult = {
    seed: c.seed,
    index: c.index,
    shape: c.shape,
    detail: c.detail,
    chars: c.files.reduce((n, f) => n + f.text.length, 0),
    ms: 0,
    crash: null,
    outOfRange: [],
    reportProblems: [],
    leaks: [],
  };
  let stage = 'analyseWorkspace';
  let analysis: WorkspaceAnalysis;
  let presented: PresentedAnalysis;
  let report: Report;
  let json: string;
  let text: string;
  const t0 = performance.now();
  const stages: Partial<Record<Stage, number>> = {};
  result.stages = stages;
  let mark = t0;
  const done = (name: Stage) => {
    const t = performance.now();
    stages[name] = t - mark;
    mark = t;
  };
  try {
    analysis = await analyseWorkspace(files, ctx.kb, { now: NOW });
    done('analyse');
    stage = 'presentAnalysis';
    presented = presentAnalysis(analysis, ctx.catalogue);
    done('present');
    stage = 'buildReport';
    report = buildReport(files, presented);
    stage = 'JSON.stringify';
    json = JSON.stringify(report);
    done('report');
    stage = 'formatReportText';
    text = formatReportText(report);
    done('text');
  } catch (e) {
    result.ms = performance.now() - t0;
    result.crash = `${stage}: ${describeError(e)}`;
    return result;
  }
  result.ms = performance.now() - t0;
  try {
    result.outOfRange = checkRanges(analysis, files);
    result.reportProblems = checkReport(report, json, files);
    result.leaks = findLeaks(c, report, json, text, presented);
  } catch (e) {
    result.crash = `checking the result: ${describeError(e)}`;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Ranges

interface Frame {
  value: object;
  fileId: string;
  key: string;
  parent: Frame | null;
}

const pathOf = (f: Frame | null): string => {
  const keys: string[] = [];
  for (let x = f; x; x = x.parent) keys.push(x.key);
  return keys.reverse().join('');
};

/**
 * Every object with numeric `start` and `end` in the analysis is a range in the file of the nearest object with a
 * `fileId` (a flag from an env file, a secret written elsewhere, a finding, a variable's definition). Walked without
 * recursion (the model of a deeply nested input may be deep); documentation joined to flags (`doc`) is skipped.
 */
export function checkRanges(analysis: WorkspaceAnalysis, files: readonly WorkspaceFile[]): string[] {
  const lengths = new Map<string, number>(files.map((f) => [f.id, f.text.length]));
  const problems: string[] = [];
  const seen = new WeakSet<object>();
  const stack: Frame[] = [
    { value: analysis.files, fileId: '', key: 'files', parent: null },
    { value: analysis.findings, fileId: '', key: 'findings', parent: null },
  ];
  while (stack.length > 0 && problems.length < 20) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const x: unknown = v[i];
        if (typeof x === 'object' && x !== null)
          stack.push({ value: x, fileId: frame.fileId, key: `[${i}]`, parent: frame });
      }
      continue;
    }
    const o = v as Record<string, unknown>;
    // an annotated document has no fileId of its own: its fields are ranges in its document's file
    const doc = o.document as { fileId?: unknown } | undefined;
    const fileId =
      typeof o.fileId === 'string' ? o.fileId : typeof doc?.fileId === 'string' ? doc.fileId : frame.fileId;
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      const length = lengths.get(fileId);
      const { start, end } = o;
      if (length === undefined) problems.push(`${pathOf(frame)} is in file "${fileId}", not in the workspace`);
      else if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > length)
        problems.push(`${pathOf(frame)} = [${start}, ${end}) outside "${fileId}" of length ${length}`);
    }
    for (const key of Object.keys(o)) {
      if (key === 'doc') continue;
      const x = o[key];
      if (typeof x === 'object' && x !== null) stack.push({ value: x, fileId, key: `.${key}`, parent: frame });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The report

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
    else if (c === 0x2028 || c === 0x2029 || c === 0x85) n++; // line breaks to some editors: allowed, never required
  }
  return n;
}

/** Valid JSON that reads back as the same value; every line and column inside its file. */
export function checkReport(report: Report, json: string, files: readonly WorkspaceFile[]): string[] {
  const problems: string[] = [];
  let back: unknown;
  try {
    back = JSON.parse(json);
  } catch (e) {
    return [`the report is not valid JSON: ${describeError(e)}`];
  }
  if (JSON.stringify(back) !== json) problems.push('the report does not read back as the same JSON');
  if (report.schemaVersion !== 1) problems.push(`schemaVersion ${report.schemaVersion}`);
  const lines = new Map<number, number>();
  const check = (where: string, file: string, line: number, column: number, index: number) => {
    const text = files[index]?.text;
    if (text === undefined || files[index]?.name !== file)
      return void problems.push(`${where}: file "${file}" (fileIndex ${index}) is not in the workspace`);
    let n = lines.get(index);
    if (n === undefined) lines.set(index, (n = lineCount(text)));
    if (
      !Number.isInteger(line) ||
      !Number.isInteger(column) ||
      line < 1 ||
      column < 1 ||
      line > n ||
      column > text.length + 1
    )
      problems.push(`${where}: line ${line} column ${column} outside "${file}" (${n} lines)`);
  };
  report.files.forEach((f, i) =>
    f.documents.forEach((d, j) => {
      check(`files[${i}].documents[${j}]`, f.file, d.line, 1, i);
      d.flags.forEach((flag, k) =>
        check(`files[${i}].documents[${j}].flags[${k}]`, flag.file, flag.line, flag.column, flag.fileIndex),
      );
    }),
  );
  report.findings.forEach((f, i) => check(`findings[${i}] (${f.rule})`, f.file, f.line, f.column, f.fileIndex));
  return problems.slice(0, 20);
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets

function needlesOf(secret: string): string[] {
  const out = new Set([secret]);
  for (let i = 0; i + LEAK_WINDOW <= secret.length; i++) out.add(secret.slice(i, i + LEAK_WINDOW));
  return [...out];
}

const holds = (s: string, needles: readonly string[]) => needles.some((n) => s.includes(n));

/** Every output the user reads outside the editor, searched for each injected secret. */
export function findLeaks(
  c: FuzzCase,
  report: Report,
  json: string,
  text: string,
  presented: PresentedAnalysis,
): Leak[] {
  const leaks: Leak[] = [];
  for (const s of c.secrets) {
    const needles = needlesOf(s.value);
    const channels = new Set<string>();
    const codeOf = (i: number) => {
      const f = presented.findings[i];
      const code = f?.params.code;
      return f ? `${f.rule}${typeof code === 'string' ? `/${code}` : ''}` : '?';
    };
    if (holds(json, needles)) {
      report.files.forEach((f) =>
        f.documents.forEach((d) => {
          if (holds(d.label, needles)) channels.add(`report.files[].documents[].label [${d.kind}]`);
          for (const flag of d.flags) {
            if (flag.value !== null && holds(flag.value, needles))
              channels.add(`report.files[].documents[].flags[].value [--${flag.name}]`);
            if (holds(flag.name, needles)) channels.add(`report.files[].documents[].flags[].name`);
          }
        }),
      );
      report.findings.forEach((f, i) => {
        if (holds(f.message, needles)) channels.add(`report.findings[].message [${codeOf(i)}]`);
      });
      if (channels.size === 0) channels.add('report (elsewhere)');
    }
    if (holds(text, needles) && channels.size === 0) channels.add('text report');
    presented.findings.forEach((f, i) => {
      for (const field of ['title', 'message', 'explanation', 'fix'] as const) {
        const v = f[field];
        if (v && holds(v, needles)) channels.add(`presented.${field} [${codeOf(i)}]`);
      }
    });
    for (const channel of channels) leaks.push({ template: s.template, perturbation: s.perturbation, channel });
  }
  return leaks;
}

// ---------------------------------------------------------------------------------------------------------------
// A run

export interface FuzzOptions {
  seed: number;
  cases: number;
  from?: number;
  only?: number[];
  profile?: FuzzProfile;
  /** Also every secret template under every perturbation (secretMatrix). */
  matrix?: boolean;
}

export interface FuzzSummary {
  seed: number;
  profile: FuzzProfile;
  cases: number;
  matrixCases: number;
  ms: number;
  results: CaseResult[];
}

/** A case of a run: `generateCase(seed, i)` for a number, the i-th secret-matrix case for `m<i>`. */
type CaseRef = number | `m${number}`;

function caseRefs(options: FuzzOptions): CaseRef[] {
  const indexes = options.only ?? Array.from({ length: options.cases }, (_, i) => (options.from ?? 0) + i);
  const matrix = options.matrix ? secretMatrix(options.seed).map((_, i): CaseRef => `m${i}`) : [];
  return [...indexes, ...matrix];
}

function caseOf(ref: CaseRef, seed: number, profile: FuzzProfile, matrix: () => FuzzCase[]): FuzzCase {
  if (typeof ref === 'number') return generateCase(seed, ref, { profile });
  const c = matrix()[Number(ref.slice(1))];
  if (!c) throw new Error(`no secret-matrix case ${ref}`);
  return c;
}

/** The result of a case the generator could not build (e.g. a repeated line past the engine's string length). */
function notGenerated(ref: CaseRef, seed: number, e: unknown): CaseResult {
  return {
    seed,
    index: typeof ref === 'number' ? ref : Number(ref.slice(1)),
    shape: typeof ref === 'number' ? '(not generated)' : 'secret-matrix',
    detail: '',
    chars: 0,
    ms: 0,
    crash: `generate: ${describeError(e)}`,
    outOfRange: [],
    reportProblems: [],
    leaks: [],
  };
}

/** The case of `ref`, or the crash result saying why it could not be built. */
function tryCaseOf(
  ref: CaseRef,
  seed: number,
  profile: FuzzProfile,
  matrix: () => FuzzCase[],
): { case: FuzzCase } | { result: CaseResult } {
  try {
    return { case: caseOf(ref, seed, profile, matrix) };
  } catch (e) {
    return { result: notGenerated(ref, seed, e) };
  }
}

/** Runs the cases in this process (the unit test; a hang here is a hang of the caller). */
export async function runFuzz(options: FuzzOptions, ctx?: FuzzContext): Promise<FuzzSummary> {
  const context = ctx ?? (await createFuzzContext());
  const profile = options.profile ?? 'full';
  const refs = caseRefs(options);
  let matrix: FuzzCase[] | null = null;
  const results: CaseResult[] = [];
  const t0 = performance.now();
  for (const ref of refs) {
    const c = tryCaseOf(ref, options.seed, profile, () => (matrix ??= secretMatrix(options.seed)));
    results.push('case' in c ? await runCase(context, c.case) : c.result);
  }
  return summaryOf(options, refs, results, performance.now() - t0);
}

function summaryOf(options: FuzzOptions, refs: readonly CaseRef[], results: CaseResult[], ms: number): FuzzSummary {
  const matrixCases = refs.filter((r) => typeof r === 'string').length;
  return {
    seed: options.seed,
    profile: options.profile ?? 'full',
    cases: refs.length - matrixCases,
    matrixCases,
    ms,
    results,
  };
}

type ChildMessage = { type: 'start'; ref: CaseRef } | { type: 'result'; result: CaseResult };

/** The child process: runs the cases it is sent, reporting the start and the result of each. */
async function child(): Promise<void> {
  const ctx = await createFuzzContext();
  let matrix: FuzzCase[] | null = null;
  process.on('message', (m: { seed: number; profile: FuzzProfile; refs: CaseRef[] }) => {
    void (async () => {
      for (const ref of m.refs) {
        process.send?.({ type: 'start', ref } satisfies ChildMessage); // the generation is timed too
        const c = tryCaseOf(ref, m.seed, m.profile, () => (matrix ??= secretMatrix(m.seed)));
        const result = 'case' in c ? await runCase(ctx, c.case) : c.result;
        await new Promise<void>((resolve) =>
          process.send?.({ type: 'result', result } satisfies ChildMessage, () => resolve()),
        );
      }
      process.disconnect();
    })();
  });
}

/**
 * Runs the cases in a child process, so a case that never ends (or exhausts memory) is stopped and recorded
 * after `killMs`, and the run goes on with the next case in a new child.
 */
export async function runFuzzSupervised(
  options: FuzzOptions,
  { killMs, onCase }: { killMs: number; onCase?: (r: CaseResult, done: number, total: number) => void },
): Promise<FuzzSummary> {
  const profile = options.profile ?? 'full';
  const refs = caseRefs(options);
  const results: CaseResult[] = [];
  const t0 = performance.now();
  let next = 0;
  const describe = (ref: CaseRef) => caseOf(ref, options.seed, profile, () => secretMatrix(options.seed));
  const lost = (ref: CaseRef, ms: number, why: string): CaseResult => {
    let c: FuzzCase;
    try {
      c = describe(ref);
    } catch (e) {
      return { ...notGenerated(ref, options.seed, e), ms, crash: why };
    }
    return {
      seed: c.seed,
      index: c.index,
      shape: c.shape,
      detail: c.detail,
      chars: c.files.reduce((n, f) => n + f.text.length, 0),
      ms,
      crash: why,
      outOfRange: [],
      reportProblems: [],
      leaks: [],
    };
  };
  while (next < refs.length) {
    await new Promise<void>((resolve) => {
      const proc = fork(fileURLToPath(import.meta.url), ['--child'], {
        execArgv: process.execArgv,
        serialization: 'advanced',
      });
      let current: { ref: CaseRef; started: number } | null = null;
      let timer: NodeJS.Timeout | null = null;
      let killed = false;
      proc.on('message', (m: ChildMessage) => {
        if (m.type === 'start') {
          current = { ref: m.ref, started: performance.now() };
          timer = setTimeout(() => {
            killed = true;
            proc.kill('SIGKILL');
          }, killMs);
        } else {
          if (timer) clearTimeout(timer);
          current = null;
          next++;
          results.push(m.result);
          onCase?.(m.result, results.length, refs.length);
        }
      });
      proc.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        const at = current;
        if (at) {
          const ms = performance.now() - at.started;
          const r = lost(
            at.ref,
            ms,
            killed
              ? `hang: stopped after ${Math.round(ms).toLocaleString('en')} ms`
              : `the process died (${signal ?? `exit code ${code}`})`,
          );
          next++;
          results.push(r);
          onCase?.(r, results.length, refs.length);
        }
        resolve();
      });
      proc.send({ seed: options.seed, profile, refs: refs.slice(next) });
    });
  }
  return summaryOf(options, refs, results, performance.now() - t0);
}

const fmt = (n: number) => n.toLocaleString('en');

/**
 * `412 fixtures, #3f9a0c21`: the fixtures the generator mutates (tests/fixtures/ as read now). A case index names
 * the same input only over the same fixtures: a fixture added or changed since makes `--only I` another input.
 */
export function fixturesFingerprint(): string {
  let h = 0x811c9dc5;
  for (const f of FIXTURES) {
    const key = `${f.path}\0${f.text.length}\0${f.text.slice(0, 64)}\0`;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  }
  return `${FIXTURES.length} fixtures, #${h.toString(16).padStart(8, '0')}`;
}

/** `analyse 5,120 · present 310 · report 95 · text 40 ms`, the stages that ran. */
export function stagesText(r: CaseResult): string {
  const parts = Object.entries(r.stages ?? {}).map(([name, ms]) => `${name} ${fmt(Math.round(ms))}`);
  return parts.length > 0 ? `${parts.join(' · ')} ms` : '';
}

/** Leaks grouped by template, perturbation and channel, with the number of cases and the first case. */
export function groupLeaks(results: readonly CaseResult[]): { leak: Leak; cases: number; first: CaseResult }[] {
  const groups = new Map<string, { leak: Leak; cases: number; first: CaseResult }>();
  for (const r of results)
    for (const leak of r.leaks) {
      const key = `${leak.template}\t${leak.perturbation}\t${leak.channel}`;
      const g = groups.get(key);
      if (g) g.cases++;
      else groups.set(key, { leak, cases: 1, first: r });
    }
  return [...groups.values()].sort(
    (a, b) =>
      a.leak.template.localeCompare(b.leak.template) ||
      a.leak.perturbation.localeCompare(b.leak.perturbation) ||
      a.leak.channel.localeCompare(b.leak.channel),
  );
}

export function formatSummary(s: FuzzSummary, options: { slowest?: number; hangMs?: number } = {}): string {
  const hangMs = options.hangMs ?? 10_000;
  const out: string[] = [];
  const where = (r: CaseResult) => `seed ${r.seed} case ${r.index}`;
  const what = (r: CaseResult) => `${r.shape} (${fmt(r.chars)} chars: ${r.detail.slice(0, 110)})`;
  const crashes = s.results.filter((r) => r.crash !== null);
  const ranges = s.results.filter((r) => r.outOfRange.length > 0);
  const reports = s.results.filter((r) => r.reportProblems.length > 0);
  const leaking = s.results.filter((r) => r.leaks.length > 0);
  const hangs = s.results.filter((r) => r.ms > hangMs);
  const chars = s.results.reduce((n, r) => n + r.chars, 0);
  out.push(
    `fuzz: seed ${s.seed}, profile ${s.profile} (${fixturesFingerprint()}): ${fmt(s.cases)} cases + ${fmt(s.matrixCases)} secret-matrix cases, ${fmt(chars)} characters, ${(s.ms / 1000).toFixed(1)} s`,
  );
  out.push(`crashes: ${crashes.length}`);
  for (const r of crashes.slice(0, 30)) out.push(`  ${where(r)} ${what(r)}: ${r.crash}`);
  out.push(`out-of-range spans: ${ranges.length} case(s)`);
  for (const r of ranges.slice(0, 30)) out.push(`  ${where(r)} ${what(r)}: ${r.outOfRange.slice(0, 3).join('; ')}`);
  out.push(`report problems: ${reports.length} case(s)`);
  for (const r of reports.slice(0, 30))
    out.push(`  ${where(r)} ${what(r)}: ${r.reportProblems.slice(0, 3).join('; ')}`);
  const groups = groupLeaks(s.results);
  out.push(`secret leaks: ${leaking.length} case(s), ${groups.length} distinct (template / perturbation / where)`);
  for (const g of groups)
    out.push(
      `  ${g.leak.template} / ${g.leak.perturbation} / ${g.leak.channel}: ${g.cases} case(s), first ${where(g.first)}`,
    );
  out.push(`hangs (> ${fmt(hangMs)} ms): ${hangs.length}`);
  for (const r of hangs) out.push(`  ${where(r)} ${fmt(Math.round(r.ms))} ms ${what(r)}`);
  const slowest = [...s.results].sort((a, b) => b.ms - a.ms).slice(0, options.slowest ?? 10);
  out.push(`slowest ${slowest.length}:`);
  for (const r of slowest)
    out.push(
      `  ${fmt(Math.round(r.ms)).padStart(7)} ms  ${fmt(r.chars).padStart(10)} chars  ${where(r)}  ${r.shape}: ${r.detail.slice(0, 100)}${r.stages ? `  (${stagesText(r)})` : ''}`,
    );
  const shapes = new Map<string, { n: number; ms: number; max: number; chars: number }>();
  for (const r of s.results) {
    const x = shapes.get(r.shape) ?? { n: 0, ms: 0, max: 0, chars: 0 };
    x.n++;
    x.ms += r.ms;
    x.max = Math.max(x.max, r.ms);
    x.chars += r.chars;
    shapes.set(r.shape, x);
  }
  out.push('by shape:                                 cases   total ms    mean ms     max ms   mean chars');
  for (const [name, x] of [...shapes].sort((a, b) => b[1].ms - a[1].ms))
    out.push(
      `  ${name.slice(0, 38).padEnd(38)} ${String(x.n).padStart(7)} ${fmt(Math.round(x.ms)).padStart(10)} ${(x.ms / x.n).toFixed(1).padStart(10)} ${fmt(Math.round(x.max)).padStart(10)} ${fmt(Math.round(x.chars / x.n)).padStart(12)}`,
    );
  return out.join('\n');
}

/** Whether the run found anything: a crash, a span outside its text, a bad report, a leak or a hang. */
export function foundProblems(s: FuzzSummary, hangMs = 10_000): boolean {
  return s.results.some(
    (r) =>
      r.crash !== null || r.outOfRange.length > 0 || r.reportProblems.length > 0 || r.leaks.length > 0 || r.ms > hangMs,
  );
}

const USAGE =
  'usage: npm run fuzz -- [--cases N] [--seed N] [--from I] [--only I,J,...] [--profile full|unit] [--no-matrix] [--slowest N] [--hang-ms MS] [--kill-ms MS] [--times] [--json FILE]\n' +
  '  --only I,J     run these case indexes only (a failure or a slow case again, alone)\n' +
  '  --kill-ms MS   stop a case after MS ms and record it as a hang (default 120000)\n' +
  '  --hang-ms MS   a case slower than this is reported as a hang (default 10000)\n' +
  '  --times        print every case, its time and the time of each stage, as it ends';

export async function main(argv: string[]): Promise<number> {
  const options: FuzzOptions = {
    seed: Math.floor(Math.random() * 2 ** 31),
    cases: 10_000,
    profile: 'full',
    matrix: true,
  };
  let slowest = 10;
  let hangMs = 10_000;
  let killMs = 120_000;
  let jsonPath: string | null = null;
  let times = false;
  const int = (v: string | undefined, what: string) => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isSafeInteger(n) || n < 0)
      throw new Error(`${what}: "${v ?? ''}" is not a whole number`);
    return n;
  };
  try {
    for (let i = 0; i < argv.length; i++) {
      const [a, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
      const value = () => inline ?? argv[++i];
      if (a === '--cases') options.cases = int(value(), a);
      else if (a === '--seed') options.seed = int(value(), a);
      else if (a === '--from') options.from = int(value(), a);
      else if (a === '--only') options.only = (value() ?? '').split(',').map((x) => int(x, a));
      else if (a === '--profile') {
        const p = value();
        if (p !== 'full' && p !== 'unit') throw new Error(`--profile: "${p ?? ''}" is neither full nor unit`);
        options.profile = p;
      } else if (a === '--no-matrix') options.matrix = false;
      else if (a === '--slowest') slowest = int(value(), a);
      else if (a === '--hang-ms') hangMs = int(value(), a);
      else if (a === '--kill-ms') killMs = int(value(), a);
      else if (a === '--json') jsonPath = value() ?? null;
      else if (a === '--times') times = true;
      else if (a === '-h' || a === '--help') {
        console.log(USAGE);
        return 0;
      } else throw new Error(`unknown argument "${a}"`);
    }
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.only) options.matrix = false;
  console.error(
    `fuzz: seed ${options.seed}, ${options.only ? `case(s) ${options.only.join(',')}` : `${fmt(options.cases)} cases from ${options.from ?? 0}`}, profile ${options.profile}; a case is stopped after ${fmt(killMs)} ms`,
  );
  const started = performance.now();
  const summary = await runFuzzSupervised(options, {
    killMs,
    onCase: (r, done, total) => {
      if (times)
        console.error(
          `  seed ${r.seed} case ${r.index} ${r.shape} (${fmt(r.chars)} chars): ${fmt(Math.round(r.ms))} ms${r.stages ? ` (${stagesText(r)})` : ''}`,
        );
      if (r.crash || r.outOfRange.length || r.reportProblems.length || r.ms > hangMs)
        console.error(
          `  seed ${r.seed} case ${r.index} ${r.shape} (${fmt(r.chars)} chars, ${fmt(Math.round(r.ms))} ms): ${r.crash ?? r.outOfRange[0] ?? r.reportProblems[0] ?? 'slow'}`,
        );
      if (done % 500 === 0 || done === total)
        console.error(`  ${fmt(done)}/${fmt(total)} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify(summary, null, 1));
  console.log(formatSummary(summary, { slowest, hangMs }));
  return foundProblems(summary, hangMs) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === '--child') void child();
  else void main(process.argv.slice(2)).then((code) => process.exit(code));
}
