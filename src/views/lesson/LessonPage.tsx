/**
 * The guided lesson (/lesson/:step): "Anatomy of a kubeadm control plane", a walk over the kubeadm sample in steps.
 * Each step's words beside what it shows: lines of a sample file in a read-only editor, or nodes of the sample's
 * trust or component graph drawn emphasised. ← and → move between steps; where the reader stopped and which steps
 * they saw are kept in this browser (localStorage). The sample is analysed here, on its own: the user's workspace is
 * neither read nor changed.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { language, t } from '../../i18n';
import { pageKnowledge } from '../../state/knowledge';
import { browserContentReader } from '../../knowledge/browserReader';
import { loadLesson, resolveLines, resolveNodes, type Lesson, type LessonStep } from '../../present/lesson';
import { loadSampleFiles } from '../../workspace/sample';
import { analyseWorkspace } from '../../pipeline';
import { layoutTrust } from '../../graphs/trust/layout';
import { componentGraph } from '../../graphs/network/componentGraph';
import type { Scene } from '../../graphs/scene';
import type { WorkspaceFile } from '../../model/types';
import { GraphView } from '../graph/GraphView';
import { Markdown } from '../Markdown';
import { LessonEditor } from './LessonEditor';

const LESSON = 'kubeadm-anatomy';
const PROGRESS_KEY = 'kx-lesson-progress';

interface Progress {
  step: string | null;
  visited: string[];
}

function readProgress(id: string): Progress {
  try {
    const all = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}') as Record<string, Partial<Progress>>;
    const p = all[id];
    return {
      step: typeof p?.step === 'string' ? p.step : null,
      visited: Array.isArray(p?.visited) ? p.visited.filter((v) => typeof v === 'string') : [],
    };
  } catch {
    return { step: null, visited: [] };
  }
}

function writeProgress(id: string, progress: Progress): void {
  try {
    const all = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}') as Record<string, Progress>;
    all[id] = progress;
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(all));
  } catch {
    // storage full or blocked: the lesson still works, it only forgets where the reader was
  }
}

/** What a step shows, from the sample's analysis (it comes after the lesson's words). */
interface Sample {
  files: WorkspaceFile[];
  scenes: Record<'trust' | 'components', Scene | null>;
}

interface Loaded {
  lesson: Lesson;
  sample: Promise<Sample>;
}

async function analyseSample(lang: string, id: string): Promise<Sample> {
  const kb = await pageKnowledge(lang);
  const files = id ? await loadSampleFiles(id) : [];
  const analysis = await analyseWorkspace(files, kb, {});
  const names = new Map(files.map((f) => [f.id as string, f.name]));
  return {
    files,
    scenes: {
      trust: analysis.trust ? layoutTrust(analysis.trust).scene : null,
      components: analysis.network
        ? componentGraph({ model: analysis.network, fileName: (id) => names.get(id) ?? id }).scene
        : null,
    },
  };
}

async function load(lang: string): Promise<Loaded> {
  const lesson = await loadLesson(browserContentReader(), LESSON, lang);
  return { lesson, sample: analyseSample(lang, lesson.sample) };
}

