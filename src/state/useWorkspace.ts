/**
 * React glue for the workspace: restore from localStorage (or load the sample on a first visit),
 * autosave every change, and run the analysis worker on the latest text.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PresentedAnalysis } from '../present/analysis';
import { AnalysisClient } from '../worker/client';
import { loadSampleFiles } from '../workspace/sample';
import {
  deserializeWorkspace,
  serializeWorkspace,
  STORAGE_BACKUP_KEY,
  STORAGE_KEY,
  type WorkspaceState,
} from '../workspace/workspace';
import { language, t } from '../i18n';

export interface WorkspaceHandle {
  state: WorkspaceState | null;
  analysis: PresentedAnalysis | null;
  analysisMillis: number | null;
  analysing: boolean;
  notice: string | null;
  update: (fn: (s: WorkspaceState) => WorkspaceState) => void;
  dismissNotice: () => void;
  loadSample: () => Promise<void>;
}

const SAVE_DELAY_MS = 300;

/** Write the workspace to localStorage; the error message when the browser refuses (quota, private mode). */
function saveWorkspace(state: WorkspaceState): string | null {
  try {
    localStorage.setItem(STORAGE_KEY, serializeWorkspace(state));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** How long an analysis may take before the status line says so. */
const ANALYSING_NOTICE_MS = 300;

export function useWorkspace(): WorkspaceHandle {
  const [state, setState] = useState<WorkspaceState | null>(null);
  const [analysis, setAnalysis] = useState<PresentedAnalysis | null>(null);
  const [analysisMillis, setMillis] = useState<number | null>(null);
  const [analysing, setAnalysing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const client = useRef<AnalysisClient | null>(null);
  const pendingNotice = useRef<ReturnType<typeof setTimeout> | null>(null);

  // restore or load the sample
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      let restored: WorkspaceState | null = null;
      const saved = localStorage.getItem(STORAGE_KEY);
      if (saved !== null) {
        try {
          restored = deserializeWorkspace(saved);
        } catch (e) {
          localStorage.setItem(STORAGE_BACKUP_KEY, saved); // never lose what the user had
          setNotice(t('workspace.restoreFailed', { error: (e as Error).message, key: STORAGE_BACKUP_KEY }));
        }
      }
      if (!restored) {
        const files = await loadSampleFiles();
        restored = { files, activeFileId: files[0]?.id ?? null };
      }
      if (!cancelled) setState(restored);
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  // the analysis worker
  useEffect(() => {
    client.current = new AnalysisClient(
      (a, ms) => {
        setAnalysis(a);
        setMillis(ms);
        if (pendingNotice.current) clearTimeout(pendingNotice.current);
        setAnalysing(false);
      },
      (message) => {
        if (pendingNotice.current) clearTimeout(pendingNotice.current);
        setAnalysing(false);
        setNotice(message);
      },
    );
    return () => client.current?.dispose();
  }, []);

  // autosave
  const latest = useRef(state);
  latest.current = state;
  useEffect(() => {
    if (!state) return;
    const timer = setTimeout(() => {
      const error = saveWorkspace(state);
      if (error) setNotice(t('workspace.saveFailed', { error }));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // analyse the latest files (only text changes matter, not the active tab)
  const files = state?.files;
  useEffect(() => {
    if (!files) return;
    // No delay: the worker reuses what did not change, and a newer request supersedes a running one.
    // "Analysing…" only when a result takes long enough to be noticed (a large paste), not on every keystroke.
    client.current?.analyse(files, language());
    const timer = setTimeout(() => setAnalysing(true), ANALYSING_NOTICE_MS);
    pendingNotice.current = timer;
    return () => clearTimeout(timer);
  }, [files]);

  // save immediately when the page is hidden or closed (a failure is reported by the autosave)
  useEffect(() => {
    const flush = () => {
      if (latest.current) saveWorkspace(latest.current);
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  const update = useCallback((fn: (s: WorkspaceState) => WorkspaceState) => setState((s) => (s ? fn(s) : s)), []);
  const loadSample = useCallback(async () => {
    const sample = await loadSampleFiles();
    setState({ files: sample, activeFileId: sample[0]?.id ?? null });
  }, []);
  return {
    state,
    analysis,
    analysisMillis,
    analysing,
    notice,
    update,
    dismissNotice: () => setNotice(null),
    loadSample,
  };
}
