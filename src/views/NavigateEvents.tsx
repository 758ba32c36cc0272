/** Navigates inside the app when a part outside React's tree (the editor's hover links) asks to (NAVIGATE_EVENT). */
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { NAVIGATE_EVENT } from '../state/selection';

export function NavigateEvents(): null {
  const navigate = useNavigate();
  useEffect(() => {
    const on = (e: Event) => {
      const to = (e as CustomEvent<unknown>).detail;
      if (typeof to === 'string' && to.startsWith('/')) void navigate(to);
    };
    window.addEventListener(NAVIGATE_EVENT, on);
    return () => window.removeEventListener(NAVIGATE_EVENT, on);
  }, [navigate]);
  return null;
}