/** Keys typed into a field or the editor are not lesson navigation. */
function typing(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null;
  return Boolean(el?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor'));
}

function StepShow({ step, loaded }: { step: LessonStep; loaded: Sample }) {
  const { show } = step;
  const file = show.kind === 'file' ? loaded.files.find((f) => f.name.endsWith(`/${show.file}`)) : undefined;
  const lines = useMemo(() => (show.kind === 'file' && file ? resolveLines(show.lines, file.text) : []), [show, file]);
  const scene = show.kind === 'graph' ? loaded.scenes[show.graph] : null;
  const nodes = useMemo(
    () => (show.kind === 'graph' && scene ? resolveNodes(show.nodes, scene.nodes) : []),
    [show, scene],
  );
  const lineNumbers = useMemo(() => lines.flatMap((l) => (l.line === null ? [] : [l.line])), [lines]);
  const [focus, setFocus] = useState<{ line: number; seq: number } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const emphasised = useMemo(() => {
    if (!scene) return null;
    const ids = new Set(nodes.flatMap((n) => n.ids));
    for (const e of scene.edges) if (ids.has(e.from) && ids.has(e.to)) ids.add(e.id);
    return ids;
  }, [scene, nodes]);

  const missing = [
    ...(show.kind === 'file' && !file ? [show.file] : []),
    ...lines.filter((l) => l.line === null).map((l) => `"${l.text}"`),
    ...(show.kind === 'graph' && !scene ? [show.graph] : []),
    ...nodes.filter((n) => n.ids.length === 0).map((n) => n.label),
  ];
  return (
    <section className="kx-lesson-show" data-testid="lesson-show" data-kind={show.kind}>
      {missing.length > 0 && (
        <p className="kx-warning" role="status">
          {t('lesson.missing', { what: missing.join(', ') })}
        </p>
      )}
      {show.kind === 'file' && file && (
        <>
          <p className="kx-muted">{t('lesson.fileShown', { file: file.name })}</p>
          <ul className="kx-lesson-lines" data-testid="lesson-lines">
            {lines.map((l) =>
              l.line === null ? null : (
                <li key={l.text}>
                  <button onClick={() => setFocus({ line: l.line!, seq: (focus?.seq ?? 0) + 1 })}>
                    <span className="kx-muted">{l.line}</span> <code>{l.text}</code>
                  </button>
                </li>
              ),
            )}
          </ul>
          <LessonEditor name={file.name} text={file.text} lines={lineNumbers} focus={focus} />
        </>
      )}
      {show.kind === 'graph' && scene && (
        <>
          <p className="kx-muted">{t(`lesson.graphShown.${show.graph}`)}</p>
          <div className="kx-lesson-graph" data-nodes={nodes.flatMap((n) => n.ids).join(' ')}>
            <GraphView
              scene={scene}
              selected={selected}
              emphasised={emphasised}
              onSelect={(s) => setSelected(s && 'node' in s ? s.node : null)}
              exportName={`lesson-${step.id}`}
              testId="lesson-graph"
            />
          </div>
        </>
      )}
    </section>
  );
}

export default function LessonPage() {
  const { step: stepParam } = useParams();
  const navigate = useNavigate();
  const lang = language();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [sample, setSample] = useState<Sample | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress>(() => readProgress(LESSON));

  useEffect(() => {
    let live = true;
    setLoaded(null);
    setSample(null);
    const fail = (e: unknown) => live && setError(e instanceof Error ? e.message : String(e));
    load(lang)
      .then((l) => {
        if (!live) return;
        setLoaded(l);
        l.sample.then((s) => live && setSample(s)).catch(fail);
      })
      .catch(fail);
    return () => {
      live = false;
    };
  }, [lang]);

  const steps = useMemo(() => loaded?.lesson.steps ?? [], [loaded]);
  // the step of the address, else where the reader stopped, else the first
  const index = Math.max(
    0,
    steps.findIndex((s) => s.id === (stepParam ?? progress.step)),
  );
  const step = steps[index];

  // the address always names the step shown (a bare /lesson, or an unknown step, is rewritten)
  useEffect(() => {
    if (step && stepParam !== step.id) void navigate(`/lesson/${step.id}`, { replace: true });
  }, [step, stepParam, navigate]);

  // remember the step shown and that it was seen
  useEffect(() => {
    if (!step) return;
    setProgress((p) => {
      if (p.step === step.id && p.visited.includes(step.id)) return p;
      const next = { step: step.id, visited: p.visited.includes(step.id) ? p.visited : [...p.visited, step.id] };
      writeProgress(LESSON, next);
      return next;
    });
  }, [step]);

  const go = useCallback(
    (i: number) => {
      const target = steps[Math.min(Math.max(i, 0), steps.length - 1)];
      if (target) void navigate(`/lesson/${target.id}`, { replace: true });
    },
    [steps, navigate],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      if (e.key === 'ArrowRight') go(index + 1);
      else if (e.key === 'ArrowLeft') go(index - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index]);

  if (error) return <main className="kx-page kx-error">{error}</main>;
  if (!loaded) return <div className="kx-loading">{t('lesson.loading')}</div>;
  const { lesson } = loaded;
  const last = index === steps.length - 1;
  return (
    <main className="kx-page kx-lesson" data-testid="lesson-page">
      <h1>{lesson.title}</h1>
      <p className="kx-muted">{lesson.about}</p>
      {lesson.problems.length > 0 && (
        <ul className="kx-warning" data-testid="lesson-problems">
          {lesson.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="kx-lesson-main">
        <nav className="kx-lesson-steps" aria-label={t('lesson.steps')}>
          <ol>
            {steps.map((s, i) => (
              <li key={s.id} className={i === index ? 'kx-current' : undefined}>
                <Link
                  to={`/lesson/${s.id}`}
                  replace
                  aria-current={i === index ? 'step' : undefined}
                  data-testid="lesson-step-link"
                >
                  {s.title}
                </Link>
                {progress.visited.includes(s.id) && i !== index && (
                  <span className="kx-lesson-visited" title={t('lesson.visited')} aria-label={t('lesson.visited')}>
                    ✓
                  </span>
                )}
              </li>
            ))}
          </ol>
        </nav>
        {step && (
          <article className="kx-lesson-step" data-testid="lesson-step" data-step={step.id} lang={step.language}>
            <p className="kx-lesson-count" data-testid="lesson-count">
              {t('lesson.step', { n: index + 1, total: steps.length })}
            </p>
            <progress max={steps.length} value={index + 1} />
            <h2>{step.title}</h2>
            <Markdown text={step.body} />
            <div className="kx-lesson-nav">
              <button onClick={() => go(index - 1)} disabled={index === 0} data-testid="lesson-previous">
                ← {t('lesson.previous')}
              </button>
              {last ? (
                <button onClick={() => go(0)} data-testid="lesson-restart">
                  {t('lesson.restart')}
                </button>
              ) : (
                <button onClick={() => go(index + 1)} data-testid="lesson-next">
                  {t('lesson.next')} →
                </button>
              )}
              <span className="kx-muted">{t('lesson.keyboard')}</span>
            </div>
            {last && <p className="kx-lesson-done">{t('lesson.done')}</p>}
          </article>
        )}
        {step &&
          (sample ? (
            <StepShow key={step.id} step={step} loaded={sample} />
          ) : (
            <div className="kx-loading kx-lesson-show">{t('lesson.loading')}</div>
          ))}
      </div>
    </main>
  );
}
