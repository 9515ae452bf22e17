import { useActivateModal } from '@fluentui/react-tabster';
import { useEffect, useRef } from 'react';

/**
 * A ref for a DialogSurface that activates its focus trap once the dialog is open.
 *
 * Fluent focuses a dialog's first control in a mount effect. When React runs that effect in the
 * same task as the DOM commit (a discrete event, or act() in tests), the focus lands before
 * Tabster's MutationObserver has registered the new surface as a modal; the surface is then never
 * activated, and Tabster's next sweep marks it aria-hidden: a dialog that "opens hidden" to
 * assistive technology. Activating the surface explicitly (Tabster's API, run on the next tick,
 * after registration) makes the order irrelevant.
 */
export function useModalActivation<T extends HTMLElement = HTMLDivElement>(open: boolean) {
  const surface = useRef<T>(null);
  const activate = useActivateModal();
  useEffect(() => {
    if (open && surface.current) activate(surface.current);
  }, [open, activate]);
  return surface;
}
