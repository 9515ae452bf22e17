/** Structured JSON logs (pino) on stdout; one logger per gate, children per component. */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export function createLogger(level: LevelWithSilent): Logger {
  return pino({ level, base: { service: 'gated-gate' }, timestamp: pino.stdTimeFunctions.isoTime });
}
