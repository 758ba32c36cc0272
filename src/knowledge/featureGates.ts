/**
 * The feature-gate catalogue: content/feature-gates.json (written by `npm run import:gates`) read into typed facts,
 * and what a gate is in one release: `gateAt(catalogue, name, version, component)`.
 *
 * Every Kubernetes component binary (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy)
 * registers the same shared gate set of its release, so one list serves them all; the few gates of
 * k8s.io/controller-manager are accepted by kube-controller-manager only (`acceptedBy`) or have other stages there
 * (`kcm`). etcd has its own small list (3.6 and later). Pure: runs in Node, the page and the worker.
 */
import type { ComponentId } from '../model/types';
import { compareVersions, minorOf } from '../util/version';
import { closestMatches } from '../util/strings';
import type { ContentProblem } from './validate';

export type GateStage = 'alpha' | 'beta' | 'stable' | 'deprecated';

/** One stretch of releases in which a gate kept its stage, default and lock. */
export interface GateStageSpan {
  stage: GateStage;
  /** null only for a few pre-1.16 deprecated rows whose default is not known. */
  default: boolean | null;
  /** First minor release of the stretch (`1.27`). */
  from: string;
  /** Last minor release of the stretch; null when it still holds in the newest release the data covers. */
  to: string | null;
  /** The code's LockToDefault: setting the gate to anything but its default stops the binary. */
  locked?: boolean;
}

export interface GateFacts {
  name: string;
  stages: GateStageSpan[];
  /** The first minor release whose binaries no longer know the gate. */
  removedIn: string | null;
  /** Components that implement the feature, as its KEP names them (not which ones accept the flag). */
  components: string[];
  /** When only some components accept the gate (k8s.io/controller-manager gates): those. */
  acceptedBy?: ComponentId[];
  /** Stages in kube-controller-manager when they differ from the shared list. */
  kcm?: { stages: GateStageSpan[]; removedIn: string | null };
}

export interface GateList {
  /** The newest minor release the data describes. */
  newest: string;
  gates: Map<string, GateFacts>;
}

export interface FeatureGateCatalogue {
  kubernetes: GateList;
  etcd: GateList;
}

/** What a gate is in one release of one component. */
export interface GateInRelease {
  name: string;
  /** The minor release it was judged for (`1.31`): the document's, or the newest the data has. */
  release: string;
  /** No version was known (or it is newer than the data): judged as of the newest release. */
  assumedNewest: boolean;
  /** `ok` the binary knows it; `not-yet` it comes in a later release; `removed` it is gone; `unknown` never was. */
  state: 'ok' | 'not-yet' | 'removed' | 'unknown';
  /** Its stage, default and lock in that release (null unless `ok`). */
  current: GateStageSpan | null;
  facts: GateFacts | null;
  /** First release that has it (as far as the data goes back), null when unknown. */
  since: string | null;
}

const STAGES: readonly GateStage[] = ['alpha', 'beta', 'stable', 'deprecated'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isVersion = (v: unknown): v is string => typeof v === 'string' && /^\d+\.\d+$/.test(v);

function readStages(raw: unknown, where: string, problems: ContentProblem[]): GateStageSpan[] | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push({ source: 'feature-gates.json', entry: where, message: 'stages must be a non-empty list' });
    return null;
  }
  const out: GateStageSpan[] = [];
  for (const s of raw) {
    if (
      !isRecord(s) ||
      !STAGES.includes(s.stage as GateStage) ||
      !(typeof s.default === 'boolean' || s.default === null) ||
      !isVersion(s.from) ||
      !(s.to === null || isVersion(s.to)) ||
      !(s.locked === undefined || typeof s.locked === 'boolean')
    ) {
      problems.push({ source: 'feature-gates.json', entry: where, message: `bad stage ${JSON.stringify(s)}` });
      return null;
    }
    const span: GateStageSpan = { stage: s.stage as GateStage, default: s.default, from: s.from, to: s.to };
    if (s.locked !== undefined) span.locked = s.locked;
    out.push(span);
  }
  return out;
}

function readList(raw: unknown, name: string, problems: ContentProblem[]): GateList {
  const gates = new Map<string, GateFacts>();
  if (!isRecord(raw) || !isVersion(raw.newest) || !Array.isArray(raw.gates)) {
    problems.push({ source: 'feature-gates.json', entry: name, message: 'must be { newest, gates: [...] }' });
    return { newest: '0.0', gates };
  }
  for (const g of raw.gates) {
    if (!isRecord(g) || typeof g.name !== 'string' || g.name === '') {
      problems.push({
        source: 'feature-gates.json',
        entry: name,
        message: `gate without a name: ${JSON.stringify(g)}`,
      });
      continue;
    }
    const stages = readStages(g.stages, g.name, problems);
    if (!stages) continue;
    const removedIn = isVersion(g.removedIn) ? g.removedIn : null;
    const facts: GateFacts = {
      name: g.name,
      stages,
      removedIn,
      components: Array.isArray(g.components) ? g.components.filter((c): c is string => typeof c === 'string') : [],
    };
    if (Array.isArray(g.acceptedBy))
      facts.acceptedBy = g.acceptedBy.filter((c): c is ComponentId => typeof c === 'string');
    if (isRecord(g.kcm)) {
      const kcmStages = readStages(g.kcm.stages, `${g.name} kcm`, problems);
      if (kcmStages) facts.kcm = { stages: kcmStages, removedIn: isVersion(g.kcm.removedIn) ? g.kcm.removedIn : null };
    }
    gates.set(g.name, facts);
  }
  return { newest: raw.newest, gates };
}

