// The fake of /catalogues: imports are read with the same shared parsers as the BFF, so a file the
// BFF refuses is refused here with the same problem.
import {
  CatalogueListSchema,
  CatalogueSummarySchema,
  InputError,
  parseEpssCatalogue,
  parseKevCatalogue,
  type CatalogueKind,
  type CatalogueSummary,
} from '@gated/shared';
import { http } from 'msw';
import { db } from './mock-db';
import { problem, requireSession, requireWriter, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;

const TITLES: Record<CatalogueKind, string> = {
  kev: 'CISA Known Exploited Vulnerabilities',
  epss: 'FIRST EPSS',
};

function read(kind: CatalogueKind, text: string) {
  if (kind === 'kev') {
    const kev = parseKevCatalogue(text);
    return { version: kev.version, publishedAt: kev.publishedAt, entries: kev.cves.length };
  }
  const epss = parseEpssCatalogue(text);
  return { version: epss.version, publishedAt: epss.publishedAt, entries: epss.scores.size };
}

const importHandler = (kind: CatalogueKind) =>
  http.put(api(`/catalogues/${kind}`), async ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    let stamp;
    try {
      stamp = read(kind, await request.text());
    } catch (e) {
      if (e instanceof InputError) return problem(400, e.message, e.errors);
      throw e;
    }
    const summary: CatalogueSummary = {
      kind,
      title: TITLES[kind],
      ...stamp,
      importedAt: new Date().toISOString(),
      importedBy: w.session.username,
    };
    db.catalogues = [...db.catalogues.filter((c) => c.kind !== kind), summary].sort((a, b) =>
      a.kind.localeCompare(b.kind),
    );
    return respond(CatalogueSummarySchema, summary);
  });

export const catalogueHandlers = [
  http.get(api('/catalogues'), () => {
    const s = requireSession();
    if ('error' in s) return s.error;
    return respond(CatalogueListSchema, { items: db.catalogues });
  }),
  importHandler('kev'),
  importHandler('epss'),
];
