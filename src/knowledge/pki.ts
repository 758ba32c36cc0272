/**
 * kubeadm's PKI conventions (content/pki.yaml): the certificates, keys and kubeconfigs it writes, their signers,
 * subjects, usages and SANs. Read and checked here; src/analysis/trust/ builds the trust model with them.
 * Problems in the file are reported to developers (KnowledgeBase.problems), in English on purpose.
 */
import { parse as parseYaml } from 'yaml';
import type { ComponentId } from '../model/types';
import { COMPONENT_IDS } from '../model/types';
import { compareVersions, minorOf } from '../util/version';
import type { ContentProblem } from './validate';

export const PKI_FILE = 'pki.yaml';

/** A subject attribute as kubeadm writes it, by kubeadm version (bounds inclusive, minor versions). */
export interface VersionedValue {
  from: string | null;
  until: string | null;
  value: string;
}

export interface PkiAuthority {
  id: string;
  /** Relative to the certificates directory. */
  file: string;
  key: string;
  cn: string;
}

export interface PkiCertificate {
  id: string;
  file: string;
  key: string;
  /** An authority id. */
  signer: string;
  cn: VersionedValue[];
  o: VersionedValue[];
  /** Extended key usages (`serverAuth`, `clientAuth`). */
  usages: string[];
  sans: string[];
  requiredSans: string[];
}

export interface PkiKubeconfig {
  id: string;
  /** Relative to the kubeconfig directory. */
  file: string;
  since: string | null;
  signer: string;
  cn: VersionedValue[];
  o: VersionedValue[];
  /** An absolute path the kubeconfig names instead of embedding its client certificate. */
  clientCertificate: string | null;
}

export interface PkiKeyPair {
  id: string;
  private: string;
  public: string;
}

export interface PkiSelfSigned {
  component: ComponentId;
  dirFlag: string;
  file: string;
  key: string;
  unless: string | null;
  rotated: { file: string; signer: string } | null;
}

export interface PkiFacts {
  certificatesDir: string;
  kubeconfigDir: string;
  expiryWarningDays: number;
  systemTrustStores: string[];
  authorities: PkiAuthority[];
  certificates: PkiCertificate[];
  kubeconfigs: PkiKubeconfig[];
  keyPairs: PkiKeyPair[];
  selfSigned: PkiSelfSigned[];
}

export function emptyPkiFacts(): PkiFacts {
  return {
    certificatesDir: '/etc/kubernetes/pki',
    kubeconfigDir: '/etc/kubernetes',
    expiryWarningDays: 30,
    systemTrustStores: [],
    authorities: [],
    certificates: [],
    kubeconfigs: [],
    keyPairs: [],
    selfSigned: [],
  };
}

/** The names the SAN checks know (content/pki.yaml `requiredSans`). */
export const SAN_RULES = [
  'advertise-address',
  'first-service-ip',
  'service-names',
  'control-plane-endpoint',
  'advertise-client-urls',
  'advertise-peer-urls',
  'etcd-servers',
] as const;
export type SanRule = (typeof SAN_RULES)[number];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The value of a versioned subject attribute at a kubeadm version (null: the newest). */
export function valueAt(values: readonly VersionedValue[], version: string | null): string | null {
  const minor = version ? minorOf(version) : null;
  for (const v of values) {
    if (minor === null) {
      if (v.until === null) return v.value;
      continue;
    }
    if (v.from && compareVersions(minor, v.from) < 0) continue;
    if (v.until && compareVersions(minor, v.until) > 0) continue;
    return v.value;
  }
  return null;
}