/** The catalogue from the text of content/feature-gates.json; problems are reported, never thrown. */
export function readFeatureGates(text: string, problems: ContentProblem[]): FeatureGateCatalogue {
  let raw: unknown = null;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    problems.push({ source: 'feature-gates.json', entry: '', message: `not valid JSON: ${(e as Error).message}` });
  }
  const doc = isRecord(raw) ? raw : {};
  return { kubernetes: readList(doc.kubernetes, 'kubernetes', problems), etcd: readList(doc.etcd, 'etcd', problems) };
}

/** An empty catalogue (content missing): every gate is unknown. */
export function emptyFeatureGates(): FeatureGateCatalogue {
  return { kubernetes: { newest: '0.0', gates: new Map() }, etcd: { newest: '0.0', gates: new Map() } };
}

/** The gate list a component reads. */
export function gateListOf(catalogue: FeatureGateCatalogue, component: ComponentId): GateList {
  return component === 'etcd' ? catalogue.etcd : catalogue.kubernetes;
}

/** Stages and removal of a gate as `component` sees them. */
export function stagesFor(
  facts: GateFacts,
  component: ComponentId,
): { stages: GateStageSpan[]; removedIn: string | null } {
  if (component === 'kube-controller-manager' && facts.kcm) return facts.kcm;
  return { stages: facts.stages, removedIn: facts.removedIn };
}

function accepts(facts: GateFacts, component: ComponentId): boolean {
  return !facts.acceptedBy || facts.acceptedBy.includes(component);
}

/** The minor release a version is judged for: its own, or the newest of the data when none is known or it is newer. */
export function releaseFor(list: GateList, version: string | null): { release: string; assumedNewest: boolean } {
  const minor = version ? minorOf(version) : null;
  if (!minor || compareVersions(minor, list.newest) > 0) return { release: list.newest, assumedNewest: true };
  return { release: minor, assumedNewest: false };
}

/** What gate `name` (case-sensitive, as the binaries compare it) is in the release of `version` for `component`. */
export function gateAt(
  catalogue: FeatureGateCatalogue,
  name: string,
  version: string | null,
  component: ComponentId = 'kube-apiserver',
): GateInRelease {
  const list = gateListOf(catalogue, component);
  const { release, assumedNewest } = releaseFor(list, version);
  const facts = list.gates.get(name) ?? null;
  const base = { name, release, assumedNewest, facts };
  if (!facts || !accepts(facts, component)) return { ...base, state: 'unknown', current: null, since: null };
  const { stages, removedIn } = stagesFor(facts, component);
  const since = stages[0]?.from ?? null;
  if (since && compareVersions(release, since) < 0) return { ...base, state: 'not-yet', current: null, since };
  if (removedIn && compareVersions(release, removedIn) >= 0) return { ...base, state: 'removed', current: null, since };
  const current =
    stages.find(
      (s) => compareVersions(release, s.from) >= 0 && (s.to === null || compareVersions(release, s.to) <= 0),
    ) ?? null;
  return { ...base, state: current ? 'ok' : 'unknown', current, since };
}

const gatesInCache = new WeakMap<FeatureGateCatalogue, Map<string, string[]>>();

/** Names of the gates `component` accepts in the release of `version` (computed once per release and component). */
export function gatesIn(catalogue: FeatureGateCatalogue, version: string | null, component: ComponentId): string[] {
  const list = gateListOf(catalogue, component);
  const key = `${component} ${releaseFor(list, version).release}`;
  let cache = gatesInCache.get(catalogue);
  if (!cache) gatesInCache.set(catalogue, (cache = new Map<string, string[]>()));
  let names = cache.get(key);
  if (!names) {
    names = [...list.gates.keys()].filter((n) => gateAt(catalogue, n, version, component).state === 'ok');
    cache.set(key, names);
  }
  return names;
}

/** Gates of that release close to a misspelled name, best first (case differences count as close). */
export function suggestGates(
  catalogue: FeatureGateCatalogue,
  name: string,
  version: string | null,
  component: ComponentId,
  max = 3,
): string[] {
  const known = gatesIn(catalogue, version, component);
  const sameLetters = known.filter((k) => k.toLowerCase() === name.toLowerCase());
  if (sameLetters.length > 0) return sameLetters.slice(0, max);
  return closestMatches(name, known, max);
}
