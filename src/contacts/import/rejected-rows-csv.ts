import type { Response } from 'express';
import Papa from 'papaparse';
import type { Actor } from '../../shared/auth/request-context';
import { neutraliseFormula } from '../export/csv-cell';
import { responseSink } from '../export/text-sink';
import type { ContactImport } from './contact-import.entity';
import type { ContactImportService } from './contact-import.service';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The rejected rows as a CSV the organiser can fix and import again: the line each came
 * from and what is wrong with it, then the file's own cells as they were (first, so that
 * a row with too many or too few cells cannot push them out of their column). UTF-8 with
 * a BOM and `;`, as French Excel expects; no cell can run as a formula. A new import
 * ignores the two added columns, whose headers it does not know.
 */
export async function streamRejectedRows(
  imports: ContactImportService,
  actor: Actor,
  contactImport: ContactImport,
  res: Response,
  ip: string,
): Promise<void> {
  const translate = res.locals.translate as Translate;
  const headerOf = (field: string | null | undefined) => {
    const entry = Object.entries(contactImport.mapping ?? {}).find(([, chosen]) => chosen === field);
    return entry ? contactImport.headers[Number(entry[0])] : '';
  };
  const line = (cells: string[]) =>
    Papa.unparse([cells.map(neutraliseFormula)], { delimiter: ';', newline: '\r\n' }) + '\r\n';
  const fileName = `${contactImport.fileName.replace(/\.csv$/i, '')}-${translate('contacts:import.rejectedFileSuffix')}.csv`;
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  const sink = responseSink(res);
  await imports.recordRejectedDownload(actor, contactImport, ip);
  await sink.write(
    '\ufeff' +
      line([
        translate('contacts:import.lineColumn'),
        translate('contacts:import.problemsColumn'),
        ...contactImport.headers,
      ]),
  );
  for await (const rows of imports.rejectedRows(actor, contactImport)) {
    if (sink.closed) break;
    const text = rows
      .map((row) => {
        const problems = row.problems.map((problem) =>
          translate(`contacts:import.problems.${problem.key}`, { ...problem.values, column: headerOf(problem.field) }),
        );
        return line([String(row.line), problems.join(' ; '), ...(row.raw ?? [])]);
      })
      .join('');
    await sink.write(text);
  }
  res.end();
}
