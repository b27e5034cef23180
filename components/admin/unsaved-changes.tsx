"use client";

import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from "react";
import { adminTexts } from "@/lib/i18n/admin";
import { useT } from "@/lib/i18n/client";

/**
 * `leave`: asked before leaving the page (in-app links and other forms; the browser shows its own text on unload);
 * `dirty`: next to a form's submit button while it has unsaved edits; `othersDirty`: after one form is saved,
 * before the list of the sections still unsaved.
 */
type UnsavedTexts = (typeof adminTexts)["it"]["unsaved"];

type Registry = {
  texts: UnsavedTexts;
  /** Marks form `id` dirty (with the name of its section) or clean (null). */
  set: (id: string, label: string | null) => void;
  /** The sections with unsaved edits, except `exceptId`. */
  dirtyLabels: (exceptId?: string) => string[];
};

const UnsavedContext = createContext<Registry | null>(null);

/** Forms tracked by the guard carry this attribute: their own submit is not "leaving the page". */
export const TRACKED_ATTR = "data-unsaved-tracked";

function isLeavingClick(e: MouseEvent): HTMLAnchorElement | null {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null;
  const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
  if (!(a instanceof HTMLAnchorElement) || a.hasAttribute("download") || (a.target && a.target !== "_self")) return null;
  const to = new URL(a.href, window.location.href);
  const here = new URL(window.location.href);
  // A link to a spot on this page (the error summary's links to fields) leaves nothing.
  if (to.origin === here.origin && to.pathname === here.pathname && to.search === here.search && to.hash) return null;
  return a;
}

/**
 * Keeps track of the page's forms with unsaved edits and warns before they are lost: the browser's own
 * prompt on reload, close or a full navigation (beforeunload), and a confirmation on in-app links (Next
 * <Link> navigates without unloading, so beforeunload never fires) and on forms outside the tracked ones
 * (logout, language switch). Wraps the admin layout; ActionForm registers itself.
 */
export function UnsavedChangesGuard({ children }: { children: React.ReactNode }) {
  const texts = useT(adminTexts).unsaved;
  const dirty = useRef(new Map<string, string>());
  const set = useCallback((id: string, label: string | null) => {
    if (label === null) dirty.current.delete(id);
    else dirty.current.set(id, label);
  }, []);
  const dirtyLabels = useCallback((exceptId?: string) => [...new Set([...dirty.current].filter(([id]) => id !== exceptId).map(([, l]) => l))], []);
  const registry = useMemo(() => ({ texts, set, dirtyLabels }), [texts, set, dirtyLabels]);

  useEffect(() => {
    const confirmLeave = (): boolean => {
      if (dirty.current.size === 0) return true;
      if (!window.confirm(texts.leave)) return false;
      // The admin chose to drop the edits: do not ask again on the unload that may follow.
      dirty.current.clear();
      return true;
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current.size === 0) return;
      e.preventDefault();
      e.returnValue = "";
    };
    const onClick = (e: MouseEvent) => {
      if (dirty.current.size === 0 || !isLeavingClick(e)) return;
      if (!confirmLeave()) e.preventDefault();
    };
    const onSubmit = (e: SubmitEvent) => {
      const form = e.target;
      if (dirty.current.size === 0 || !(form instanceof HTMLFormElement) || form.hasAttribute(TRACKED_ATTR)) return;
      if (!confirmLeave()) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    document.addEventListener("submit", onSubmit, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
      document.removeEventListener("submit", onSubmit, true);
    };
  }, [texts.leave]);

  return <UnsavedContext.Provider value={registry}>{children}</UnsavedContext.Provider>;
}

/** What a form holds now, comparable with what it held when last loaded or saved. */
export function formSnapshot(form: HTMLFormElement, fd = new FormData(form)): string {
  const entries: [string, string][] = [];
  for (const [k, v] of fd.entries()) {
    if (k.startsWith("$ACTION")) continue;
    entries.push([k, typeof v === "string" ? v : `file:${v.name}:${v.size}`]);
  }
  return JSON.stringify(entries);
}

/** The heading of the form's section (what the admin calls it), else the page's. */
function sectionLabel(form: HTMLFormElement): string {
  const labelled = form.closest("section[aria-labelledby]")?.getAttribute("aria-labelledby");
  const heading = (labelled && document.getElementById(labelled)) || form.closest("section")?.querySelector("h2, h1") || document.querySelector("main h1");
  return heading?.textContent?.trim() || document.title;
}

/**
 * Dirty tracking for one uncontrolled form: compares what it holds with the values it was loaded or last
 * saved with. `saving(fd)` at submit, `saved()` when the server accepted it. Without a guard above, a no-op.
 */
export function useUnsavedForm(formRef: React.RefObject<HTMLFormElement | null>) {
  const registry = useContext(UnsavedContext);
  const id = useId();
  const baseline = useRef<string | null>(null);
  const inFlight = useRef<string | null>(null);
  const [isDirty, setIsDirty] = useState(false);

  const check = useCallback(() => {
    const form = formRef.current;
    if (!form || baseline.current === null) return;
    const d = formSnapshot(form) !== baseline.current;
    setIsDirty(d);
    registry?.set(id, d ? sectionLabel(form) : null);
  }, [formRef, registry, id]);

  useEffect(() => {
    if (formRef.current) baseline.current = formSnapshot(formRef.current);
    return () => registry?.set(id, null);
  }, [formRef, registry, id]);

  return {
    enabled: registry !== null,
    isDirty,
    texts: registry?.texts ?? null,
    check,
    saving: () => {
      if (formRef.current) inFlight.current = formSnapshot(formRef.current);
    },
    /** The submitted values are now the saved ones; anything typed while saving stays dirty. */
    saved: (opts: { reset?: boolean } = {}) => {
      const form = formRef.current;
      if (!form) return;
      baseline.current = opts.reset ? formSnapshot(form) : (inFlight.current ?? formSnapshot(form));
      check();
    },
    othersDirty: () => registry?.dirtyLabels(id) ?? [],
  };
}

/** For an editor whose state lives in React (the form builder): registers `dirty` under the section's name. */
export function useUnsavedFlag(dirty: boolean, label: string) {
  const registry = useContext(UnsavedContext);
  const id = useId();
  useEffect(() => {
    registry?.set(id, dirty ? label : null);
    return () => registry?.set(id, null);
  }, [registry, id, dirty, label]);
}