/** Parse content/pki.yaml; every problem is added to `problems`, and what can be read is kept. */
export function readPkiFacts(text: string, problems: ContentProblem[]): PkiFacts {
  const out = emptyPkiFacts();
  const problem = (entry: string, message: string) => problems.push({ source: PKI_FILE, entry, message });
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    problem('', `not valid YAML: ${(e as Error).message}`);
    return out;
  }
  if (!isRecord(raw)) {
    problem('', 'the file must hold a map');
    return out;
  }
  out.certificatesDir = str(raw.certificatesDir) ?? out.certificatesDir;
  out.kubeconfigDir = str(raw.kubeconfigDir) ?? out.kubeconfigDir;
  if (typeof raw.expiryWarningDays === 'number') out.expiryWarningDays = raw.expiryWarningDays;
  out.systemTrustStores = strings(raw.systemTrustStores);

  const versioned = (entry: string, v: unknown): VersionedValue[] => {
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [{ from: null, until: null, value: v }];
    if (!Array.isArray(v)) {
      problem(entry, 'cn / o must be a string or a list of { from, until, value }');
      return [];
    }
    return v.flatMap((x): VersionedValue[] => {
      if (!isRecord(x) || typeof x.value !== 'string') {
        problem(entry, 'a versioned value needs a string "value"');
        return [];
      }
      return [{ from: str(x.from), until: str(x.until), value: x.value }];
    });
  };
  const map = (key: string): [string, Record<string, unknown>][] => {
    const m = raw[key];
    if (m === undefined) return [];
    if (!isRecord(m)) {
      problem(key, 'must be a map');
      return [];
    }
    return Object.entries(m).flatMap(([id, v]): [string, Record<string, unknown>][] => {
      if (isRecord(v)) return [[id, v]];
      problem(`${key}.${id}`, 'must be a map');
      return [];
    });
  };
  const need = (entry: string, v: Record<string, unknown>, key: string): string => {
    const s = str(v[key]);
    if (s === null) problem(entry, `"${key}" is required`);
    return s ?? '';
  };

  for (const [id, v] of map('authorities'))
    out.authorities.push({
      id,
      file: need(id, v, 'file'),
      key: need(id, v, 'key'),
      cn: need(id, v, 'cn'),
    });
  const authorityIds = new Set(out.authorities.map((a) => a.id));
  const signer = (entry: string, v: Record<string, unknown>) => {
    const s = need(entry, v, 'signer');
    if (s && !authorityIds.has(s)) problem(entry, `signer "${s}" is not an authority`);
    return s;
  };
  for (const [id, v] of map('certificates')) {
    const requiredSans = strings(v.requiredSans);
    for (const r of requiredSans)
      if (!(SAN_RULES as readonly string[]).includes(r)) problem(id, `requiredSans: unknown rule "${r}"`);
    out.certificates.push({
      id,
      file: need(id, v, 'file'),
      key: need(id, v, 'key'),
      signer: signer(id, v),
      cn: versioned(id, v.cn),
      o: versioned(id, v.o),
      usages: strings(v.usages),
      sans: strings(v.sans),
      requiredSans,
    });
  }
  for (const [id, v] of map('kubeconfigs'))
    out.kubeconfigs.push({
      id,
      file: need(id, v, 'file'),
      since: str(v.since),
      signer: signer(id, v),
      cn: versioned(id, v.cn),
      o: versioned(id, v.o),
      clientCertificate: str(v.clientCertificate),
    });
  for (const [id, v] of map('keyPairs'))
    out.keyPairs.push({ id, private: need(id, v, 'private'), public: need(id, v, 'public') });
  for (const [id, v] of map('selfSigned')) {
    if (!(COMPONENT_IDS as readonly string[]).includes(id)) {
      problem(`selfSigned.${id}`, 'not a component');
      continue;
    }
    const rotated = isRecord(v.rotated) ? { file: need(id, v.rotated, 'file'), signer: signer(id, v.rotated) } : null;
    out.selfSigned.push({
      component: id as ComponentId,
      dirFlag: need(id, v, 'dirFlag'),
      file: need(id, v, 'file'),
      key: need(id, v, 'key'),
      unless: str(v.unless),
      rotated,
    });
  }
  return out;
}
