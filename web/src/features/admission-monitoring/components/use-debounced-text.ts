import { useEffect, useRef, useState } from 'react';

/** Local text state that reports to `commit` after `delay` ms of quiet (and re-syncs when `value` changes). */
export function useDebouncedText(value: string, commit: (text: string) => void, delay = 300) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  if (synced !== value) {
    setSynced(value);
    setText(value);
  }
  const commitRef = useRef(commit);
  useEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => commitRef.current(text), delay);
    return () => clearTimeout(timer);
  }, [text, value, delay]);
  return [text, setText] as const;
}
