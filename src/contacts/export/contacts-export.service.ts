import { Injectable } from '@nestjs/common';
import Papa from 'papaparse';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import type { Language } from '../../shared/i18n/languages';
import { Translator } from '../../shared/i18n/translator';
import { ContactVisibilityService } from '../contacts/contact-visibility';
import { type ContactFilter, filterToQuery } from '../list/contact-filter';
import { ContactsListService } from '../list/contacts-list.service';
import { ContactsExportRepository } from './contacts-export.repository';
import { neutraliseFormula } from './csv-cell';
import { EXPORT_COLUMNS, EXPORT_GROUPS, type ExportFormat, type ExportGroup } from './export-columns';
import type { TextSink } from './text-sink';

/** Rows read per statement: large enough to be quick, small enough to stay light. */
export const EXPORT_BATCH_SIZE = 5000;

/** What French Excel opens right: semicolons, CRLF, a byte order mark that says UTF-8. */
const CSV_OPTIONS = { delimiter: ';', newline: '\r\n', quotes: false, escapeFormulae: false } as const;
const BYTE_ORDER_MARK = '\uFEFF';

export interface ExportRequest {
  filter: ContactFilter;
  groups: ExportGroup[];
  language: Language;
}

/**
 * The CSV export of a filtered list: written to the download as it is read, batch after
 * batch, every cell defused against formula injection, and written to the audit log with
 * the filter and the number of rows that left.
 */
@Injectable()
export class ContactsExportService {
  constructor(
    private readonly repository: ContactsExportRepository,
    private readonly list: ContactsListService,
    private readonly visibility: ContactVisibilityService,
    private readonly translator: Translator,
    private readonly audit: AuditService,
  ) {}

  count(actor: Actor, filter: ContactFilter): Promise<number> {
    return this.list.count(actor, filter);
  }

  async write(actor: Actor, request: ExportRequest, sink: TextSink, ip: string): Promise<number> {
    const groups = EXPORT_GROUPS.filter((group) => request.groups.includes(group));
    const columns = groups.flatMap((group) => EXPORT_COLUMNS[group].columns);
    const select = groups.flatMap((group) => EXPORT_COLUMNS[group].select);
    const format: ExportFormat = { t: this.translator.for(request.language), language: request.language };
    const visibility = await this.visibility.of(actor);
    let rows = 0;
    let complete = false;
    try {
      await sink.write(BYTE_ORDER_MARK + csvLines([columns.map((column) => format.t(column.header))]));
      let after: [string, string] | null = null;
      while (!sink.closed) {
        const batch = await this.repository.batch(
          actor.spaceId,
          request.filter,
          visibility,
          select,
          after,
          EXPORT_BATCH_SIZE,
        );
        if (batch.length > 0) {
          await sink.write(csvLines(batch.map((row) => columns.map((column) => column.value(row, format)))));
          rows += batch.length;
        }
        if (batch.length < EXPORT_BATCH_SIZE) {
          complete = !sink.closed;
          break;
        }
        const last = batch[batch.length - 1];
        after = [last.sortKey, last.id];
      }
    } finally {
      // Written even when the download broke off: what was sent has left the base.
      await this.audit.recordAct(actor, 'contacts.exported', { type: 'contacts', id: '-' }, ip, {
        filter: filterToQuery(request.filter),
        columns: groups,
        rows,
        complete,
      });
    }
    return rows;
  }
}

/** Lines of cells, each cell defused, quoted when it holds `;`, quotes or line breaks. */
function csvLines(rows: string[][]): string {
  return (
    Papa.unparse(
      rows.map((cells) => cells.map(neutraliseFormula)),
      CSV_OPTIONS,
    ) + CSV_OPTIONS.newline
  );
}
