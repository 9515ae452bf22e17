/** Reported to the control plane (`X-Gate-Version`, event self-report); keep in step with package.json. */
export const GATE_VERSION = '0.1.0';
