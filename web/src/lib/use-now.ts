import { useEffect, useState } from 'react';

/**
 * The current time as render input. Reading the clock during render makes a component impure
 * (two renders of the same props disagree), so the time is state, taken when the component mounts
 * and refreshed every `refreshMs`: expiry badges and "last seen" labels stay right on a page left
 * open, and tests control it through the faked `Date` of their setup.
 */
export function useNow(refreshMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return now;
}
