/**
 * One workspace for every page: the workspace, the trust, network and audit pages read the same files and the same
 * analysis (one worker), and a page's "show in editor" opens the workspace on that span.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Span } from '../model/span';
import { selection } from './selection';
import { useWorkspace, type WorkspaceHandle } from './useWorkspace';

export interface WorkspaceContextValue extends WorkspaceHandle {
  /** Open the workspace on `at`: its file becomes the active tab, the editor scrolls to and selects the span. */
  revealSpan: (at: Span) => void;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const ws = useWorkspace();
  const navigate = useNavigate();
  const location = useLocation();
  const { update } = ws;
  const onWorkspace = location.pathname === '/';
  const revealSpan = useCallback(
    (at: Span) => {
      update((s) => ({ ...s, activeFileId: at.fileId }));
      selection.reveal(at);
      if (!onWorkspace) void navigate('/');
    },
    [update, navigate, onWorkspace],
  );
  // a share link opens on the page it was made on
  const { link } = ws;
  const navigatedFor = useRef(0);
  useEffect(() => {
    if (link?.status !== 'open' || navigatedFor.current === link.id) return;
    navigatedFor.current = link.id;
    if (link.view !== location.pathname) void navigate(link.view);
  }, [link, location.pathname, navigate]);
  const value = useMemo(() => ({ ...ws, revealSpan }), [ws, revealSpan]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspaceContext(): WorkspaceContextValue {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error('useWorkspaceContext outside WorkspaceProvider');
  return ws;
}
