/** The demo runner's configuration (the one place it reads process.env). */
export const demoEnv = {
  /** Portal/BFF port. */
  port: Number(process.env.PORT ?? 8080),
  gatePort: Number(process.env.GATE_PORT ?? 8443),
  adminPassword: process.env.GATED_ADMIN_PASSWORD,
  readerPassword: process.env.GATED_READER_PASSWORD,
  /** Mean demo admissions per second. */
  rate: Number(process.env.GATED_DEMO_RATE ?? 3),
};
