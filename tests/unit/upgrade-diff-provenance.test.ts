/**
 * Provenance (issue 17): on the kubeadm sample every flag kubeadm writes is marked kubeadm, an added or changed flag
 * user, a removed kubeadm flag is listed as missing; a binary install is not judged.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { analyseWorkspace } from '../../src/pipeline';
import { effectiveConfiguration } from '../../src/effective/configuration';
import { provenanceOf } from '../../src/analysis/provenance';
import type { ComponentId, WorkspaceFile } from '../../src/model/types';
import { buildReport } from '../../src/export/report';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import { file, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();

function sampleFiles(id: string, edit: (name: string, text: string) => string = (_n, t) => t) {
  const dir = `content/examples/${id}`;
  const out: WorkspaceFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('README.md')) out.push(file(p, edit(e.name, readFileSync(p, 'utf8')), p));
    }
  };
  walk(dir);
  return out;
}

async function provenance(files: ReturnType<typeof sampleFiles>, component: ComponentId) {
  const analysis = await analyseWorkspace(files, kb);
  const docs = new Map(analysis.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  const instance = analysis.instances.find((i) => i.component === component);
  if (!instance) throw new Error(`no ${component}`);
  const e = effectiveConfiguration(instance, (id) => docs.get(id), kb);
  return { e, p: provenanceOf(e, kb) };
}

describe('provenance on the kubeadm v1.31 sample', () => {
  for (const component of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const) {
    it(`${component}: every flag kubeadm writes is kubeadm's, none missing`, async () => {
      const { e, p } = await provenance(sampleFiles('kubeadm-v1.31'), component);
      expect(p.kubeadmMade).toBe(true);
      const written = e.flags.filter((f) => f.source === 'set');
      expect(written.length).toBeGreaterThan(3);
      for (const f of written)
        if (f.kubeadm !== null) expect(p.flags.get(f.name), `--${f.name}=${f.value ?? ''}`).toBe('kubeadm');
      expect(p.missing).toEqual([]);
      // flags that run on their default have no provenance
      for (const f of e.flags.filter((x) => x.source === 'default')) expect(p.flags.get(f.name)).toBeNull();
    });
  }

  it('an added flag and a changed kubeadm value are the user; a removed kubeadm flag is missing', async () => {
    const files = sampleFiles('kubeadm-v1.31', (name, text) =>
      name === 'kube-apiserver.yaml'
        ? text
            .replace('    - --authorization-mode=Node,RBAC\n', '    - --profiling=false\n')
            .replace(
              '--enable-admission-plugins=NodeRestriction',
              '--enable-admission-plugins=NodeRestriction,AlwaysPullImages',
            )
        : text,
    );
    const { p } = await provenance(files, 'kube-apiserver');
    expect(p.kubeadmMade).toBe(true);
    expect(p.flags.get('profiling')).toBe('user');
    expect(p.flags.get('enable-admission-plugins')).toBe('user');
    expect(p.flags.get('etcd-servers')).toBe('kubeadm');
    expect(p.flags.get('advertise-address')).toBe('kubeadm');
    expect(p.missing).toEqual([{ flag: 'authorization-mode', kubeadm: 'Node,RBAC' }]);
  });
});

describe('not a kubeadm cluster', () => {
  it('the binary install sample is not judged', async () => {
    const { p } = await provenance(sampleFiles('binary-systemd'), 'kube-apiserver');
    expect(p.kubeadmMade).toBe(false);
    expect([...p.flags.values()].every((v) => v === null)).toBe(true);
    expect(p.missing).toEqual([]);
  });
});

describe('provenance in the analysis and the CLI JSON', () => {
  async function report(files: WorkspaceFile[]) {
    const analysis = await analyseWorkspace(files, kb);
    const presented = presentAnalysis(analysis, await loadMessageCatalogue(kb), files);
    return { analysis, report: buildReport(files, presented, { kb }) };
  }

  it('marks each written flag of the kubeadm sample kubeadm or user, on documents and components', async () => {
    const files = sampleFiles('kubeadm-v1.31', (name, text) =>
      name === 'kube-apiserver.yaml'
        ? text.replace('    - --authorization-mode=Node,RBAC\n', '    - --profiling=false\n')
        : text,
    );
    const { analysis, report: r } = await report(files);
    expect(analysis.provenance).toHaveLength(analysis.instances.length);
    const api = r.files
      .flatMap((f) => f.documents)
      .find((d) => d.component === 'kube-apiserver' && d.kind === 'static-pod');
    expect(api).toBeDefined();
    const byName = new Map(api!.flags.map((f) => [f.name, f.provenance]));
    expect(byName.get('profiling')).toBe('user');
    expect(byName.get('etcd-servers')).toBe('kubeadm');
    expect(byName.get('tls-cert-file')).toBe('kubeadm');
    // every flag the sample writes is judged
    expect(api!.flags.every((f) => f.provenance !== null)).toBe(true);
    const component = r.components?.find((c) => c.component === 'kube-apiserver');
    expect(component?.kubeadmMade).toBe(true);
    expect(component?.kubeadmMissing).toEqual([{ flag: 'authorization-mode', kubeadm: 'Node,RBAC' }]);
    expect(component?.flags.find((f) => f.name === 'profiling')?.provenance).toBe('user');
    expect(component?.flags.find((f) => f.name === 'secure-port')?.provenance).toBe('kubeadm');
    // defaults carry none
    expect(component?.flags.find((f) => f.name === 'anonymous-auth')?.provenance).toBeNull();
  });

  it('a binary install has provenance null everywhere and nothing missing', async () => {
    const { report: r } = await report(sampleFiles('binary-systemd'));
    const flags = r.files.flatMap((f) => f.documents.flatMap((d) => d.flags));
    expect(flags.length).toBeGreaterThan(10);
    expect(flags.every((f) => f.provenance === null)).toBe(true);
    for (const c of r.components ?? []) {
      expect(c.kubeadmMade).toBe(false);
      expect(c.kubeadmMissing).toEqual([]);
    }
  });
});
